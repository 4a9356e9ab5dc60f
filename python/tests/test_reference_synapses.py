"""spike.linear / spike.conv2d / spike.attention of the reference: cases by
hand, and cross-checks with direct loops and PyTorch (an independent
implementation of the same semantics)."""

import itertools

import numpy as np
import pytest

from spike import reference as ref

torch = pytest.importorskip("torch")
rng = np.random.default_rng(7)


def f32(values):
    return np.asarray(values, dtype=np.float32)


def test_linear_binary_ternary_real_by_hand():
    w = f32([[1, 2, 3], [4, 5, 6]])
    b = f32([0.5, -0.5])
    np.testing.assert_array_equal(ref.linear(np.array([[1, 0, 1]], bool), w, b), [[4.5, 9.5]])
    np.testing.assert_array_equal(ref.linear(np.array([1, -1, 0], np.int8), w, b), [-0.5, -1.5])
    np.testing.assert_array_equal(ref.linear(f32([0.5, 0, 2]), w), [6.5, 14.0])


def test_linear_batch_dims_against_loops():
    x = rng.random((2, 3, 70)) < 0.3  # K not a multiple of 64
    w = rng.standard_normal((5, 70)).astype(np.float32)
    b = rng.standard_normal(5).astype(np.float32)
    y = ref.linear(x, w, b)
    assert y.shape == (2, 3, 5) and y.dtype == np.float32
    for i, j, m in itertools.product(range(2), range(3), range(5)):
        expected = sum(float(w[m, k]) for k in range(70) if x[i, j, k]) + float(b[m])
        assert y[i, j, m] == pytest.approx(expected, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(
    "strides,padding,dilations,groups",
    [
        ((1, 1), (0, 0, 0, 0), (1, 1), 1),
        ((2, 1), (1, 2, 1, 2), (1, 1), 1),
        ((1, 2), (2, 0, 1, 1), (2, 1), 2),
        ((2, 2), (1, 1, 1, 1), (1, 2), 4),
    ],
)
@pytest.mark.parametrize("kind", ["binary", "ternary", "real"])
def test_conv2d_matches_torch(strides, padding, dilations, groups, kind):
    shape = (2, 4, 9, 8)
    if kind == "binary":
        x = rng.random(shape) < 0.4
    elif kind == "ternary":
        x = rng.integers(-1, 2, shape).astype(np.int8)
    else:
        x = rng.standard_normal(shape).astype(np.float32)
    w = rng.standard_normal((8, 4 // groups, 3, 2)).astype(np.float32)
    b = rng.standard_normal(8).astype(np.float32)
    y = ref.conv2d(x, w, b, strides, padding, dilations, groups)
    top, left, bottom, right = padding
    xt = torch.nn.functional.pad(torch.from_numpy(x.astype(np.float64)), (left, right, top, bottom))
    expected = torch.nn.functional.conv2d(
        xt, torch.from_numpy(w.astype(np.float64)), torch.from_numpy(b.astype(np.float64)),
        stride=strides, dilation=dilations, groups=groups,
    ).numpy()
    assert y.shape == expected.shape
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-6)


def test_conv2d_leading_batch_dims_and_by_hand():
    x = np.zeros((3, 2, 1, 3, 3), bool)  # T=3, B=2, C=1
    x[1, 0, 0, 1, 1] = True
    w = f32(np.arange(9).reshape(1, 1, 3, 3))
    y = ref.conv2d(x, w, padding=(1, 1, 1, 1))
    assert y.shape == (3, 2, 1, 3, 3)
    # A single spike in the centre spreads the flipped kernel.
    np.testing.assert_array_equal(y[1, 0, 0], f32(np.arange(9)[::-1].reshape(3, 3)))
    assert not y[0].any() and not y[2].any() and not y[1, 1].any()


def _attention_loops(q, k, v, heads, scale):
    n, d = q.shape
    dv = v.shape[1]
    out = np.zeros((n, dv))
    for h in range(heads):
        dk, dvh = d // heads, dv // heads
        for i in range(n):
            for j in range(n):
                score = sum(float(k[j, c]) for c in range(h * dk, (h + 1) * dk) if q[i, c])
                for c in range(h * dvh, (h + 1) * dvh):
                    out[i, c] += score * float(v[j, c])
    return scale * out


@pytest.mark.parametrize("heads", [1, 2, 8])
@pytest.mark.parametrize("key_kind,value_kind,scale", [("real", "ternary", 1.0), ("binary", "binary", 0.125)])
def test_attention_against_loops(heads, key_kind, value_kind, scale):
    n, d = 5, 16
    q = rng.random((n, d)) < 0.5
    k = rng.random((n, d)).astype(np.float32) if key_kind == "real" else rng.random((n, d)) < 0.5
    v = rng.integers(-1, 2, (n, d)).astype(np.int8) if value_kind == "ternary" else rng.random((n, d)) < 0.5
    out = ref.attention(q, k, v, num_heads=heads, scale=scale)
    np.testing.assert_allclose(out, _attention_loops(q, k, v, heads, scale), rtol=1e-6, atol=1e-6)


def test_attention_by_hand_and_batch_dims():
    q = np.array([[1, 0], [1, 1]], bool)
    k = f32([[1.0, 2.0], [3.0, 4.0]])
    v = np.array([[1, 0], [-1, 1]], np.int8)
    # scores = q k^T = [[1, 3], [3, 7]]; out = scores v = [[-2, 3], [-4, 7]]
    np.testing.assert_array_equal(ref.attention(q, k, v), f32([[-2, 3], [-4, 7]]))
    batched = ref.attention(np.stack([q, q]), np.stack([k, k]), np.stack([v, v]))
    assert batched.shape == (2, 2, 2)
    np.testing.assert_array_equal(batched[1], f32([[-2, 3], [-4, 7]]))


@pytest.mark.parametrize(
    "call",
    [
        lambda: ref.linear(np.zeros(3, np.int32), np.zeros((2, 3), np.float32)),
        lambda: ref.linear(np.zeros(3, bool), np.zeros((2, 4), np.float32)),
        lambda: ref.linear(np.zeros(3, bool), np.zeros((2, 3), np.float32), np.zeros(3, np.float32)),
        lambda: ref.linear(np.full(3, 2, np.int8), np.zeros((2, 3), np.float32)),  # not ternary
        lambda: ref.conv2d(np.zeros((3, 4, 4), bool), np.zeros((2, 2, 3, 3), np.float32), groups=2),
        lambda: ref.conv2d(np.zeros((1, 2, 2), bool), np.zeros((1, 1, 3, 3), np.float32)),
        lambda: ref.attention(np.zeros((4, 8), bool), np.zeros((4, 8), np.float32),
                              np.zeros((4, 8), np.int8), num_heads=3),
        lambda: ref.attention(np.zeros((4, 8), np.float32), np.zeros((4, 8), np.float32),
                              np.zeros((4, 8), np.int8)),
        lambda: ref.attention(np.zeros((4, 8), bool), np.zeros((5, 8), np.float32),
                              np.zeros((4, 8), np.int8)),
    ],
)
def test_synapse_rejects_bad_operands(call):
    with pytest.raises(ValueError):
        call()
