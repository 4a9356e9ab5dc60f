//===- Pipelines.h - spike-cpu-pipeline and spike-gpu-pipeline ----------===//

#ifndef SPIKE_PIPELINES_PIPELINES_H
#define SPIKE_PIPELINES_PIPELINES_H

#include "spike/Dialect/Spike/Transforms/Passes.h"

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mlir::spike {

struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<std::string> cpu{
      *this, "cpu",
      llvm::cl::desc("the CPU the code is tuned for: an LLVM CPU name "
                     "(x86-64-v3: AVX2, x86-64-v4: AVX-512, znver4, ...) or "
                     "native (the host's; spike-compile's default). The "
                     "default keeps spike-opt's output the same on every "
                     "machine"),
      llvm::cl::init("x86-64-v3")};
  PassOptions::Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("f32 lanes per vector register; 0 = the CPU's (16 with "
                     "AVX-512, 8 with AVX, else 4)"),
      llvm::cl::init(0)};
  PassOptions::Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("tile and vectorize the linalg ops (off: scalar loops)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> runtimeAllocator{
      *this, "runtime-allocator",
      llvm::cl::desc("allocate buffers through _mlir_memref_to_llvm_alloc/"
                     "free (spike's runtime caches them) instead of "
                     "malloc/free"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> accumulateRegisters{
      *this, "accumulate-registers",
      llvm::cl::desc("vector registers of partial sums per tile of the "
                     "bitmask accumulation"),
      llvm::cl::init(8)};
  PassOptions::Option<bool> accumulateWordsOuter{
      *this, "accumulate-words-outer",
      llvm::cl::desc("bitmask accumulation with spike words outside the "
                     "points (see convert-spike-to-linalg; faster from "
                     "about 10 % firing, bench/README.md)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> denseSpikes{
      *this, "dense-spikes",
      llvm::cl::desc("baseline: synapses and attentions take their spikes "
                     "as dense f32 (spike-dense-synapses: matmuls, no "
                     "bitmask accumulation)"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("run the accumulations, attention heads and large "
                     "elementwise ops as parallel loops on spike's thread "
                     "pool (the code then calls spike_parallel_for, "
                     "runtime/spike_parallel.c)"),
      llvm::cl::init(false)};
  PassOptions::Option<AttentionOrderPolicy> attentionOrder{
      *this, "attention-order",
      llvm::cl::desc("auto, scores_first or kv_first (see "
                     "--spike-reassociate-attention)"),
      llvm::cl::init(AttentionOrderPolicy::automatic),
      attentionOrderPolicyValues()};
};

struct GPUPipelineOptions : public PassPipelineOptions<GPUPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("the NVIDIA GPU compiled for (sm_90: H100/H200, sm_80: "
                     "A100, ...)"),
      llvm::cl::init("sm_90")};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("what gpu.binary holds: fatbin (cubin and PTX), bin "
                     "(cubin), isa (PTX text) or offload (LLVM IR)"),
      llvm::cl::init("fatbin")};
  PassOptions::Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("the CUDA toolkit whose ptxas and fatbinary make "
                     "cubins and fatbins (default: the one found when spike "
                     "was configured, else /usr/local/cuda)"),
      llvm::cl::init("")};
  PassOptions::Option<int64_t> blockSize{
      *this, "block-size", llvm::cl::desc("threads per block"),
      llvm::cl::init(256)};
  PassOptions::Option<AttentionOrderPolicy> attentionOrder{
      *this, "attention-order",
      llvm::cl::desc("auto, scores_first or kv_first (see "
                     "--spike-reassociate-attention)"),
      llvm::cl::init(AttentionOrderPolicy::automatic),
      attentionOrderPolicyValues()};
  PassOptions::Option<bool> hostEmulation{
      *this, "host-emulation",
      llvm::cl::desc("run the kernels on the host as loops over blocks and "
                     "threads (spike-gpu-launch-to-loops) and lower like the "
                     "CPU pipeline: checks the GPU lowering, under "
                     "mlir-runner, on a machine without a GPU"),
      llvm::cl::init(false)};
};

/// spike/func/arith/tensor/linalg on tensors -> host LLVM dialect plus a
/// gpu.binary of NVVM kernels: the CPU pipeline's spike-level passes and
/// bitmask lowering (one accumulation per output element), bufferization,
/// parallel loops to gpu.launch (spike-gpu-map-parallel-loops), kernel
/// outlining, NVVM, serialization, and spike's CUDA runtime for buffers
/// (runtime/spike_cuda_runtime.c).
void buildSpikeGPUPipeline(OpPassManager &pm, const GPUPipelineOptions &options);

/// spike/func/arith/tensor/linalg on tensors -> LLVM dialect:
/// spike-fold-batchnorm, spike-reassociate-attention, convert-spike-to-linalg,
/// tiling and vectorization, one-shot bufferization, lowering to loops and to
/// LLVM, and a final check that only LLVM dialect ops are left.
void buildSpikeCPUPipeline(OpPassManager &pm,
                           const CPUPipelineOptions &options);

/// One-shot bufferization of whole modules (identity layouts at function
/// boundaries, new buffers allowed for loop-carried state), buffer
/// deallocation, bufferization ops to memref: the same for both pipelines.
void addBufferization(OpPassManager &pm);

/// The upstream lowering of bufferized host code (linalg, loops, vectors,
/// memrefs, math) to the LLVM dialect; buffers through spike's runtime
/// (_mlir_memref_to_llvm_alloc/free) with `runtimeAllocator`, else malloc.
void addHostLoweringToLLVM(OpPassManager &pm, bool runtimeAllocator);

/// Registers --spike-cpu-pipeline, --spike-gpu-pipeline and the pipeline
/// passes.
void registerSpikePipelines();

} // namespace mlir::spike

#endif // SPIKE_PIPELINES_PIPELINES_H
