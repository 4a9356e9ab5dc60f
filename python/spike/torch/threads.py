"""Thread counts of PyTorch's CPU kernels.

PyPI's torch runs its GEMMs (nn.Linear, matmul) in MKL, its convolutions in
oneDNN and its elementwise ops in ATen, all on its OpenMP threads, so
``torch.set_num_threads`` sets them all. Timings and reproducible float
results (sums in one fixed order) need it.
"""

import contextlib

import torch


def set_threads(threads):
    """torch's intra-op threads (OpenMP: MKL, oneDNN and ATen kernels)."""
    torch.set_num_threads(threads)


@contextlib.contextmanager
def single_threaded():
    """Runs the block on one thread (float sums in one fixed order), then
    restores torch's thread count."""
    before = torch.get_num_threads()
    set_threads(1)
    try:
        yield
    finally:
        set_threads(before)
