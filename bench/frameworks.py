"""SpikingJelly's spiking transformers, unmodified, compiled by spike.compile
and run side by side with SpikingJelly itself: eager PyTorch, torch.compile
(inductor) of the same module, and ONNX Runtime where the module exports.

    .venv/bin/python3 bench/frameworks.py                  # everything (long)
    .venv/bin/python3 bench/frameworks.py --models spikformer_cifar10 --batches 1 --threads 2

Models (SpikingJelly 2.0's own classes and factory functions, T = 4, random
initialisation with batch norms calibrated so that every neuron layer fires
about 15 %, spike.torch.calibrate.calibrate_spikingjelly):

* spikformer_cifar10 - Spikformer-4-384, 32x32 (the published CIFAR shape)
* sdt_8_384 - Spike-driven Transformer 8-384, at 224x224 and at 32x32
* qkformer_10_384 - QKFormer 10-384, at 224x224 and at 32x32

For every model, batch size and thread count the outputs are checked first
(spike's predicted classes equal SpikingJelly's, and the largest difference
of the scores is printed; torch.compile and ONNX Runtime against eager),
then the candidates are timed interleaved (bench/common.py) and the medians
and ratios printed. spike's library is compiled once per batch size (its
batch is static); the compile time is printed. Run on an otherwise idle
machine.
"""

import argparse
import os
import sys
import tempfile
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import interleaved_medians, machine  # noqa: E402

import spike  # noqa: E402
from spike.torch.calibrate import calibrate_spikingjelly  # noqa: E402

T = 4


def _models():
    from spikingjelly.activation_based.model import qkformer, spike_driven_transformer, spikformer
    return {
        "spikformer_cifar10": (lambda: spikformer.spikformer_cifar10(T=T), 32),
        "sdt_8_384@224": (lambda: spike_driven_transformer.sdt_8_384(T=T, num_classes=1000), 224),
        "sdt_8_384@32": (lambda: spike_driven_transformer.sdt_8_384(T=T, num_classes=10), 32),
        "qkformer_10_384@224": (lambda: qkformer.qkformer_10_384(T=T, num_classes=1000), 224),
        "qkformer_10_384@32": (lambda: qkformer.qkformer_10_384(T=T, num_classes=10), 32),
    }


def reset(model):
    from spikingjelly.activation_based import functional
    functional.reset_net(model)


def eager(model):
    def run(x):
        reset(model)
        with torch.no_grad():
            out = model(x)
        reset(model)
        return out
    return run


def compiled_torch(model, x, threads):
    """torch.compile (inductor) of the module as bench/baselines.py does it:
    freezing, kernels for ``threads`` threads, the whole graph where
    possible (SpikingJelly's neuron kernels may break it: then in pieces);
    None and the reason if it fails. The first call compiles (timed apart)."""
    import torch._dynamo
    try:
        fn, error = None, None
        for fullgraph in (True, False):
            torch._dynamo.reset()
            candidate = torch.compile(model, fullgraph=fullgraph,
                                      options={"freezing": True, "cpp.threads": threads})
            start = time.perf_counter()
            reset(model)
            try:
                with torch.no_grad():
                    candidate(x)
            except Exception as failure:  # noqa: BLE001 - retried, then reported
                error = failure
                continue
            fn, seconds = candidate, time.perf_counter() - start
            break
        if fn is None:
            raise error

        def run(inp):
            reset(model)
            with torch.no_grad():
                out = fn(inp)
            reset(model)
            return out
        return run, seconds, None
    except Exception as error:  # noqa: BLE001 - reported, not hidden
        return None, 0.0, f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"


def onnx_runtime(model, x, threads, folder):
    """An ONNX Runtime session of the exported module, or None and the reason."""
    try:
        import onnxruntime as ort
        path = os.path.join(folder, "model.onnx")
        failures = []
        for dynamo in (True, False):  # torch.export + onnxscript, then TorchScript
            reset(model)
            try:
                with torch.no_grad(), _quiet():
                    torch.onnx.export(model, (x,), path, dynamo=dynamo, opset_version=18,
                                      **({"external_data": False} if dynamo else {}))
                break
            except Exception as failure:  # noqa: BLE001 - reported below
                failures.append(f"{'dynamo' if dynamo else 'TorchScript'}: "
                                f"{type(failure).__name__}: {str(failure).splitlines()[0][:100]}")
        else:
            raise RuntimeError("; ".join(failures))
        reset(model)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name
        return (lambda inp: session.run(None, {name: inp.numpy()})[0]), None
    except Exception as error:  # noqa: BLE001 - reported, not hidden
        return None, f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"


class _quiet:
    """Silences stdout and stderr at the file-descriptor level (the ONNX
    exporter prints whole graphs when it fails)."""

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = [os.dup(1), os.dup(2)]
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)

    def __exit__(self, *exc):
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, saved in zip((1, 2), self.saved):
            os.dup2(saved, fd)
            os.close(saved)
        return False


def scores(out):
    out = out.numpy() if isinstance(out, torch.Tensor) else np.asarray(out)
    return out.mean(0) if out.ndim == 3 else out  # per-step scores [T, N, C]: the time mean


def bench_model(name, make, size, batches, threads_list, rounds, rate):
    torch.manual_seed(0)
    model = make().eval()
    calibration = torch.rand(2, 3, size, size, generator=torch.Generator().manual_seed(1))
    start = time.perf_counter()
    rates = calibrate_spikingjelly(model, calibration, rate=rate)
    print(f"\n## {name}: {sum(p.numel() for p in model.parameters()) / 1e6:.1f} M parameters, "
          f"input 3x{size}x{size}, T = {T}; calibrated in {time.perf_counter() - start:.0f} s, "
          f"firing {min(rates.values()):.1%}-{max(rates.values()):.1%} "
          f"(mean {np.mean(list(rates.values())):.1%}) over {len(rates)} neuron layers")
    rows = []
    for batch in batches:
        x = torch.rand(batch, 3, size, size, generator=torch.Generator().manual_seed(2))
        start = time.perf_counter()
        fast = spike.compile(model, x)
        compile_seconds = time.perf_counter() - start
        for threads in threads_list:
            torch.set_num_threads(threads)
            fast.num_threads = threads
            eager(model)(x)  # SpikingJelly picks its neuron kernels on the first calls
            reference = scores(eager(model)(x))
            ours = scores(fast(x))
            same = (ours.argmax(-1) == reference.argmax(-1)).mean()
            print(f"batch {batch}, {threads} thread(s): spike's classes equal SpikingJelly's "
                  f"for {same:.0%} of samples, max |score difference| "
                  f"{np.abs(ours - reference).max():.2e}; spike-compile {compile_seconds:.0f} s")
            candidates = {"spike": lambda: fast(x), "SJ eager": lambda: eager(model)(x)}
            inductor, inductor_compile, why = compiled_torch(model, x, threads)
            if inductor is not None:
                diff = np.abs(scores(inductor(x)) - reference).max()
                print(f"  torch.compile: compiled in {inductor_compile:.0f} s, max |difference| "
                      f"to eager {diff:.2e}")
                candidates["torch.compile"] = lambda: inductor(x)
            else:
                print(f"  torch.compile: fails ({why})")
            with tempfile.TemporaryDirectory() as folder:
                session, why = onnx_runtime(model, x, threads, folder)
                if session is not None:
                    diff = np.abs(scores(session(x)) - reference).max()
                    print(f"  ONNX Runtime: max |difference| to eager {diff:.2e}")
                    candidates["ONNX Runtime"] = lambda: session(x)
                else:
                    print(f"  ONNX Runtime: not exportable ({why})")
                medians = interleaved_medians(candidates, rounds)
            rows.append((batch, threads, medians))
    print("\n| batch | threads | spike ms | SJ eager ms | torch.compile ms | ONNX Runtime ms | "
          "eager / spike | compile / spike | ORT / spike |")
    print("|---|---|---|---|---|---|---|---|---|")
    for batch, threads, m in rows:
        def cell(key):
            return f"{m[key] * 1e3:.1f}" if key in m else "-"

        def ratio(key):
            return f"{m[key] / m['spike']:.1f}x" if key in m else "-"
        print(f"| {batch} | {threads} | {cell('spike')} | {cell('SJ eager')} | "
              f"{cell('torch.compile')} | {cell('ONNX Runtime')} | {ratio('SJ eager')} | "
              f"{ratio('torch.compile')} | {ratio('ONNX Runtime')} |")
    return rows


def main(argv=None):
    models = _models()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(models), choices=list(models))
    parser.add_argument("--batches", nargs="+", type=int, default=[1, 16])
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--rounds", type=int, default=6, help="timed runs per candidate")
    parser.add_argument("--rate", type=float, default=0.15, help="target firing rate")
    args = parser.parse_args(argv)
    print(f"# spike vs SpikingJelly: {machine()}; torch {torch.__version__}")
    for name in args.models:
        make, size = models[name]
        bench_model(name, make, size, args.batches, args.threads, args.rounds, args.rate)


if __name__ == "__main__":
    main()
