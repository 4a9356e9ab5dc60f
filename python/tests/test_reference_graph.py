"""Pools, batch norm, relu, repeat and mean_time of the reference, against
cases by hand and PyTorch."""

import numpy as np
import pytest

from spike import reference as ref

torch = pytest.importorskip("torch")
rng = np.random.default_rng(11)


def f32(values):
    return np.asarray(values, dtype=np.float32)


def test_maxpool_on_spikes_is_or():
    x = np.zeros((1, 1, 4, 4), bool)
    x[0, 0, 0, 1] = x[0, 0, 3, 3] = True
    y = ref.maxpool2d(x, kernel=2)
    assert y.dtype == np.bool_
    np.testing.assert_array_equal(y[0, 0], [[1, 0], [0, 1]])


@pytest.mark.parametrize("kernel,strides,padding", [((2, 2), None, (0, 0, 0, 0)),
                                                     ((3, 3), (2, 2), (1, 1, 1, 1)),
                                                     ((3, 2), (1, 2), (1, 0, 1, 0))])
def test_pools_match_torch(kernel, strides, padding):
    x = rng.standard_normal((2, 3, 7, 6)).astype(np.float32)
    xt = torch.from_numpy(x.astype(np.float64))
    top, left = padding[0], padding[1]
    stride = kernel if strides is None else strides
    expected_max = torch.nn.functional.max_pool2d(xt, kernel, stride, padding=(top, left)).numpy()
    np.testing.assert_array_equal(ref.maxpool2d(x, kernel, strides, padding), expected_max.astype(np.float32))
    expected_avg = torch.nn.functional.avg_pool2d(
        xt, kernel, stride, padding=(top, left), count_include_pad=True).numpy()
    np.testing.assert_allclose(ref.avgpool2d(x, kernel, strides, padding), expected_avg, rtol=1e-6)
    np.testing.assert_allclose(ref.sumpool2d(x, kernel, strides, padding),
                               expected_avg * kernel[0] * kernel[1], rtol=1e-6, atol=1e-6)


def test_sumpool_counts_spikes_with_asymmetric_padding():
    x = np.ones((1, 3, 3), bool)
    y = ref.sumpool2d(x, kernel=2, strides=1, padding=(1, 0, 0, 1))
    # Padded 4x4 with a zero row on top and a zero column on the right.
    np.testing.assert_array_equal(y[0], f32([[2, 2, 1], [4, 4, 2], [4, 4, 2]]))
    np.testing.assert_array_equal(ref.avgpool2d(x, kernel=2, strides=1, padding=(1, 0, 0, 1))[0],
                                  f32([[2, 2, 1], [4, 4, 2], [4, 4, 2]]) / 4)


def test_batch_norm_matches_torch_and_negative_axis():
    x = rng.standard_normal((2, 5, 3, 3)).astype(np.float32)
    g, b, m = (rng.standard_normal(5).astype(np.float32) for _ in range(3))
    var = rng.random(5).astype(np.float32) + 0.1
    expected = torch.nn.functional.batch_norm(
        torch.from_numpy(x), torch.from_numpy(m), torch.from_numpy(var),
        torch.from_numpy(g), torch.from_numpy(b), training=False, eps=1e-5).numpy()
    np.testing.assert_allclose(ref.batch_norm(x, g, b, m, var), expected, rtol=1e-5, atol=1e-6)
    tokens = rng.standard_normal((4, 7, 5)).astype(np.float32)
    y = ref.batch_norm(tokens, g, b, m, var, axis=-1)
    np.testing.assert_allclose(y, (tokens - m) / np.sqrt(var + np.float32(1e-5)) * g + b, rtol=1e-5, atol=1e-6)


def test_relu_repeat_mean_time():
    np.testing.assert_array_equal(ref.relu(f32([-1.5, 0.0, 2.0])), f32([0, 0, 2]))
    img = np.array([[1, 0, 1]], bool)
    xt = ref.repeat(img, 4)
    assert xt.shape == (4, 1, 3) and xt.dtype == np.bool_
    np.testing.assert_array_equal(ref.mean_time(xt), f32([[1, 0, 1]]))
    spikes = np.array([[1, 0], [1, 1], [0, 0], [1, 0]], bool)
    np.testing.assert_array_equal(ref.mean_time(spikes), f32([0.75, 0.25]))
    ternary = np.array([[1, -1], [-1, -1]], np.int8)
    np.testing.assert_array_equal(ref.mean_time(ternary), f32([0.0, -1.0]))


@pytest.mark.parametrize(
    "call",
    [
        lambda: ref.maxpool2d(np.zeros((1, 4, 4), np.float32), kernel=2, padding=2),
        lambda: ref.maxpool2d(np.zeros((1, 1, 4), np.float32), kernel=2),
        lambda: ref.sumpool2d(np.zeros((1, 2, 2), np.float32), kernel=3),
        lambda: ref.batch_norm(np.zeros((2, 3), np.float32), *(np.ones(2, np.float32),) * 4),
        lambda: ref.batch_norm(np.zeros((2, 3), np.float32), *(np.ones(3, np.float32),) * 4, axis=2),
        lambda: ref.relu(np.zeros(3, bool)),
        lambda: ref.repeat(np.zeros(3, np.float32), 0),
        lambda: ref.mean_time(np.float32(1.0)),
    ],
)
def test_graph_ops_reject_bad_operands(call):
    with pytest.raises(ValueError):
        call()
