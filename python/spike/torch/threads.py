"""Thread counts of PyTorch's CPU kernels.

Debian's torch 1.13 runs its GEMMs (nn.Linear, matmul) in OpenBLAS
(libopenblas0-pthread), whose thread pool ``torch.set_num_threads`` does not
touch; convolutions go to oneDNN and elementwise ops to ATen, both on
torch's OpenMP threads. Timings and reproducible float results need both.
"""

import contextlib
import ctypes

import torch


def openblas():
    """The OpenBLAS library this process loaded (ctypes), or None."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line}
    except OSError:
        return None
    for path in sorted(paths):
        if path.endswith(".so") or ".so." in path:
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_get_config.restype = ctypes.c_char_p
                return lib
            except (OSError, AttributeError):
                continue
    return None


def set_threads(threads, blas_threads=None):
    """torch's intra-op threads (OpenMP: oneDNN and ATen kernels) and
    OpenBLAS's (default: the same)."""
    torch.set_num_threads(threads)
    blas = openblas()
    if blas is not None:
        blas.openblas_set_num_threads(threads if blas_threads is None else blas_threads)


@contextlib.contextmanager
def single_threaded():
    """Runs the block on one thread (float sums in one fixed order), then
    restores torch's thread count (OpenBLAS's goes back to torch's)."""
    before = torch.get_num_threads()
    set_threads(1)
    try:
        yield
    finally:
        set_threads(before)
