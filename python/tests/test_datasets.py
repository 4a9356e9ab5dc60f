"""spike.datasets: IDX files read back (plain and gzip, every type code),
truncated, padded, corrupt and missing files rejected with the file named,
Fashion-MNIST loaded from a folder of IDX files, and the real test labels
when the Debian package is installed."""

import gzip
import os

import numpy as np
import pytest

from spike import datasets
from spike.datasets import IDXError, load_fashion_mnist, read_idx


def idx_bytes(array, code=None):
    """``array`` in the IDX format (type code from its dtype unless given)."""
    array = np.asarray(array)
    if code is None:
        code = {v.str.lstrip("<>|="): k for k, v in datasets.IDX_TYPES.items()}[
            array.dtype.newbyteorder(">").str.lstrip("<>|=")]
    big = array.astype(datasets.IDX_TYPES[code])
    header = bytes([0, 0, code, array.ndim]) + np.asarray(array.shape, ">u4").tobytes()
    return header + big.tobytes()


def write(path, data, compress=False):
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_reads_ubyte_images(tmp_path, compress):
    images = np.random.default_rng(0).integers(0, 256, (5, 4, 3), dtype=np.uint8)
    path = write(tmp_path / "images-idx3-ubyte", idx_bytes(images), compress)
    got = read_idx(path)
    assert got.dtype == np.uint8 and got.shape == (5, 4, 3)
    np.testing.assert_array_equal(got, images)


@pytest.mark.parametrize("dtype", ["i1", ">i2", ">i4", ">f4", ">f8"])
def test_reads_every_type_in_native_order(tmp_path, dtype):
    values = (np.arange(12).reshape(3, 4) - 5).astype(dtype)
    got = read_idx(write(tmp_path / "values.idx", idx_bytes(values)))
    assert got.dtype.isnative and got.dtype == np.dtype(dtype).newbyteorder("=")
    np.testing.assert_array_equal(got, values)


def test_truncated_data_named(tmp_path):
    data = idx_bytes(np.zeros((4, 2, 2), np.uint8))
    path = write(tmp_path / "short-idx3-ubyte", data[:-3])
    with pytest.raises(IDXError, match=r"short-idx3-ubyte: truncated.*shape \(4, 2, 2\), "
                                       r"uint8\) says 32 bytes.*holds 29"):
        read_idx(path)


def test_trailing_bytes_rejected(tmp_path):
    path = write(tmp_path / "long", idx_bytes(np.zeros(3, np.uint8)) + b"\0")
    with pytest.raises(IDXError, match="long: trailing bytes"):
        read_idx(path)


def test_truncated_header(tmp_path):
    path = write(tmp_path / "header", bytes([0, 0, 8, 3]) + b"\0\0\0\1")
    with pytest.raises(IDXError, match="header: truncated header"):
        read_idx(path)
    with pytest.raises(IDXError, match="too short"):
        read_idx(write(tmp_path / "tiny", b"\0\0"))


def test_wrong_magic(tmp_path):
    data = bytearray(idx_bytes(np.zeros(3, np.uint8)))
    data[0] = 0x42
    with pytest.raises(IDXError, match=r"bad-magic: bad magic number 0x42000801"):
        read_idx(write(tmp_path / "bad-magic", bytes(data)))
    data[0] = 0
    data[2] = 0x07
    with pytest.raises(IDXError, match="unknown IDX type code 0x07"):
        read_idx(write(tmp_path / "bad-type", bytes(data)))


def test_truncated_gzip(tmp_path):
    data = gzip.compress(idx_bytes(np.zeros((100, 28, 28), np.uint8)))
    path = write(tmp_path / "cut.gz", data[:len(data) // 2])
    with pytest.raises(IDXError, match=r"cut.gz: corrupt or truncated gzip"):
        read_idx(path)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing-here: no such file"):
        read_idx(tmp_path / "nothing-here")


def fake_fashion_mnist(root, split, count, compress=True, labels=None):
    rng = np.random.default_rng(1)
    prefix = "train" if split == "train" else "t10k"
    images = rng.integers(0, 256, (count, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, count, dtype=np.uint8) if labels is None else labels
    suffix = ".gz" if compress else ""
    write(root / f"{prefix}-images-idx3-ubyte{suffix}", idx_bytes(images), compress)
    write(root / f"{prefix}-labels-idx1-ubyte{suffix}", idx_bytes(labels), compress)
    return images, labels


@pytest.mark.parametrize("compress", [True, False], ids=["gzip", "plain"])
def test_load_fashion_mnist_layout(tmp_path, compress, monkeypatch):
    monkeypatch.setitem(datasets._FASHION_MNIST_FILES, "test",
                        ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 7))
    raw, labels = fake_fashion_mnist(tmp_path, "test", 7, compress)
    x, y = load_fashion_mnist("test", root=tmp_path)
    assert x.dtype == np.float32 and x.shape == (7, 1, 28, 28)
    assert y.dtype == np.int64 and y.shape == (7,)
    np.testing.assert_array_equal(x[:, 0], raw.astype(np.float32) / 255)
    np.testing.assert_array_equal(y, labels)
    assert 0.0 <= x.min() and x.max() <= 1.0


def test_load_fashion_mnist_checks_counts(tmp_path):
    fake_fashion_mnist(tmp_path, "test", 7)
    with pytest.raises(IDXError, match=r"t10k-images-idx3-ubyte.gz: expected uint8 images "
                                       r"of shape \(10000, 28, 28\)"):
        load_fashion_mnist("test", root=tmp_path)


def test_load_fashion_mnist_missing_names_package(tmp_path):
    with pytest.raises(FileNotFoundError) as error:
        load_fashion_mnist("train", root=tmp_path)
    message = str(error.value)
    assert os.path.join(str(tmp_path), "train-images-idx3-ubyte.gz") in message
    assert "dataset-fashion-mnist" in message
    with pytest.raises(ValueError, match="split must be"):
        load_fashion_mnist("validation", root=tmp_path)


def test_real_fashion_mnist_test_labels():
    path = os.path.join(datasets.FASHION_MNIST_ROOT, "t10k-labels-idx1-ubyte.gz")
    if not os.path.isfile(path):
        pytest.skip(f"{path} not installed (Debian package dataset-fashion-mnist)")
    labels = read_idx(path)
    assert labels.dtype == np.uint8 and labels.shape == (10000,)
    # The test set is balanced: 1000 images of each class.
    np.testing.assert_array_equal(np.bincount(labels, minlength=10), np.full(10, 1000))


def test_digits_split_matches_the_bundled_one():
    pytest.importorskip("sklearn")
    bundled = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "digits",
                           "test_split.npz")
    x, y = datasets.load_digits_split("test")
    assert x.dtype == np.float32 and x.shape == (450, 1, 8, 8) and y.dtype == np.int64
    train_x, train_y = datasets.load_digits_split("train")
    assert train_x.shape == (1347, 1, 8, 8) and len(train_y) == 1347
    if os.path.isfile(bundled):
        split = np.load(bundled)
        np.testing.assert_array_equal(x, split["images"])
        np.testing.assert_array_equal(y, split["labels"])
