"""spike.and and spike.count of the reference, against values computed by
hand, and their operand checks."""

import numpy as np
import pytest

from spike import reference as ref


def bits(values):
    return np.asarray(values, dtype=bool)


def trits(values):
    return np.asarray(values, dtype=np.int8)


def test_and_same_shape():
    a = bits([[1, 0, 1], [0, 1, 1]])
    b = bits([[1, 1, 0], [0, 0, 1]])
    y = ref.and_(a, b)
    assert y.dtype == np.bool_
    np.testing.assert_array_equal(y, bits([[1, 0, 0], [0, 0, 1]]))


def test_and_broadcasts_both_operands_and_ranks():
    # [2, 1] against [3]: a column of spikes masks a row.
    a = bits([[1], [0]])
    b = bits([1, 0, 1])
    np.testing.assert_array_equal(ref.and_(a, b), bits([[1, 0, 1], [0, 0, 0]]))
    np.testing.assert_array_equal(ref.and_(b, a), bits([[1, 0, 1], [0, 0, 0]]))
    # [2, 1, 2] against [3, 1]: [2, 3, 2].
    c = bits([[[1, 0]], [[1, 1]]])
    d = bits([[1], [0], [1]])
    y = ref.and_(c, d)
    assert y.shape == (2, 3, 2)
    np.testing.assert_array_equal(y, bits([[[1, 0], [0, 0], [1, 0]],
                                           [[1, 1], [0, 0], [1, 1]]]))


def test_and_with_a_single_spike():
    x = bits([[1, 0], [1, 1]])
    np.testing.assert_array_equal(ref.and_(np.bool_(True), x), x)
    np.testing.assert_array_equal(ref.and_(x, np.bool_(False)), bits([[0, 0], [0, 0]]))


def test_and_rejects_bad_operands():
    with pytest.raises(ValueError, match=r"spike.and: rhs must have dtype bool"):
        ref.and_(bits([1, 0]), np.float32([1, 0]))
    with pytest.raises(ValueError, match=r"spike.and: lhs must have dtype bool"):
        ref.and_(trits([1, 0]), bits([1, 0]))
    with pytest.raises(ValueError, match=r"lhs \(2, 3\) and rhs \(2, 2\) cannot be broadcast"):
        ref.and_(np.zeros((2, 3), bool), np.zeros((2, 2), bool))


def test_count_binary_along_each_and_several_dims():
    x = bits([[[1, 0, 1, 1], [0, 0, 1, 0], [1, 1, 1, 1]],
              [[0, 0, 0, 0], [1, 0, 0, 1], [0, 1, 0, 0]]])       # [2, 3, 4]
    innermost = ref.count(x, [2])
    assert innermost.dtype == np.float32 and innermost.shape == (2, 3, 1)
    np.testing.assert_array_equal(innermost[..., 0], [[3, 1, 4], [0, 2, 1]])
    tokens = ref.count(x, [1])
    assert tokens.shape == (2, 1, 4)
    np.testing.assert_array_equal(tokens[:, 0], [[2, 1, 3, 2], [1, 1, 0, 1]])
    np.testing.assert_array_equal(ref.count(x, [0])[0],
                                  [[1, 0, 1, 1], [1, 0, 1, 1], [1, 2, 1, 1]])
    np.testing.assert_array_equal(ref.count(x, [0, 2])[0, :, 0], [3, 3, 5])
    np.testing.assert_array_equal(ref.count(x, (0, 1, 2)), np.full((1, 1, 1), 11, np.float32))
    # A single dimension may be given as an int.
    np.testing.assert_array_equal(ref.count(x, 2), innermost)


def test_count_ternary_sums_signs():
    t = trits([[1, -1, 1, 0], [0, -1, -1, -1]])
    np.testing.assert_array_equal(ref.count(t, [1]), np.float32([[1], [-3]]))
    np.testing.assert_array_equal(ref.count(t, [0]), np.float32([[1, -2, 0, -1]]))
    np.testing.assert_array_equal(ref.count(t, [0, 1]), np.float32([[-2]]))


def test_count_rounds_once_to_float32():
    # 2^24 + 1 is not a float32: the exact count rounds to nearest even.
    x = np.ones((1 << 24) + 1, bool)
    assert ref.count(x, [0])[0] == np.float32(1 << 24)


def test_count_rejects_bad_operands():
    x = np.zeros((2, 3), bool)
    with pytest.raises(ValueError, match="spike.count: input must have dtype bool"):
        ref.count(np.zeros((2, 3), np.float32), [1])
    with pytest.raises(ValueError, match="at least one dimension"):
        ref.count(x, [])
    with pytest.raises(ValueError, match="dims holds 2, out of range for an input of rank 2"):
        ref.count(x, [0, 2])
    with pytest.raises(ValueError, match="dims holds -1"):
        ref.count(x, [-1])
    with pytest.raises(ValueError, match=r"strictly increasing .* got \[1, 0\]"):
        ref.count(x, [1, 0])
    with pytest.raises(ValueError, match=r"strictly increasing .* got \[1, 1\]"):
        ref.count(x, [1, 1])
    with pytest.raises(ValueError, match="outside"):
        ref.count(trits([2, 0]), [0])
