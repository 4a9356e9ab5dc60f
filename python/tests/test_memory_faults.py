"""Memory exhaustion inside a compiled model, from Python (issue 19): every
allocation of a run fails in turn (the runtime's test hook
SPIKE_TEST_FAIL_ALLOCATION=N, read at every run); each failed call raises
MemoryError and leaves the caller's output buffer untouched, and the same
loaded library gives the right output as soon as allocations succeed again,
on one thread and on the pool. The C-level checks (malloc itself failing,
nothing left allocated) are lit tests: test/Runtime/failed-runs.test and,
under LeakSanitizer, test/Tools/memory-faults.test. Skipped without
spike-compile."""

import os

import numpy as np
import pytest

from test_compiled_models import COMPILE, compile_small_transformer

pytestmark = pytest.mark.skipif(COMPILE is None, reason="needs spike-compile")
HOOK = "SPIKE_TEST_FAIL_ALLOCATION"


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    compiled, x = compile_small_transformer(tmp_path_factory.mktemp("faults"), seed=7)
    return compiled, x, compiled.run(x), compiled.run_stats(x)[1]


@pytest.fixture
def hook():
    """Sets the hook for the calls that follow; removed after the test."""
    def set_failing_allocation(n):
        if n is None:
            os.environ.pop(HOOK, None)
        else:
            os.environ[HOOK] = str(n)
    yield set_failing_allocation
    os.environ.pop(HOOK, None)


@pytest.mark.parametrize("threads", [1, 2])
def test_every_allocation_of_a_run_fails_cleanly(library, hook, threads):
    compiled, x, want, _ = library
    compiled.num_threads = threads
    try:
        failed = 0
        for n in range(1, 100000):
            hook(n)
            out = np.full(compiled.output_shape, 1234.5, np.float32)
            try:
                compiled.run(x, out=out)
            except MemoryError as error:
                assert "SPIKE_ERROR_MEMORY" in str(error)
                assert np.all(out == 1234.5), f"allocation {n}: output written"
                failed += 1
            else:
                np.testing.assert_array_equal(out, want)
                break
            hook(None)
            np.testing.assert_array_equal(compiled.run(x), want)  # works again at once
        assert failed == n - 1 and failed >= 10
    finally:
        compiled.num_threads = 1


def test_every_allocation_of_a_counting_run_fails_cleanly(library, hook):
    compiled, x, want, want_counts = library
    failed = 0
    for n in range(1, 100000):
        hook(n)
        try:
            out, counts = compiled.run_stats(x)
        except MemoryError:
            failed += 1
            continue
        np.testing.assert_array_equal(out, want)
        np.testing.assert_array_equal(counts, want_counts)
        break
    hook(None)
    assert failed == n - 1 and failed >= 10
    out, counts = compiled.run_stats(x)
    np.testing.assert_array_equal(counts, want_counts)


def test_hook_values_that_are_not_counts_are_ignored(library, hook):
    compiled, x, want, _ = library
    for text in ("0", "-3", "x", "12abc", ""):
        os.environ[HOOK] = text
        np.testing.assert_array_equal(compiled.run(x), want)
