//===- Passes.td - conversions out of the spike dialect ----*- tablegen -*-===//

#ifndef SPIKE_CONVERSION_PASSES_TD
#define SPIKE_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertSpikeToLinalg : Pass<"convert-spike-to-linalg"> {
  let summary = "Lower spike ops to linalg/tensor/arith/scf/vector on bit-packed spikes";
  let description = [{
    Lowers every op of the spike dialect to `linalg`, `tensor`, `arith`,
    `scf`, `vector` and `math` ops on tensors:

    * spike tensors become bitmasks: binary spikes 64 per `i64` word along the
      innermost dimension, ternary spikes as two bit planes (+1, -1); neurons
      produce the packed words directly;
    * `spike.linear`, `spike.conv2d` (through a bit-level im2col) and
      `spike.attention` on spikes become addition-only accumulation: for every
      set bit, found with count-trailing-zeros, a weight row is added (or
      subtracted for -1). The partial sums of a tile of outputs stay in
      `accumulate-registers` loop-carried vectors of `accumulate-lanes`
      floats while a point's bits are visited. Real-valued (f32) inputs use an ordinary matmul;
    * neurons become a loop over time carrying the membrane, with one
      elementwise `linalg.generic` per step;
    * the attention follows its `spike.attention_order` attribute or, when
      absent, the cheaper order.

    Every spike op must have static shapes. Function signatures are kept:
    spike values entering or leaving converted code are packed or unpacked.
  }];
  let options = [
    Option<"accumulateLanes", "accumulate-lanes", "int64_t", "8",
           "f32 lanes of a vector register (the target's vector width); "
           "0: the module's spike.cpu_strategy">,
    Option<"accumulateRegisters", "accumulate-registers", "int64_t", "8",
           "vector registers of partial sums per accumulation tile; 0: the "
           "module's spike.cpu_strategy">,
    Option<"wordsOuter", "accumulate-words-outer", "bool", "false",
           "loop over spike words outside the points, so that the rows one "
           "word selects stay in L1 (partial sums then go through memory)">,
    Option<"parallel", "parallel", "bool", "false",
           "make the accumulations (column tiles x blocks of points) and the "
           "attention heads scf.forall loops">,
    Option<"perOutput", "accumulate-per-output", "bool", "false",
           "one accumulation loop iteration per output element, points "
           "outer and columns inner (GPU: a thread per output column, the "
           "threads of a warp sharing a point's spike words)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
}

#endif // SPIKE_CONVERSION_PASSES_TD
