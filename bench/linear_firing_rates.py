"""spike.linear on bit-packed spikes versus the same layer as a dense f32
matmul, both compiled by spike-opt --spike-cpu-pipeline, at several firing
rates. Both run in one mlir-runner process (-O3, one thread), interleaved,
and the script prints the median time of each and their ratio per rate.

    .venv/bin/python3 bench/linear_firing_rates.py [--tokens 256] [--inputs 384]
        [--outputs 1536] [--rates 0.01,0.05,0.1,0.2,0.5] [--reps 7] [--iters 10]

The bitmask function receives the spikes as a membrane input thresholded by a
spike.lif (decay 0, gain 1, threshold 0.5), so its time includes the neuron
that packs them, as in a network; the dense function receives the same spikes
as 0.0/1.0 floats and runs spike.linear on f32 input (linalg.matmul, tiled
and vectorized by the same pipeline). Outputs are compared.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from spike.mlir_runner import LLVM_DIR, dense_f32, mlir_runner_path, spike_opt_path  # noqa: E402


def module(tokens, inputs, outputs, rates, reps, iters):
    x_type = f"tensor<{tokens}x{inputs}xf32>"
    w_type = f"tensor<{outputs}x{inputs}xf32>"
    y_type = f"tensor<{tokens}x{outputs}xf32>"
    s_type = f"tensor<1x{tokens}x{inputs}xf32>"
    lines = [f"""
func.func @bitmask(%x: {x_type}, %w: {w_type}) -> {y_type} {{
  %m = tensor.expand_shape %x [[0, 1], [2]] output_shape [1, {tokens}, {inputs}] : {x_type} into {s_type}
  %s = spike.lif %m {{decay = 0.0 : f32, gain = 1.0 : f32, v_threshold = 5.0e-01 : f32}}
      : {s_type} -> tensor<1x{tokens}x{inputs}xi1>
  %y = spike.linear %s, %w : (tensor<1x{tokens}x{inputs}xi1>, {w_type}) -> tensor<1x{tokens}x{outputs}xf32>
  %r = tensor.collapse_shape %y [[0, 1], [2]] : tensor<1x{tokens}x{outputs}xf32> into {y_type}
  return %r : {y_type}
}}
func.func @dense(%x: {x_type}, %w: {w_type}) -> {y_type} {{
  %y = spike.linear %x, %w : ({x_type}, {w_type}) -> {y_type}
  return %y : {y_type}
}}
func.func private @rtclock() -> f64
func.func private @printF64(f64)
func.func private @printNewline()
func.func private @printMemrefF32(memref<*xf32>)
func.func @time_bitmask(%x: {x_type}, %w: {w_type}) -> f64 {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant {iters} : index
  %t0 = call @rtclock() : () -> f64
  scf.for %i = %c0 to %n step %c1 {{
    %y = func.call @bitmask(%x, %w) : ({x_type}, {w_type}) -> {y_type}
  }}
  %t1 = call @rtclock() : () -> f64
  %d = arith.subf %t1, %t0 : f64
  return %d : f64
}}
func.func @time_dense(%x: {x_type}, %w: {w_type}) -> f64 {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant {iters} : index
  %t0 = call @rtclock() : () -> f64
  scf.for %i = %c0 to %n step %c1 {{
    %y = func.call @dense(%x, %w) : ({x_type}, {w_type}) -> {y_type}
  }}
  %t1 = call @rtclock() : () -> f64
  %d = arith.subf %t1, %t0 : f64
  return %d : f64
}}
func.func @check(%x: {x_type}, %w: {w_type}) {{
  %a = call @bitmask(%x, %w) : ({x_type}, {w_type}) -> {y_type}
  %b = call @dense(%x, %w) : ({x_type}, {w_type}) -> {y_type}
  %d = arith.subf %a, %b : {y_type}
  %e = math.absf %d : {y_type}
  %m = bufferization.to_buffer %e : {y_type} to memref<{tokens}x{outputs}xf32>
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ct = arith.constant {tokens} : index
  %co = arith.constant {outputs} : index
  %max = scf.for %i = %c0 to %ct step %c1 iter_args(%acc = %zero) -> f32 {{
    %row = scf.for %j = %c0 to %co step %c1 iter_args(%r = %acc) -> f32 {{
      %v = memref.load %m[%i, %j] : memref<{tokens}x{outputs}xf32>
      %n = arith.maximumf %r, %v : f32
      scf.yield %n : f32
    }}
    scf.yield %row : f32
  }}
  %max64 = arith.extf %max : f32 to f64
  call @printF64(%max64) : (f64) -> ()
  call @printNewline() : () -> ()
  return
}}
"""]
    rng = np.random.default_rng(0)
    weight = (rng.standard_normal((outputs, inputs)) / np.sqrt(inputs)).astype(np.float32)
    body = [f"  %w = arith.constant {dense_f32(weight)}"]
    for r, rate in enumerate(rates):
        spikes = (rng.random((tokens, inputs)) < rate).astype(np.float32)
        body.append(f"  %x{r} = arith.constant {dense_f32(spikes)}")
        body.append(f"  call @check(%x{r}, %w) : ({x_type}, {w_type}) -> ()")
        body.append(f"  %warm{r} = call @time_bitmask(%x{r}, %w) : ({x_type}, {w_type}) -> f64")
        body.append(f"  %warmd{r} = call @time_dense(%x{r}, %w) : ({x_type}, {w_type}) -> f64")
        for rep in range(reps):
            for kind in ("bitmask", "dense"):
                body.append(f"  %t_{kind}_{r}_{rep} = call @time_{kind}(%x{r}, %w) : ({x_type}, {w_type}) -> f64")
                body.append(f"  call @printF64(%t_{kind}_{r}_{rep}) : (f64) -> ()")
                body.append("  call @printNewline() : () -> ()")
    lines.append("func.func @main() {\n" + "\n".join(body) + "\n  return\n}\n")
    return "".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokens", type=int, default=256, help="4 x 64 tokens")
    parser.add_argument("--inputs", type=int, default=384)
    parser.add_argument("--outputs", type=int, default=1536)
    parser.add_argument("--rates", default="0.01,0.05,0.1,0.2,0.5")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--iters", type=int, default=10)
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "bench.mlir")
        with open(source, "w") as f:
            f.write(module(args.tokens, args.inputs, args.outputs, rates, args.reps, args.iters))
        start = time.time()
        lowered = subprocess.run([spike_opt_path(), source, "--spike-cpu-pipeline"],
                                 capture_output=True, text=True, check=True).stdout
        print(f"compiled in {time.time() - start:.1f} s; running "
              f"{args.reps} x {args.iters} calls per function and rate", file=sys.stderr)
        libs = ",".join(os.path.join(LLVM_DIR, "lib", lib)
                        for lib in ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
        out = subprocess.run([mlir_runner_path(), "-O3", "-e", "main", "--entry-point-result=void",
                              f"-shared-libs={libs}"], input=lowered, capture_output=True,
                             text=True, check=True).stdout
    values = [float(v) for v in out.split()]
    per_rate = 1 + 2 * args.reps
    print(f"spike.linear {args.tokens} tokens x {args.inputs} -> {args.outputs}, one thread, "
          f"median of {args.reps} x {args.iters} calls")
    print(f"{'rate':>6} {'bitmask ms':>11} {'dense f32 ms':>13} {'dense/bitmask':>14} {'max |diff|':>11}")
    for r, rate in enumerate(rates):
        block = values[r * per_rate:(r + 1) * per_rate]
        diff, times = block[0], block[1:]
        bitmask = statistics.median(times[0::2]) / args.iters * 1e3
        dense = statistics.median(times[1::2]) / args.iters * 1e3
        print(f"{rate:6.0%} {bitmask:11.3f} {dense:13.3f} {dense / bitmask:13.2f}x {diff:11.2e}")


if __name__ == "__main__":
    main()
