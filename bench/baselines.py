"""The baselines the benchmarks compare compiled models against, run on the
same model object and the same input:

* ``torch_eager(model, x, threads)``: PyTorch eager, fp32, ``torch.no_grad()``.
* ``export_onnx(model, x, path)`` + ``onnxruntime_session(path, threads)``:
  the same network traced to ONNX and run by ONNX Runtime (CPU execution
  provider, all graph optimizations).

``model`` is a ``spike.torch.SpikingTransformer`` (or any module built from
spike.torch layers) in eval mode; ``x`` a float32 tensor [T, B, C, H, W]
(``model.repeat_input(images)``).

Threads: Debian's torch 1.13 runs its GEMMs (nn.Linear, matmul) in OpenBLAS
(libopenblas0-pthread), whose thread pool ``torch.set_num_threads`` does not
touch, so ``torch_eager`` sets OpenBLAS's thread count too
(spike.torch.threads); convolutions go to oneDNN (OpenMP), which
``torch.set_num_threads`` does set.

Export: torch 1.13's exporter lacks aten::unflatten (SeqConv2d & co.), so
export_onnx registers a symbolic for it (a Reshape; global, idempotent), and
swaps spike.torch.neurons.spike (an autograd Function) for its forward
comparison while tracing.

Smoke check (builds the calibrated cifar-4-384 model, compares torch and
ONNX Runtime outputs and times both):

    .venv/bin/python3 bench/baselines.py [--config cifar-4-384] [--threads 1] [--reps 5]
"""

import contextlib
import importlib
import os
import statistics
import time

import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from spike.torch.threads import openblas, set_threads  # noqa: E402

ONNX_OPSET = 17  # the newest opset torch 1.13's exporter supports


# --------------------------------------------------------------------------
# PyTorch eager


def torch_eager(model, x, threads, blas_threads=None):
    """A zero-argument callable: ``model(x)`` in eager fp32 under no_grad with
    ``threads`` torch threads and ``blas_threads`` OpenBLAS threads (default
    the same; both set at every call, so other baselines interleave)."""
    if x.dtype != torch.float32:
        raise TypeError(f"expected a float32 input, got {x.dtype}")
    model.eval()

    def run():
        set_threads(threads, blas_threads)
        with torch.no_grad():
            return model(x)

    return run


def torch_info():
    """torch version, oneDNN and BLAS: one line for a benchmark report."""
    config = torch.__config__.show()
    blas_info = next((part.split("=", 1)[1] for part in config.replace(",", "\n").split()
                      if part.startswith("BLAS_INFO=")), "?")
    dnnl = next((line.strip().lstrip("- ") for line in config.splitlines()
                 if "MKL-DNN" in line or "oneDNN" in line), "no oneDNN")
    blas = openblas()
    if blas is not None:
        blas_text = (f"{blas.openblas_get_config().decode()}, "
                     f"{blas.openblas_get_num_threads()} threads")
    else:
        blas_text = "OpenBLAS not loaded"
    return (f"torch {torch.__version__} ({torch.get_num_threads()} threads); "
            f"mkldnn available={torch.backends.mkldnn.is_available()} "
            f"enabled={torch.backends.mkldnn.enabled} ({dnnl}); "
            f"BLAS_INFO={blas_info} -> {blas_text}")


def torch_profile(model, x, threads, rows=12):
    """The profiler's table of the ops one eager run spends its time in (which
    shows the kernels used, e.g. aten::mkldnn_convolution and aten::addmm)."""
    run = torch_eager(model, x, threads)
    run()
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        run()
    return prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=rows)


# --------------------------------------------------------------------------
# ONNX export and ONNX Runtime


def _plain_spike(h, threshold, strict=False, surrogate="atan", alpha=2.0):
    """spike.torch.neurons.spike without its autograd Function (the forward only)."""
    return (h > threshold if strict else h >= threshold).to(h.dtype)


def _unflatten_symbolic(g, input, dim, unflattened_size):
    """aten::unflatten (SeqConv2d & co.), which torch 1.13's exporter lacks:
    Reshape to shape[:dim] + unflattened_size + shape[dim + 1:] (torch 2.0's)."""
    from torch.onnx import symbolic_helper as sh

    rank = sh._get_tensor_rank(input)
    if rank is None:
        return sh._unimplemented("unflatten", "input of unknown rank")
    dim = sh._get_const(dim, "i", "dim") % rank

    def const(values):
        return g.op("Constant", value_t=torch.tensor(values, dtype=torch.int64))

    sizes = sh._maybe_get_const(unflattened_size, "is")
    sizes = unflattened_size if sh._is_value(sizes) else const(list(sizes))
    shape = g.op("Shape", input)
    head = sh._slice_helper(g, shape, axes=[0], starts=[0], ends=[dim])
    tail = sh._slice_helper(g, shape, axes=[0], starts=[dim + 1], ends=[rank])
    parts = ([head] if dim > 0 else []) + [sizes] + ([tail] if dim + 1 < rank else [])
    return sh._reshape_helper(g, input, g.op("Concat", *parts, axis_i=0))


@contextlib.contextmanager
def _traceable_spikes():
    """Replaces spike.torch.neurons.spike, which LIF.step and TernaryLIF.step
    call, by its forward comparison while exporting, so that the trace holds
    Greater/GreaterOrEqual + Cast instead of an opaque autograd Function."""
    neurons = importlib.import_module("spike.torch.neurons")
    original = neurons.spike
    neurons.spike = _plain_spike
    try:
        yield
    finally:
        neurons.spike = original


@contextlib.contextmanager
def _warnings_as_list():
    """Records the warnings raised inside (torch.onnx.export's tracer warnings)."""
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught


def _fold(synapse, bn):
    """synapse(x) followed by bn (eval) as one synapse: W' = W s, b' = (b - mean) s
    + beta with s = gamma / sqrt(var + eps), per output feature."""
    with torch.no_grad():
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        shape = (-1,) + (1,) * (synapse.weight.dim() - 1)
        synapse.weight.mul_(scale.reshape(shape))
        bias = synapse.bias if synapse.bias is not None else torch.zeros_like(scale)
        synapse.bias = torch.nn.Parameter((bias - bn.running_mean) * scale + bn.bias)


def fold_batch_norms(model):
    """A copy of a SpikingTransformer whose batch norms are folded into the
    conv or linear before them (what the compiler does, spike-fold-batchnorm),
    so that ONNX Runtime runs no BatchNormalization nodes: the strongest
    form of the network for it."""
    import copy

    model = copy.deepcopy(model).eval()
    identity = torch.nn.Identity
    pairs = [(model.stem, f"conv{i}", f"bn{i}") for i in range(4)]
    pairs.append((model.rpe, "conv", "bn"))
    for block in model.blocks:
        pairs += [(block.attn, f"{p}_linear", f"{p}_bn") for p in "qkv"]
        pairs += [(block, "proj", "proj_bn"), (block, "fc1", "fc1_bn"), (block, "fc2", "fc2_bn")]
    for owner, synapse, bn in pairs:
        _fold(getattr(owner, synapse), getattr(owner, bn))
        setattr(owner, bn, identity())
    return model


def export_onnx(model, x, path, opset=ONNX_OPSET):
    """Traces ``model(x)`` to ONNX at ``path`` (input "x" [T, B, C, H, W], output
    "y"; static shapes, so T and B are those of ``x``; the neurons' time loop
    is unrolled over T). Returns ``path``; ``export_onnx.warnings`` holds the
    exporter's warnings (the tracer's, about the shape checks of
    multi_head_attention, are harmless)."""
    model.eval()
    x = x.contiguous()
    torch.onnx.register_custom_op_symbolic("aten::unflatten", _unflatten_symbolic, opset)
    with _traceable_spikes(), torch.no_grad(), _warnings_as_list() as caught:
        torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"],
                          opset_version=opset, do_constant_folding=True,
                          training=torch.onnx.TrainingMode.EVAL)
    export_onnx.warnings = [str(w.message) for w in caught]
    return path


export_onnx.warnings = []


def onnxruntime_session(path, threads, optimized_model_path=None):
    """A callable ``run(x_numpy) -> numpy`` (the first output) of an ONNX Runtime
    CPU session: ``threads`` intra-op threads, 1 inter-op thread, sequential
    execution, ORT_ENABLE_ALL. ``optimized_model_path`` (optional) is where ORT
    writes the graph after its optimizations. ``run.session`` is the session."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if optimized_model_path:
        options.optimized_model_filepath = optimized_model_path
    session = ort.InferenceSession(path, sess_options=options,
                                   providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    output_name = session.get_outputs()[0].name

    def run(x):
        x = np.ascontiguousarray(x, dtype=np.float32)
        return session.run([output_name], {input_name: x})[0]

    run.session = session
    return run


def onnxruntime_info():
    import onnxruntime as ort
    return (f"onnxruntime {ort.__version__} ({ort.get_device()}, "
            f"providers {ort.get_available_providers()})")


# --------------------------------------------------------------------------
# Timing


def median_seconds(fn, *args, reps=5, warmup=1):
    """The median wall time of ``fn(*args)`` over ``reps`` runs after ``warmup``."""
    for _ in range(warmup):
        fn(*args)
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare(torch_out, ort_out):
    """Max abs difference of the outputs [T, B, classes] and the fraction of
    the batch whose argmax class agrees."""
    a = torch_out.detach().cpu().numpy() if torch.is_tensor(torch_out) else np.asarray(torch_out)
    b = np.asarray(ort_out)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    agree = float((a[0].argmax(-1) == b[0].argmax(-1)).mean())
    return float(np.abs(a - b).max()), agree


def _main():
    import argparse
    import tempfile

    from spike import models

    parser = argparse.ArgumentParser(description="smoke check of the baselines")
    parser.add_argument("--config", default="cifar-4-384", choices=sorted(models.CONFIGS))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print torch's op table")
    args = parser.parse_args()

    set_threads(args.threads)
    model, _ = models.build(args.config)
    images = models.random_images(args.config, args.batch, seed=123)
    x = model.repeat_input(images).contiguous()
    print(torch_info())

    eager = torch_eager(model, x, args.threads)
    ref = eager()
    with tempfile.TemporaryDirectory() as tmp:
        path = export_onnx(model, x, os.path.join(tmp, f"{args.config}.onnx"))
        print(f"exported {os.path.getsize(path) / 2**20:.1f} MiB, opset {ONNX_OPSET}, "
              f"{len(export_onnx.warnings)} warnings")
        for w in sorted(set(export_onnx.warnings)):
            print("  warning:", w.splitlines()[0][:160])
        ort_run = onnxruntime_session(path, args.threads)
        print(onnxruntime_info())
        x_np = x.numpy()
        out = ort_run(x_np)
        diff, agree = compare(ref, out)
        print(f"torch vs ORT: max |diff| {diff:.3g}, argmax agreement {agree:.0%}")
        t_torch = median_seconds(eager, reps=args.reps)
        t_ort = median_seconds(ort_run, x_np, reps=args.reps)
    print(f"{args.config} batch {args.batch} threads {args.threads}: "
          f"torch eager {t_torch * 1e3:.2f} ms, onnxruntime {t_ort * 1e3:.2f} ms "
          f"(median of {args.reps})")
    if args.profile:
        print(torch_profile(model, x, args.threads))


if __name__ == "__main__":
    _main()
