"""Writes the seed corpora of the fuzzers (fuzz/corpus/<target>/seeds/), small
on purpose (fuzz/corpus/<target>/grown/ holds inputs that fuzzing found to
add coverage, merged with libFuzzer's -merge=1):

* nir_import/: NIR files of the graphs spike-import handles — a tiny
  spiking transformer of spike's PyTorch front end (extension nodes:
  attention, batch norm, ternary LIF, max pool, ...), and standard-node
  graphs written with the `nir` package (Affine/LIF, Conv2d/IF/SumPool2d/
  Flatten, a recurrent CubaLIF, a nested graph).
* spike_ir/: every function of the spike-level lit tests that verifies on
  its own, one per file.

    .venv/bin/python3 fuzz/make_seeds.py

Seeds are regenerated from scratch; commit what changes.
"""

import pathlib
import re
import shutil
import subprocess
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "python"))

import nir  # noqa: E402
import torch  # noqa: E402

from spike.torch import SpikingTransformer, export_nir  # noqa: E402

CORPUS = ROOT / "fuzz" / "corpus"


def nir_seeds(out):
    torch.manual_seed(0)
    model = SpikingTransformer(img_size=8, in_channels=2, embed_dim=16, num_heads=2,
                               depth=1, T=2, num_classes=3, stem_pools=1)
    export_nir(model, str(out / "transformer.nir"))

    f32 = np.float32
    lif = dict(tau=np.full(3, 0.02, f32), r=np.ones(3, f32), v_leak=np.zeros(3, f32),
               v_threshold=np.ones(3, f32))
    nir.write(str(out / "affine_lif.nir"), nir.NIRGraph(
        nodes={"input": nir.Input(np.array([4])),
               "fc": nir.Affine(np.ones((3, 4), f32) * 0.5, np.zeros(3, f32)),
               "lif": nir.LIF(**lif),
               "output": nir.Output(np.array([3]))},
        edges=[("input", "fc"), ("fc", "lif"), ("lif", "output")]))

    conv = nir.Conv2d(input_shape=(6, 6), weight=np.ones((2, 1, 3, 3), f32) * 0.1,
                      stride=1, padding=1, dilation=1, groups=1, bias=np.zeros(2, f32))
    nir.write(str(out / "conv_if_pool.nir"), nir.NIRGraph(
        nodes={"input": nir.Input(np.array([1, 6, 6])),
               "conv": conv,
               "if": nir.IF(r=np.ones((2, 6, 6), f32), v_threshold=np.ones((2, 6, 6), f32)),
               "pool": nir.SumPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]),
                                     padding=np.array([0, 0])),
               "flat": nir.Flatten(input_type={"input": np.array([2, 3, 3])}, start_dim=0),
               "fc": nir.Linear(np.ones((2, 18), f32) * 0.1),
               "output": nir.Output(np.array([2]))},
        edges=[("input", "conv"), ("conv", "if"), ("if", "pool"), ("pool", "flat"),
               ("flat", "fc"), ("fc", "output")]))

    cuba = nir.CubaLIF(tau_syn=np.full(2, 0.01, f32), tau_mem=np.full(2, 0.02, f32),
                       r=np.ones(2, f32), v_leak=np.zeros(2, f32),
                       v_threshold=np.ones(2, f32), w_in=np.ones(2, f32))
    nir.write(str(out / "recurrent_cubalif.nir"), nir.NIRGraph(
        nodes={"input": nir.Input(np.array([2])),
               "fc": nir.Linear(np.eye(2, dtype=f32)),
               "lif": cuba,
               "rec": nir.Linear(np.full((2, 2), -0.5, f32)),
               "output": nir.Output(np.array([2]))},
        edges=[("input", "fc"), ("fc", "lif"), ("lif", "rec"), ("rec", "lif"),
               ("lif", "output")]))

    inner = nir.NIRGraph(
        nodes={"input": nir.Input(np.array([3])),
               "li": nir.LI(tau=np.full(3, 0.01, f32), r=np.ones(3, f32),
                            v_leak=np.zeros(3, f32)),
               "output": nir.Output(np.array([3]))},
        edges=[("input", "li"), ("li", "output")])
    nir.write(str(out / "nested.nir"), nir.NIRGraph(
        nodes={"input": nir.Input(np.array([3])), "block": inner,
               "scale": nir.Scale(np.full(3, 2.0, f32)),
               "output": nir.Output(np.array([3]))},
        edges=[("input", "block"), ("block", "scale"), ("scale", "output")]))


def functions(text):
    """The top-level func.func definitions of an MLIR file."""
    text = "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith("//"))
    for match in re.finditer(r"^func\.func @", text, re.M):
        depth, i = 0, text.index("{", match.start())
        for j in range(i, len(text)):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                yield text[match.start():j + 1]
                break


def ir_seeds(out):
    spike_opt = ROOT / "build" / "bin" / "spike-opt"
    sources = sorted((ROOT / "test" / "Conversion" / "SpikeToLinalg").glob("*.mlir")) + \
        sorted((ROOT / "test" / "Dialect" / "Spike").glob("*.mlir")) + \
        [ROOT / "test" / "Tools" / "Inputs" / "tiny.mlir"]
    count = 0
    for source in sources:
        text = source.read_text()
        for function in functions(text):
            if len(function) > 4096 or "spike." not in function:
                continue
            check = subprocess.run([str(spike_opt), "-", "-o", "/dev/null"], input=function,
                                   capture_output=True, text=True)
            if check.returncode != 0:
                continue
            count += 1
            (out / f"{source.stem}-{count:03d}.mlir").write_text(function + "\n")


def main():
    for name, make in (("nir_import", nir_seeds), ("spike_ir", ir_seeds)):
        out = CORPUS / name / "seeds"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        make(out)
        files = list(out.iterdir())
        print(f"{out.relative_to(ROOT)}: {len(files)} seeds, "
              f"{sum(f.stat().st_size for f in files)} bytes")


if __name__ == "__main__":
    main()
