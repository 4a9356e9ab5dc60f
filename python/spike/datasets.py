"""Image data sets of the examples: a reader of the IDX format (the files of
MNIST and Fashion-MNIST, gzip-compressed or not), Fashion-MNIST from the
Debian package ``dataset-fashion-mnist``, and the test split of
scikit-learn's digits that examples/digits/train.py uses.

    from spike import datasets
    images, labels = datasets.load_fashion_mnist("test")  # [10000, 1, 28, 28] float32, int64
    images, labels = datasets.load_digits_split("test")   # [450, 1, 8, 8] float32, int64

IDX (http://yann.lecun.com/exdb/mnist/): a 4-byte magic number (two zero
bytes, a type code, the number of dimensions), one big-endian uint32 per
dimension, then the values in C order, big-endian.
"""

import gzip
import os

import numpy as np

FASHION_MNIST_ROOT = "/usr/share/datasets/fashion-mnist"
FASHION_MNIST_PACKAGE = "dataset-fashion-mnist"
FASHION_MNIST_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                         "Shirt", "Sneaker", "Bag", "Ankle boot")
_FASHION_MNIST_FILES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 60000),
                        "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 10000)}

# IDX type code -> big-endian NumPy dtype.
IDX_TYPES = {0x08: np.dtype("u1"), 0x09: np.dtype("i1"), 0x0B: np.dtype(">i2"),
             0x0C: np.dtype(">i4"), 0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}
_GZIP_MAGIC = b"\x1f\x8b"


class IDXError(ValueError):
    """A file that is not a well-formed IDX file (the message names it)."""


def _read_bytes(path):
    """The file's bytes, decompressed when it is gzip data (whatever its name)."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: no such file") from None
    if raw[:2] != _GZIP_MAGIC:
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, gzip.BadGzipFile) as error:
        raise IDXError(f"{path}: corrupt or truncated gzip data ({error})") from None


def parse_idx(data, name="<bytes>"):
    """The array held by IDX bytes ``data`` (native byte order); ``name`` is
    used in error messages."""
    if len(data) < 4:
        raise IDXError(f"{name}: {len(data)} bytes, too short for an IDX header")
    if data[0] != 0 or data[1] != 0:
        raise IDXError(f"{name}: bad magic number 0x{data[:4].hex()} "
                       "(an IDX file starts with two zero bytes)")
    code, ndim = data[2], data[3]
    if code not in IDX_TYPES:
        raise IDXError(f"{name}: unknown IDX type code 0x{code:02x} "
                       f"(known: {', '.join(f'0x{c:02x}' for c in IDX_TYPES)})")
    if ndim == 0:
        raise IDXError(f"{name}: IDX header with 0 dimensions")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IDXError(f"{name}: truncated header ({len(data)} bytes, "
                       f"{ndim} dimensions need {header})")
    shape = tuple(int(d) for d in np.frombuffer(data, ">u4", ndim, 4))
    dtype = IDX_TYPES[code]
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) != expected:
        what = "truncated" if len(data) < expected else "trailing bytes"
        raise IDXError(f"{name}: {what}: its header (shape {shape}, {dtype.name}) says "
                       f"{expected} bytes, the file holds {len(data)}")
    values = np.frombuffer(data, dtype, offset=header).reshape(shape)
    return values.astype(dtype.newbyteorder("="))


def read_idx(path):
    """The array in the IDX file ``path`` (gzip-compressed or not), in native
    byte order. Raises FileNotFoundError for a missing file and IDXError for
    one that is not a complete IDX file."""
    path = os.fspath(path)
    return parse_idx(_read_bytes(path), path)


def _find(root, name):
    """root/name.gz or root/name; a FileNotFoundError naming the package otherwise."""
    for candidate in (os.path.join(root, name + ".gz"), os.path.join(root, name)):
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError(
        f"{os.path.join(root, name + '.gz')}: no such file (nor {name} uncompressed); "
        f"Fashion-MNIST comes with the Debian package {FASHION_MNIST_PACKAGE} "
        f"(apt-get install {FASHION_MNIST_PACKAGE}) or pass root= the folder holding the "
        "original IDX files")


def load_fashion_mnist(split="train", root=FASHION_MNIST_ROOT):
    """Fashion-MNIST's ``split`` ("train": 60000 images, "test": 10000):
    images float32 [N, 1, 28, 28] in [0, 1] (bytes / 255) and labels int64
    [N] in 0..9 (see FASHION_MNIST_CLASSES)."""
    if split not in _FASHION_MNIST_FILES:
        raise ValueError(f"split must be one of {sorted(_FASHION_MNIST_FILES)}, got {split!r}")
    image_name, label_name, count = _FASHION_MNIST_FILES[split]
    image_path, label_path = _find(root, image_name), _find(root, label_name)
    images, labels = read_idx(image_path), read_idx(label_path)
    if images.dtype != np.uint8 or images.shape != (count, 28, 28):
        raise IDXError(f"{image_path}: expected uint8 images of shape ({count}, 28, 28), "
                       f"got {images.dtype} {images.shape}")
    if labels.dtype != np.uint8 or labels.shape != (count,):
        raise IDXError(f"{label_path}: expected {count} uint8 labels, "
                       f"got {labels.dtype} {labels.shape}")
    if labels.max() > 9:
        raise IDXError(f"{label_path}: label {labels.max()} outside 0..9")
    return (images[:, None].astype(np.float32) / np.float32(255.0),
            labels.astype(np.int64))


def load_digits_split(split="test"):
    """The split of scikit-learn's digits used by examples/digits/train.py:
    pixel values / 16 as float32 [N, 1, 8, 8] and int64 labels, split by
    train_test_split(test_size=0.25, random_state=0, stratify=labels):
    "train" 1347 images, "test" 450 (those of examples/digits/test_split.npz)."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    images = (data.images / 16.0).astype(np.float32)[:, None]
    train_x, test_x, train_y, test_y = train_test_split(
        images, data.target.astype(np.int64), test_size=0.25, random_state=0,
        stratify=data.target)
    return (train_x, train_y) if split == "train" else (test_x, test_y)


__all__ = ["FASHION_MNIST_CLASSES", "FASHION_MNIST_ROOT", "IDXError", "IDX_TYPES",
           "load_digits_split", "load_fashion_mnist", "parse_idx", "read_idx"]
