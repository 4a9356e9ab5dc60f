"""The neuron ops of the NumPy reference against cases computed by hand."""

import numpy as np
import pytest

from spike import reference as ref


def f32(values):
    return np.asarray(values, dtype=np.float32)


def test_lif_defaults_hard_reset_ge():
    # decay 0.5, gain 0.5, threshold 1: h = 0.5 v + 0.5 x.
    x = f32([2.0, 1.0, 1.0, 0.5, 3.0])
    s, v = ref.lif(x, return_state=True)
    assert s.dtype == np.bool_
    np.testing.assert_array_equal(s, [1, 0, 0, 0, 1])
    np.testing.assert_array_equal(v, f32([0.0, 0.5, 0.75, 0.625, 0.0]))


def test_lif_compare_gt_does_not_fire_on_equality():
    x = f32([2.0, 1.0, 1.0, 0.5, 3.0])
    s, v = ref.lif(x, compare="gt", return_state=True)
    np.testing.assert_array_equal(s, [0, 0, 0, 0, 1])
    np.testing.assert_array_equal(v, f32([1.0, 1.0, 1.0, 0.75, 0.0]))


def test_lif_soft_and_no_reset():
    x = f32([3.0, 0.0, 0.0])
    s, v = ref.lif(x, reset="soft", return_state=True)
    np.testing.assert_array_equal(s, [1, 0, 0])
    np.testing.assert_array_equal(v, f32([0.5, 0.25, 0.125]))
    s, v = ref.lif(x, reset="none", return_state=True)
    np.testing.assert_array_equal(s, [1, 0, 0])
    np.testing.assert_array_equal(v, f32([1.5, 0.75, 0.375]))


def test_lif_v_reset_and_v_init():
    s, v = ref.lif(f32([4.0, 0.0]), v_reset=-0.5, return_state=True)
    np.testing.assert_array_equal(s, [1, 0])
    np.testing.assert_array_equal(v, f32([-0.5, -0.25]))
    assert not ref.lif(f32([0.4]), v_init=0.8)[0]  # h = 0.4 + 0.2
    assert ref.lif(f32([0.4]), v_init=1.6)[0]  # h = 0.8 + 0.2 = 1


def test_lif_bias_charges_without_input():
    s = ref.lif(np.zeros(4, np.float32), bias=0.6)
    # h: 0.6, 0.9, 1.05 (fires, v = 0), 0.6
    np.testing.assert_array_equal(s, [0, 0, 1, 0])


def test_lif_per_neuron_parameters_broadcast():
    x = np.full((2, 2, 3), 0.5, np.float32)  # T=2, S=(2, 3)
    s = ref.lif(x, decay=[0.0, 0.5, 1.0], gain=1.0)
    # t0: h = 0.5 everywhere; t1: h = 0.5, 0.75, 1.0 per column.
    np.testing.assert_array_equal(s[0], np.zeros((2, 3), bool))
    np.testing.assert_array_equal(s[1], [[0, 0, 1], [0, 0, 1]])
    thresholds = np.array([[0.25], [2.0]], np.float32)  # per row
    s = ref.lif(x, gain=1.0, v_threshold=thresholds)
    np.testing.assert_array_equal(s[0], [[1, 1, 1], [0, 0, 0]])


def test_lif_time_dimension_only():
    s = ref.lif(np.zeros((0, 3), np.float32))
    assert s.shape == (0, 3)
    s = ref.lif(f32([[2.0, 0.0]]))  # T = 1
    np.testing.assert_array_equal(s, [[1, 0]])


def test_ternary_lif_hard_and_soft():
    x = f32([3.0, -3.0, 0.5, -2.5])
    s, v = ref.ternary_lif(x, return_state=True)
    assert s.dtype == np.int8
    np.testing.assert_array_equal(s, [1, -1, 0, -1])
    np.testing.assert_array_equal(v, f32([0.0, 0.0, 0.25, 0.0]))
    s, v = ref.ternary_lif(x, reset="soft", return_state=True)
    np.testing.assert_array_equal(s, [1, -1, 0, -1])
    np.testing.assert_array_equal(v, f32([0.5, -0.25, 0.125, -0.1875]))


def test_ternary_lif_fires_on_both_thresholds_inclusive():
    s = ref.ternary_lif(f32([[2.0, -2.0, 1.0]]))  # h = 1, -1, 0.5
    np.testing.assert_array_equal(s, [[1, -1, 0]])


def test_leaky_integrate():
    v = ref.leaky_integrate(f32([1.0, 1.0, 1.0]))
    np.testing.assert_array_equal(v, f32([0.5, 0.75, 0.875]))
    v = ref.leaky_integrate(f32([0.0, 0.0]), decay=0.5, v_init=4.0, bias=1.0)
    np.testing.assert_array_equal(v, f32([3.0, 2.5]))


@pytest.mark.parametrize(
    "call",
    [
        lambda: ref.lif(np.zeros((2, 3), np.float64)),  # wrong dtype
        lambda: ref.lif(np.float32(1.0)),  # no time dimension
        lambda: ref.lif(np.zeros((2, 3), np.float32), decay=[0.5, 0.5]),
        lambda: ref.lif(np.zeros((2, 3), np.float32), v_threshold=np.nan),
        lambda: ref.lif(np.zeros((2, 3), np.float32), compare="lt"),
        lambda: ref.lif(np.zeros((2, 3), np.float32), reset="bogus"),
        lambda: ref.ternary_lif(np.zeros((2, 3), np.float32), v_threshold=0.0),
        lambda: ref.leaky_integrate(np.zeros((2, 3), np.float32), gain=np.inf),
    ],
)
def test_neuron_rejects_bad_operands(call):
    with pytest.raises(ValueError):
        call()
