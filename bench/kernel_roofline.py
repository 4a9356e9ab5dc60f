"""The bitmask accumulation kernel against this machine's limits: achieved
additions per second of a compiled spike.linear (cifar-4-384's MLP shape,
1024 points x 384 -> 1536) next to the measured peak add rate and the
load+add rates from L1, L2 and L3 (bench/roofline.py).

    .venv/bin/python3 bench/kernel_roofline.py [--rates 0.05,0.15,0.3,0.7] [--threads 1,2]

Per firing rate, two compiled models on the same spikes (a LIF of threshold
0.5 on 0/1 input, so its spikes are exactly the input's ones):

    full:  x -> spike.lif -> spike.linear 384 -> 1536   (the kernel)
    base:  x -> spike.lif -> spike.linear 384 -> 16     (the same neuron, ~1 % of the adds)

The kernel's time is the difference of their medians; its additions are
those it executes: for each point and 64-bit word, the rows of the set bits,
or for a word more than half set, one row sum plus the rows of the clear
bits, 1536 - 16 lanes each. The rate is compared with the L1 load+add rate:
each word selects rows of a 64 x 128-float block (32 KiB) that the words-
outer loop order keeps in L1, so L1 bandwidth (one 64-byte row segment per
16 adds) and the add units bound the kernel, whichever is lower.
"""

import argparse
import os
import sys
import tempfile

import numpy as np

from common import compile_model, interleaved_medians, machine

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import roofline  # noqa: E402
from spike.mlir_runner import dense_f32  # noqa: E402

POINTS, INPUTS, OUTPUTS, BASE_OUTPUTS = 1024, 384, 1536, 16


def module(weight):
    outputs = weight.shape[0]
    x = f"tensor<1x{POINTS}x{INPUTS}xf32>"
    return f"""
func.func @forward(%x: {x}) -> tensor<1x{POINTS}x{outputs}xf32> {{
  %w = arith.constant {dense_f32(weight)}
  %s = spike.lif %x {{decay = 0.0 : f32, gain = 1.0 : f32, v_threshold = 0.5 : f32}}
      : {x} -> tensor<1x{POINTS}x{INPUTS}xi1>
  %y = spike.linear %s, %w : (tensor<1x{POINTS}x{INPUTS}xi1>, tensor<{outputs}x{INPUTS}xf32>)
      -> tensor<1x{POINTS}x{outputs}xf32>
  return %y : tensor<1x{POINTS}x{outputs}xf32>
}}
"""


def executed_adds(spikes, lanes):
    """Additions the kernel performs: per word, min(set, clear) rows (+1 row
    sum when it takes the complement), times the lanes."""
    words = spikes.reshape(POINTS, INPUTS // 64, 64)
    set_bits = words.sum(-1)
    clear_bits = 64 - set_bits
    per_word = np.where(2 * set_bits > 64, clear_bits + 1, set_bits)
    return int(per_word.sum()) * lanes


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rates", default="0.05,0.15,0.3,0.7")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    limits = roofline.measure()
    print(f"machine: {machine()}")
    print(f"roofline: peak add {limits['peak_add_1t'] / 1e9:.0f} Gadd/s per core; load+add "
          f"L1 {limits['l1_load_add'] / 1e9:.0f}, L2 {limits['l2_load_add'] / 1e9:.0f}, "
          f"L3 {limits['l3_load_add'] / 1e9:.0f} Gadd/s (1 thread)")
    weight = (rng.standard_normal((OUTPUTS, INPUTS)) / np.sqrt(INPUTS)).astype(np.float32)
    threads = [int(t) for t in args.threads.split(",")]
    print(f"spike.linear {POINTS} points x {INPUTS} -> {OUTPUTS}")
    print(f"{'rate':>5} {'threads':>7} {'kernel ms':>10} {'Gadd/s':>8} {'of L1 load+add':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        models = {}
        for name, w in (("full", weight), ("base", weight[:BASE_OUTPUTS])):
            source = os.path.join(tmp, f"{name}.mlir")
            with open(source, "w") as f:
                f.write(module(w))
            models[name], _ = compile_model(source, os.path.join(tmp, f"{name}.so"))
        for rate in (float(r) for r in args.rates.split(",")):
            spikes = (rng.random((1, POINTS, INPUTS)) < rate).astype(np.float32)
            got = models["full"].run(spikes)[0]
            want = spikes[0] @ weight.T
            assert np.abs(got - want).max() <= 1e-4 * np.abs(want).max(), "wrong result"
            adds = executed_adds(spikes[0], OUTPUTS - BASE_OUTPUTS)
            for n in threads:
                for model in models.values():
                    model.num_threads = n
                medians = interleaved_medians(
                    {name: (lambda m=model: m.run(spikes)) for name, model in models.items()},
                    args.rounds, pause=0.1)
                kernel = medians["full"] - medians["base"]
                achieved = adds / kernel
                bound = limits["l1_load_add"] * n
                print(f"{rate:5.0%} {n:7d} {1e3 * kernel:10.3f} {achieved / 1e9:8.1f} "
                      f"{100 * achieved / bound:14.0f}%")


if __name__ == "__main__":
    main()
