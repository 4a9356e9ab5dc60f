"""One compiled library under load from many host threads (fast versions;
SPIKE_LONG_TESTS=1 runs ten times the calls): outputs identical to a serial
call, while the pool's thread count changes under running calls, and
resident memory flat across many short-lived calling threads. Skipped
without spike-compile."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from test_compiled_models import COMPILE, compile_small_transformer

pytestmark = pytest.mark.skipif(COMPILE is None, reason="needs spike-compile")
SCALE = 10 if os.environ.get("SPIKE_LONG_TESTS") == "1" else 1


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A small transformer (parallel loops on the pool) and its serial output."""
    compiled, x = compile_small_transformer(tmp_path_factory.mktemp("churn"), seed=31)
    return compiled, x, compiled.run(x)


def test_16_threads_many_calls(library):
    compiled, x, want = library
    compiled.num_threads = 2
    calls = 16 * 64 * SCALE

    def call(_):
        return compiled.run(x)

    with ThreadPoolExecutor(16) as pool:
        outputs = list(pool.map(call, range(calls)))
    assert len(outputs) == calls
    for got in outputs:
        np.testing.assert_array_equal(got, want)


def test_thread_count_changes_under_running_calls(library):
    compiled, x, want = library
    stop = threading.Event()
    changes = [0]

    def change():
        while not stop.is_set():
            compiled.num_threads = 1 + changes[0] % 3
            changes[0] += 1

    changer = threading.Thread(target=change)
    changer.start()
    try:
        with ThreadPoolExecutor(4) as pool:
            outputs = list(pool.map(lambda _: compiled.run(x), range(200 * SCALE)))
    finally:
        stop.set()
        changer.join()
    assert changes[0] > 10
    for got in outputs:
        np.testing.assert_array_equal(got, want)


def resident_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_short_lived_threads_keep_memory_flat(library):
    compiled, x, want = library
    compiled.num_threads = 2
    results = []

    def wave(count):
        threads = [threading.Thread(target=lambda: results.append(compiled.run(x)))
                   for _ in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    wave(16)  # warm-up: the pool, the caches, Python's own
    before = resident_bytes()
    for _ in range(8 * SCALE):
        wave(16)  # 128 (1280) threads, each calling once and exiting
    grown = resident_bytes() - before
    assert len(results) == 16 + 128 * SCALE
    for got in results:
        np.testing.assert_array_equal(got, want)
    # Each exiting thread's buffer cache is freed: no growth per thread.
    assert grown < 16 * 2 ** 20, f"resident memory grew by {grown / 2 ** 20:.1f} MiB"
