"""The baselines the benchmarks compare compiled models against, run on the
same model object and the same input:

* ``torch_eager(model, x, threads)``: PyTorch eager, fp32, ``torch.no_grad()``.
* ``torch_compiled(model, x, threads)``: the same module through
  ``torch.compile`` (TorchInductor: generated C++/OpenMP kernels on the CPU,
  Triton on CUDA), whole graph, with freezing (weights become constants that
  inductor folds and pre-packs: PyTorch's recommended CPU inference
  setting). The first call compiles; it is made here and its time returned
  (``compile_seconds``), so that timings exclude it.
* ``export_onnx(model, x, path)`` + ``onnxruntime_session(path, threads)``:
  the same network exported to ONNX (torch 2.x's exporter: torch.export +
  onnxscript) and run by ONNX Runtime (CPU execution provider, all graph
  optimizations).

``model`` is a ``spike.torch.SpikingTransformer`` (or any module built from
spike.torch layers) in eval mode; ``x`` a float32 tensor [T, B, C, H, W]
(``model.repeat_input(images)``).

Threads: PyPI's torch runs GEMMs in MKL and convolutions in oneDNN, both on
its OpenMP threads, which ``torch.set_num_threads`` sets (torch_eager does at
every call, so that baselines at other thread counts can interleave).
Inductor writes the thread count into the kernels it generates (``#pragma omp
parallel num_threads(N)``), so torch_compiled compiles for ``threads``.

Smoke check (builds the calibrated cifar-4-384 model, compares the outputs
of the three baselines and times them):

    .venv/bin/python3 bench/baselines.py [--config cifar-4-384] [--threads 1] [--reps 5]
"""

import contextlib
import importlib
import logging
import os
import statistics
import time
import warnings

import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from spike.torch.threads import set_threads  # noqa: E402

ONNX_OPSET = 18  # torch 2.x's exporter's own opset (older ones are converted to)


# --------------------------------------------------------------------------
# PyTorch eager and torch.compile


def torch_eager(model, x, threads):
    """A zero-argument callable: ``model(x)`` in eager fp32 under no_grad with
    ``threads`` torch threads (set at every call, so other baselines
    interleave)."""
    if x.dtype != torch.float32:
        raise TypeError(f"expected a float32 input, got {x.dtype}")
    model.eval()

    def run():
        set_threads(threads)
        with torch.no_grad():
            return model(x)

    return run


def torch_compiled(model, x, threads):
    """A zero-argument callable: ``torch.compile(model)(x)`` (inductor,
    fullgraph, freezing, kernels for ``threads`` threads) under no_grad,
    compiled by a first call here; ``run.compile_seconds`` is that call's
    time. Resets dynamo first, so that a compile neither meets dynamo's
    recompile limit (its cache is per code object, shared by every model
    and batch size in a process) nor finds an entry compiled for other
    threads; callables from earlier calls recompile when called again.
    Turns inductor's on-disk caches off for the process, so that the compile
    time is a cold compile's."""
    if x.dtype != torch.float32:
        raise TypeError(f"expected a float32 input, got {x.dtype}")
    model.eval()
    torch._dynamo.reset()
    torch._inductor.config.force_disable_caches = True
    # What that setting and a CUDA-capable wheel on a machine without CUDA say.
    warnings.filterwarnings("ignore", message="dynamo_pgo force disabled")
    logging.getLogger("torch.utils.cpp_extension").setLevel(logging.ERROR)
    compiled = torch.compile(model, fullgraph=True,
                             options={"freezing": True, "cpp.threads": threads})

    def run():
        set_threads(threads)
        with torch.no_grad():
            return compiled(x)

    start = time.perf_counter()
    run()
    run.compile_seconds = time.perf_counter() - start
    return run


def torch_info():
    """torch version, threads, GEMM and convolution libraries: one line for a
    benchmark report."""
    config = torch.__config__.show()
    blas = next((part.split("=", 1)[1] for part in config.replace(",", "\n").split()
                 if part.startswith("BLAS_INFO=")), "?")
    dnnl = next((line.strip().lstrip("- ") for line in config.splitlines()
                 if "MKL-DNN" in line or "oneDNN" in line), "no oneDNN")
    capability = next((line.split(":", 1)[1].strip() for line in config.splitlines()
                       if "CPU capability" in line), "?")
    return (f"torch {torch.__version__} ({torch.get_num_threads()} threads, {capability}); "
            f"BLAS_INFO={blas}; mkldnn enabled={torch.backends.mkldnn.enabled} ({dnnl}); "
            f"torch.compile: inductor, freezing, C++ compiler "
            f"{os.environ.get('CXX', 'g++')}")


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
    """Records the warnings raised inside (torch.onnx.export's)."""
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
    """Exports ``model(x)`` to ONNX at ``path``, weights inside the file (input
    "x" [T, B, C, H, W], output "y"; static shapes, so T and B are those of
    ``x``; the neurons' time loop is unrolled over T). torch 2.x's exporter:
    torch.export (non-strict) of the module, ATen decompositions, onnxscript
    translation and its graph optimizer. Returns ``path``;
    ``export_onnx.warnings`` holds the warnings raised meanwhile."""
    model.eval()
    x = x.contiguous()
    with _traceable_spikes(), torch.no_grad(), _warnings_as_list() as caught:
        torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"],
                          opset_version=opset, dynamo=True, external_data=False,
                          optimize=True, verbose=False)
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
    compiled = torch_compiled(model, x, args.threads)
    print(f"torch.compile: {compiled.compile_seconds:.1f} s (first call)")
    diff, agree = compare(ref, compiled())
    print(f"torch eager vs torch.compile: max |diff| {diff:.3g}, argmax agreement {agree:.0%}")
    with tempfile.TemporaryDirectory() as tmp:
        path = export_onnx(model, x, os.path.join(tmp, f"{args.config}.onnx"))
        print(f"exported {os.path.getsize(path) / 2**20:.1f} MiB, opset {ONNX_OPSET}, "
              f"{len(export_onnx.warnings)} warnings")
        for w in sorted(set(export_onnx.warnings)):
            print("  warning:", w.splitlines()[0][:160])
        ort_run = onnxruntime_session(path, args.threads)
        print(onnxruntime_info())
        x_np = x.numpy()
        diff, agree = compare(ref, ort_run(x_np))
        print(f"torch eager vs ORT: max |diff| {diff:.3g}, argmax agreement {agree:.0%}")
        t_eager = median_seconds(eager, reps=args.reps)
        t_compiled = median_seconds(compiled, reps=args.reps)
        t_ort = median_seconds(ort_run, x_np, reps=args.reps)
    print(f"{args.config} batch {args.batch} threads {args.threads} (median of {args.reps}): "
          f"torch eager {t_eager * 1e3:.2f} ms, torch.compile {t_compiled * 1e3:.2f} ms "
          f"({t_eager / t_compiled:.2f}x eager), onnxruntime {t_ort * 1e3:.2f} ms "
          f"({t_eager / t_ort:.2f}x eager)")
    if args.profile:
        print(torch_profile(model, x, args.threads))


if __name__ == "__main__":
    _main()
