//===- GPUPipeline.cpp - spike-gpu-pipeline -------------------------------===//

#include "spike/Pipelines/Pipelines.h"

#include "spike/Codegen/Common/Passes.h"
#include "spike/Codegen/GPU/Passes.h"
#include "spike/Conversion/Passes.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ConvertToLLVM/ToLLVMPass.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::spike;

#ifndef SPIKE_CUDA_TOOLKIT_DIR
#define SPIKE_CUDA_TOOLKIT_DIR "/usr/local/cuda"
#endif

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

  // Parallel loops to gpu.launch, one thread per iteration.
  OpPassManager &functions = pm.nest<func::FuncOp>();
  functions.addPass(createSpikeGPUCopiesToLinalg());
  functions.addPass(createConvertLinalgToParallelLoopsPass());
  pm.addPass(createForallToParallelLoopPass());
  OpPassManager &launches = pm.nest<func::FuncOp>();
  launches.addPass(createSpikeGPUFuseTimeLoops());
  launches.addPass(createSpikeGPUMapParallelLoops(
      SpikeGPUMapParallelLoopsOptions{options.blockSize}));
  // The thread ids' ranges are known from the launch: ids of dimensions of
  // size 1 and bounds checks every thread passes fold away.
  launches.addPass(arith::createArithIntRangeOpts());
  launches.addPass(createParallelForToNestedForsPass());
  launches.addPass(createCanonicalizerPass());

  if (options.hostEmulation) {
    // The kernels as host loops, then the CPU's lowering.
    pm.addNestedPass<func::FuncOp>(createSpikeGPULaunchToLoops());
    addHostLoweringToLLVM(pm, /*runtimeAllocator=*/false);
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createSpikeCheckLoweredToLLVM());
    return;
  }

  // Kernels: outlined into one gpu.module, compiled for the chip with NVVM.
  pm.addNestedPass<func::FuncOp>(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createSpikeGPUMergeKernelModules());
  pm.addPass(createSpikeGPUKernelDataLayout());
  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  target.optLevel = 3;
  pm.addPass(createGpuNVVMAttachTarget(target));
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createSCFToControlFlowPass());
  kernels.addPass(createConvertGpuOpsToNVVMOps());
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());

  // Host code to LLVM. Its buffers come from _mlir_memref_to_llvm_alloc,
  // which spike's CUDA runtime implements with device-accessible memory.
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertMathToLLVMPass());
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createGpuToLLVMConversionPass());
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createSpikeGPUAsyncLaunches());

  // The kernels' binary, through the toolkit's ptxas and fatbinary.
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = options.format;
  binary.toolkitPath = options.toolkit.empty() ? SPIKE_CUDA_TOOLKIT_DIR
                                               : std::string(options.toolkit);
  pm.addPass(createGpuModuleToBinaryPass(binary));
  pm.addPass(createSpikeGPUDeviceGlobals());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createSpikeCheckLoweredToLLVM(
      SpikeCheckLoweredToLLVMOptions{/*allowGPU=*/true}));
}
