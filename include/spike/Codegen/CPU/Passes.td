//===- Passes.td - CPU code generation passes ------------*- tablegen -*-===//
//
// Generic: no pass here needs the spike dialect (SpikeCodegenCPU links MLIR
// only), so that pipelines of other dialects can reuse them.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_CODEGEN_CPU_PASSES_TD
#define SPIKE_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def SpikeSelectCPUStrategy
    : Pass<"spike-select-cpu-strategy", "::mlir::ModuleOp"> {
  let summary = "Choose the CPU code generation strategy once, from the target";
  let description = [{
    Records on the module what the CPU code is tuned for:

      spike.cpu_strategy = {cpu = "x86-64-v3", vector_width = 8 : i64,
                            accumulate_registers = 8 : i64}

    `vector_width` (f32 lanes per vector register) follows the CPU's widest
    registers (16 with AVX-512, 8 with AVX, else 4) unless `vector-width` is
    given. `convert-spike-to-linalg` (bitmask accumulation tiles) and
    `spike-vectorize-cpu` (linalg tiles) read it when their own options are
    0, so the selection is made in one place and the output does not depend
    on the machine that runs the compiler. A module that already carries a
    strategy keeps it. The default CPU is `x86-64-v3` (AVX2: 8 lanes);
    `native` means the host's, which spike-compile uses.
  }];
  let options = [
    Option<"cpu", "cpu", "std::string", /*default=*/"\"x86-64-v3\"",
           "LLVM CPU name (x86-64-v3, x86-64-v4, znver4, ...) or native">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"0",
           "f32 lanes per vector register; 0: from the CPU">,
    Option<"accumulateRegisters", "accumulate-registers", "int64_t",
           /*default=*/"8",
           "vector registers of partial sums per bitmask-accumulation tile">
  ];
}

def SpikeVectorizeCPU : Pass<"spike-vectorize-cpu", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg ops on tensors and vectorize them for the CPU";
  let description = [{
    Tiles every linalg op on tensors with static loop ranges so that one
    tile holds at most 16 vector registers of f32, innermost dimension first
    (the output dimension of the bitmask accumulation, the 64 lanes of a
    neuron step), and vectorizes the tiles, masking partial ones. Matmuls
    (batched too) get tiles of 4 rows x 4 registers (2 with AVX2) and one
    step of the reduction, vectorized to `vector.contract`, whose output tile
    is then carried in registers across the reduction loop. Ops whose
    bodies gather integer words with `tensor.extract` (spike re-packing,
    maxpool of spikes) and ops on tensors of i1/i2 (unpacked spikes at
    function boundaries: vector memory accesses of sub-byte elements are
    bit-packed, buffers are not) stay scalar; f32 gathers (the im2col of a
    real-valued conv2d) become vector gathers. An all-parallel generic that
    does not read its init (an elementwise op whose init is one of its
    operands) first gets a `tensor.empty` init, so that bufferization does
    not copy that operand to write the result in place of it.

    With `parallel`, an op of at least 16384 iterations is first cut along
    its outermost parallel dimension of two or more iterations into up to 16
    equal chunks, the iterations of an `scf.forall`; the chunks are then
    tiled and vectorized as above.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"0",
           "f32 lanes per vector register; 0: the module's "
           "spike.cpu_strategy (spike-select-cpu-strategy)">,
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "cut large ops into the chunks of an scf.forall first">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect",
    "::mlir::affine::AffineDialect"
  ];
}

def SpikeHoistVectorTransfers
    : Pass<"spike-hoist-vector-transfers", "::mlir::func::FuncOp"> {
  let summary = "Keep loop-carried vector accumulators in registers";
  let description = [{
    After bufferization, hoists transfer_read/transfer_write pairs on the
    same buffer out of the loops that do not change their indices, so that
    accumulators live in vector registers across a reduction loop.
  }];
}

def SpikeHoistStaticAllocas
    : Pass<"spike-hoist-static-allocas", "::mlir::LLVM::LLVMFuncOp"> {
  let summary = "Move fixed-size stack allocations out of loops";
  let description = [{
    Lowering creates `llvm.alloca`s for temporaries where they are used:
    vector transfer buffers, memref descriptors passed to `memrefCopy`. In a
    loop body each iteration then grows the stack (LLVM treats an alloca
    outside the entry block as dynamic), and a long loop overflows it. This
    pass moves every alloca whose element count is a constant into the entry
    block; their uses are temporaries that do not outlive an iteration.
  }];
}

def SpikeOutlineForall : Pass<"spike-outline-forall", "::mlir::ModuleOp"> {
  let summary = "Run scf.forall loops on spike's thread pool";
  let description = [{
    Replaces every (bufferized, unmapped) `scf.forall` by a call

      spike_parallel_for(@<function>_forall<N>, %context, %iterations)

    where the new `func.func` runs the loop body for a range of linear
    iterations (multi-dimensional loops are delinearized with
    `affine.delinearize_index`) and %context is a stack struct holding the
    values the body uses from outside, in their LLVM form (constants are
    re-created instead). The values cross that boundary through
    `builtin.unrealized_conversion_cast` pairs that the lowering to LLVM
    folds away, so the outlining happens at the SCF/func level, where the
    body is still readable and the following passes (loop lowering,
    vectors) treat it like any function. The runtime
    (runtime/spike_parallel.c) hands chunks of the range to its threads;
    compiled models need no OpenMP runtime.

    Upstream's `async-parallel-for` outlines parallel loops the same way but
    targets the async runtime (coroutines, reference counting), which
    compiled models do not link; `convert-scf-to-openmp` needs libomp.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::scf::SCFDialect"
  ];
}

#endif // SPIKE_CODEGEN_CPU_PASSES_TD
