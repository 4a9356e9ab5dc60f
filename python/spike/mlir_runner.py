"""Run MLIR functions on NumPy arrays through spike-opt and mlir-runner.

The execution tests use this to check compiled spike code against the NumPy
reference: every input is embedded as an exact f32 constant, every output is
printed as raw bits, so values come back bit for bit.

    program = Program()
    program.add("double", '''
      func.func @double(%x: tensor<4xf32>) -> tensor<4xf32> {
        %y = arith.addf %x, %x : tensor<4xf32>
        return %y : tensor<4xf32>
      }''', [np.arange(4, dtype=np.float32)])
    results = program.run()          # {"double": [array([0., 2., 4., 6.])]}

Functions take and return f32 tensors only; tests convert to and from spike
types inside them (see ``to_spikes``/``from_spikes``). ``Checker`` compares
the results with the reference and prints one ``name: ok`` line per case
(the lit tests in test/Integration/CPU FileCheck those lines).
"""

import os
import re
import shutil
import subprocess
import tempfile

import numpy as np

LLVM_DIR = os.environ.get("SPIKE_LLVM_DIR", "/usr/lib/llvm-22")


def _tool(name, env_var, fallback):
    path = os.environ.get(env_var) or shutil.which(name)
    return path or fallback


def spike_opt_path():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "build", "bin", "spike-opt")
    return _tool("spike-opt", "SPIKE_OPT", default)


def mlir_runner_path():
    return _tool("mlir-runner", "MLIR_RUNNER", os.path.join(LLVM_DIR, "bin", "mlir-runner"))


def tensor_type(shape, element="f32"):
    dims = "x".join(str(d) for d in shape)
    return f"tensor<{dims}x{element}>" if dims else f"tensor<{element}>"


def dense_f32(array):
    """An exact MLIR f32 tensor constant (hex blob, little endian)."""
    # Not np.ascontiguousarray: it turns a rank-0 array into shape (1,).
    array = np.asarray(array, dtype="<f4")
    return f'dense<"0x{array.tobytes().hex().upper()}"> : {tensor_type(array.shape)}'


def f32_attr(value):
    """An exact MLIR f32 scalar attribute (hex bits)."""
    bits = np.asarray(value, dtype="<f4").view("<u4").item()
    return f"0x{bits:08X} : f32"


def neuron_attributes(params):
    """The attribute dictionary of a neuron op (" {...}", or "" without
    parameters): compare and reset as enums, scalars as f32, arrays as
    dense f32."""
    def attribute(key, value):
        if key in ("compare", "reset"):
            return f"{key} = #spike.{key}<{value}>"
        if np.ndim(value) == 0:
            return f"{key} = {f32_attr(value)}"
        return f"{key} = {dense_f32(value)}"
    attrs = ", ".join(attribute(k, v) for k, v in params.items())
    return f" {{{attrs}}}" if attrs else ""


def to_spikes(name, value, shape, element):
    """MLIR lines converting f32 tensor %value (0/1, or -1/0/1) into spikes
    %name of element type i1 or i2."""
    f32 = tensor_type(shape)
    if element == "i1":
        return (f"%{name}_zero = arith.constant dense<0.0> : {f32}\n"
                f"%{name} = arith.cmpf one, %{value}, %{name}_zero : {f32}\n")
    if element == "i2":
        return f"%{name} = arith.fptosi %{value} : {f32} to {tensor_type(shape, 'i2')}\n"
    raise ValueError(f"not a spike element type: {element}")


def from_spikes(name, value, shape, element):
    """MLIR line converting spikes %value (i1 or i2) into f32 %name."""
    op = {"i1": "arith.uitofp", "i2": "arith.sitofp"}[element]
    return f"%{name} = {op} %{value} : {tensor_type(shape, element)} to {tensor_type(shape)}\n"


class Program:
    """A set of MLIR functions, each called once on its own inputs."""

    def __init__(self):
        self._functions = []
        self._calls = []

    def add(self, name, function_text, inputs):
        """Adds `function_text` defining func.func @name; it is called with
        `inputs` (arrays, converted to f32) and must return f32 tensors."""
        self._functions.append(function_text)
        inputs = [np.asarray(x, dtype=np.float32) for x in inputs]
        signature = re.search(
            r"func\.func @" + re.escape(name) + r"\((.*?)\)\s*->\s*(.*?)\s*\{",
            function_text, re.S)
        if not signature:
            raise ValueError(f"no func.func @{name}(...) -> ... {{ in the text")
        result_types = re.findall(r"tensor<[^>]*>", signature.group(2))
        self._calls.append((name, inputs, result_types))

    def _main(self):
        lines = ["func.func private @printMemrefI32(memref<*xi32>)",
                 "func.func @main() {"]
        for index, (name, inputs, result_types) in enumerate(self._calls):
            args = []
            for a, array in enumerate(inputs):
                lines.append(f"  %c{index}_{a} = arith.constant {dense_f32(array)}")
                args.append(f"%c{index}_{a}")
            in_types = ", ".join(tensor_type(x.shape) for x in inputs)
            results = [f"%r{index}_{r}" for r in range(len(result_types))]
            lhs = f"{', '.join(results)} = " if results else ""
            lines.append(f"  {lhs}call @{name}({', '.join(args)}) : ({in_types}) -> "
                         f"({', '.join(result_types)})")
            for r, (value, rtype) in enumerate(zip(results, result_types)):
                itype = rtype.replace("f32>", "i32>")
                mtype = rtype.replace("tensor<", "memref<")
                mitype = itype.replace("tensor<", "memref<")
                lines += [
                    f"  %b{index}_{r} = arith.bitcast {value} : {rtype} to {itype}",
                    f"  %m{index}_{r} = bufferization.to_buffer %b{index}_{r} : {itype} to {mitype}",
                    f"  %u{index}_{r} = memref.cast %m{index}_{r} : {mitype} to memref<*xi32>",
                    f"  call @printMemrefI32(%u{index}_{r}) : (memref<*xi32>) -> ()",
                ]
                del mtype
        lines += ["  return", "}"]
        return "\n".join(lines)

    def source(self):
        return "\n".join(self._functions) + "\n" + self._main() + "\n"

    def run(self, pipeline_options="", keep=None, pipeline="spike-cpu-pipeline"):
        """Compiles with --`pipeline` (spike-cpu-pipeline, or
        spike-gpu-pipeline with host-emulation=1) and runs; returns
        {name: [arrays]}."""
        with tempfile.TemporaryDirectory() as tmp:
            source = keep or os.path.join(tmp, "program.mlir")
            with open(source, "w") as f:
                f.write(self.source())
            option = f"--{pipeline}" + (f"={pipeline_options}" if pipeline_options else "")
            lowered = subprocess.run([spike_opt_path(), source, option],
                                     capture_output=True, text=True)
            if lowered.returncode != 0:
                raise RuntimeError(f"spike-opt failed on {source}:\n{lowered.stderr}")
            libs = ",".join(os.path.join(LLVM_DIR, "lib", lib) for lib in
                            ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
            ran = subprocess.run([mlir_runner_path(), "-e", "main", "--entry-point-result=void",
                                  f"-shared-libs={libs}"], input=lowered.stdout,
                                 capture_output=True, text=True)
            if ran.returncode != 0:
                raise RuntimeError(f"mlir-runner failed:\n{ran.stderr}")
        return self._parse(ran.stdout)

    def _parse(self, text):
        blocks = text.split("Unranked Memref")[1:]
        arrays = []
        for block in blocks:
            sizes = re.search(r"sizes = \[([^\]]*)\]", block).group(1)
            shape = tuple(int(s) for s in sizes.split(",") if s.strip())
            data = block.split("data =", 1)[1]
            values = np.array([int(v) for v in re.findall(r"-?\d+", data)], dtype=np.int64)
            arrays.append(values.astype(np.int32).view(np.float32).reshape(shape))
        results = {}
        for name, _, result_types in self._calls:
            results[name] = [arrays.pop(0) for _ in result_types]
        return results


class Checker:
    """Compares results with the NumPy reference, one printed line per case
    (``name: ok``), and fails the test at ``done()`` if any case differed.

    Spikes and exactly computable values must match bit for bit (SPEC
    section 5); ``rtol`` is for values that truly cannot be exact."""

    def __init__(self):
        self.failures = []

    def _fail(self, name, message):
        print(f"{name}: FAIL {message}")
        self.failures.append(name)

    def check(self, name, got, want, rtol=None, spikes=None):
        """Checks `got` (f32 array) against `want` (any dtype, converted to
        f32): equal values, or within `rtol` (relative to the largest
        |want|, so that values near zero do not dominate). `spikes`, with
        `rtol`, is the fraction of elements that must be identical (spike
        outputs of inexact inputs: a spike flips where h sits on the
        threshold)."""
        want = np.asarray(want).astype(np.float32)
        got = np.asarray(got)
        if got.shape != want.shape:
            return self._fail(name, f"shape {got.shape}, expected {want.shape}")
        if rtol is None:
            bad = ~((got == want) | (np.isnan(got) & np.isnan(want)))
        elif spikes is not None:
            identical = np.mean(got == want) if want.size else 1.0
            if identical < spikes:
                bad = got != want
            else:
                bad = np.zeros(want.shape, bool)
        else:
            scale = np.abs(want).max() if want.size else 0.0
            bad = ~np.isclose(got, want, rtol=rtol, atol=rtol * scale)
        if bad.any():
            where = np.argwhere(bad)[:8]
            details = ", ".join(
                f"{tuple(int(i) for i in w)}: got {got[tuple(w)]!r} expected "
                f"{want[tuple(w)]!r}" for w in where)
            return self._fail(name, f"{int(bad.sum())} of {want.size} differ; first: {details}")
        print(f"{name}: ok")

    def done(self):
        if self.failures:
            raise SystemExit(f"{len(self.failures)} case(s) differ from the "
                             f"reference: {', '.join(self.failures)}")
