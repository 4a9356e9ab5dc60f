//===- GPUPipeline.cpp - spike-gpu-pipeline -------------------------------===//

#include "spike/Pipelines/Pipelines.h"

#include "spike/Conversion/Passes.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"
#include "spike/Pipelines/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::spike;

#ifndef SPIKE_CUDA_TOOLKIT_DIR
#define SPIKE_CUDA_TOOLKIT_DIR "/usr/local/cuda"
#endif

/// Parallel loops to gpu.launch ({0}: block size).
static constexpr llvm::StringLiteral kMapToGPU =
    "func.func(spike-gpu-copies-to-linalg,"
    "          convert-linalg-to-parallel-loops),"
    "scf-forall-to-parallel,"
    "func.func(spike-gpu-fuse-time-loops,"
    "          spike-gpu-map-parallel-loops{{block-size={0}},"
    "          scf-parallel-for-to-nested-fors,"
    "          canonicalize)";
/// Kernels and host code to LLVM ({0}: chip, {1}: format, {2}: toolkit).
/// Host buffers come from _mlir_memref_to_llvm_alloc, which spike's CUDA
/// runtime implements with device-accessible memory.
static constexpr llvm::StringLiteral kLowerToGPU =
    "func.func(gpu-launch-sink-index-computations),"
    "gpu-kernel-outlining,"
    "spike-gpu-merge-kernel-modules,"
    "spike-gpu-kernel-data-layout,"
    "nvvm-attach-target{{chip={0} O=3},"
    "expand-strided-metadata,"
    "lower-affine,"
    "gpu.module(convert-scf-to-cf,"
    "           convert-gpu-to-nvvm,"
    "           canonicalize,"
    "           cse),"
    "convert-scf-to-cf,"
    "convert-math-to-llvm,"
    "finalize-memref-to-llvm{{use-generic-functions=1},"
    "gpu-to-llvm,"
    "convert-to-llvm,"
    "reconcile-unrealized-casts,"
    "spike-gpu-async-launches,"
    "gpu-module-to-binary{{format={1} toolkit={2}},"
    "spike-gpu-device-globals,"
    "canonicalize,"
    "spike-check-lowered-to-llvm{{allow-gpu=1}";

namespace {
/// Stands in for the pipeline when its options are invalid: the error is
/// reported when it runs, like any pass failure.
struct InvalidOptions
    : public PassWrapper<InvalidOptions, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(InvalidOptions)
  explicit InvalidOptions(std::string message) : message(std::move(message)) {}
  StringRef getArgument() const final { return "spike-gpu-pipeline"; }
  void runOnOperation() override {
    getOperation().emitError() << "spike-gpu-pipeline: " << message;
    signalPassFailure();
  }
  std::string message;
};

/// Why `options` cannot be used, or "".
std::string checkOptions(const GPUPipelineOptions &options) {
  StringRef chip = options.chip;
  unsigned version;
  if (!chip.consume_front("sm_") ||
      chip.take_while(llvm::isDigit).getAsInteger(10, version) ||
      version < 50)
    return "chip must be sm_NN (NN >= 50, e.g. sm_80 or sm_90), got '" +
           options.chip + "'";
  if (!llvm::is_contained({"fatbin", "bin", "isa", "offload"},
                          StringRef(options.format)))
    return "format must be fatbin, bin, isa or offload, got '" +
           options.format + "'";
  if (options.blockSize < 32 || options.blockSize > 1024 ||
      options.blockSize % 32 != 0)
    return "block-size must be a multiple of 32 from 32 to 1024, got " +
           std::to_string(options.blockSize);
  if (StringRef(options.toolkit).find_first_of("{}, ") != StringRef::npos)
    return "the toolkit path may not contain spaces, commas or braces: '" +
           options.toolkit + "'";
  return "";
}
} // namespace

void mlir::spike::buildSpikeGPUPipeline(OpPassManager &pm,
                                        const GPUPipelineOptions &options) {
  if (std::string problem = checkOptions(options); !problem.empty()) {
    pm.addPass(std::make_unique<InvalidOptions>(problem));
    return;
  }
  // Spike level, as for the CPU.
  pm.addPass(createSpikeFoldBatchNorm());
  pm.addPass(createSpikeReassociateAttention(
      SpikeReassociateAttentionOptions{options.attentionOrder}));
  pm.addPass(createCanonicalizerPass());

  // Bit-packed spikes; each accumulation is one parallel loop over the
  // output elements, attention heads another.
  ConvertSpikeToLinalgOptions lowering;
  lowering.accumulateLanes = 1;
  lowering.accumulateRegisters = 1;
  lowering.parallel = true;
  lowering.perOutput = true;
  pm.addPass(createConvertSpikeToLinalg(lowering));
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Buffers, as for the CPU.
  addBufferization(pm);

  std::string toolkit = options.toolkit.empty() ? SPIKE_CUDA_TOOLKIT_DIR
                                                : std::string(options.toolkit);
  std::string mapToGPU =
      llvm::formatv(kMapToGPU.data(), int64_t(options.blockSize));
  std::string lowerToGPU =
      llvm::formatv(kLowerToGPU.data(), std::string(options.chip),
                    std::string(options.format), toolkit);
  if (failed(parsePassPipeline(mapToGPU, pm)))
    llvm::report_fatal_error("spike-gpu-pipeline: bad upstream pipeline");
  if (options.hostEmulation) {
    // The kernels as host loops, then the CPU's lowering.
    pm.addNestedPass<func::FuncOp>(createSpikeGPULaunchToLoops());
    addHostLoweringToLLVM(pm, /*runtimeAllocator=*/false);
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createSpikeCheckLoweredToLLVM());
    return;
  }
  if (failed(parsePassPipeline(lowerToGPU, pm)))
    llvm::report_fatal_error("spike-gpu-pipeline: bad upstream pipeline");
}
