//===- CPUPipeline.cpp - spike-cpu-pipeline -------------------------------===//

#include "spike/Pipelines/Pipelines.h"

#include "spike/Codegen/CPU/Passes.h"
#include "spike/Codegen/Common/Passes.h"
#include "spike/Codegen/GPU/Passes.h"
#include "spike/Conversion/Passes.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ConvertToLLVM/ToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::spike;

void mlir::spike::addBufferization(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  // Loop-carried state (membranes of time loops) may be a new buffer each
  // iteration.
  bufferize.allowReturnAllocsFromLoops = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createCanonicalizerPass());
}

void mlir::spike::addHostLoweringToLLVM(OpPassManager &pm,
                                        bool runtimeAllocator) {
  // Loops and vectors of each function: accumulators stay in registers
  // (spike-hoist-vector-transfers) before transfers become loads/stores.
  OpPassManager &functions = pm.nest<func::FuncOp>();
  functions.addPass(createConvertLinalgToLoopsPass());
  functions.addPass(createSpikeHoistVectorTransfers());
  functions.addPass(createConvertVectorToSCFPass());
  functions.addPass(vector::createLowerVectorMultiReductionPass());
  functions.addPass(vector::createLowerVectorMaskPass());

  // Function-local rewrites: one function per thread.
  functions.addPass(memref::createExpandStridedMetadataPass());
  functions.addPass(createLowerAffinePass());
  functions.addPass(createSCFToControlFlowPass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.vectorContractLowering =
      vector::VectorContractLowering::OuterProduct;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = runtimeAllocator;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::spike::buildSpikeCPUPipeline(OpPassManager &pm,
                                        const CPUPipelineOptions &options) {
  // Spike level.
  pm.addPass(createSpikeFoldBatchNorm());
  pm.addPass(createSpikeReassociateAttention(
      SpikeReassociateAttentionOptions{options.attentionOrder}));
  if (options.denseSpikes)
    pm.addPass(createSpikeDenseSynapses());
  pm.addPass(createCanonicalizerPass());

  // The strategy, chosen once from the target and recorded on the module:
  // the bitmask accumulation and the vectorization below read it.
  // Accumulation tiles are whole vector registers (8 by default: wide
  // enough to amortize the bit scan, few enough to stay in registers on
  // AVX2).
  pm.addPass(createSpikeSelectCPUStrategy(SpikeSelectCPUStrategyOptions{
      options.cpu, options.vectorWidth, options.accumulateRegisters}));

  // Bit-packed spikes and addition-only loops on tensors.
  pm.addPass(createConvertSpikeToLinalg(ConvertSpikeToLinalgOptions{
      /*accumulateLanes=*/options.vectorize ? 0 : 1,
      /*accumulateRegisters=*/0,
      /*wordsOuter=*/options.accumulateWordsOuter,
      /*parallel=*/options.parallel}));
  // Elementwise arith on tensors (residual adds, spikes converted to f32)
  // becomes linalg so that it is vectorized and bufferized like the rest.
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.vectorize) {
    pm.addNestedPass<func::FuncOp>(
        createSpikeVectorizeCPU(SpikeVectorizeCPUOptions{
            /*vectorWidth=*/0, options.parallel}));
    // Masks of partial tiles become masked transfers before bufferization,
    // whose deallocation code must not land inside vector.mask regions.
    pm.addNestedPass<func::FuncOp>(vector::createLowerVectorMaskPass());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }

  addBufferization(pm);

  // Parallel loops: scf.forall bodies become functions that spike's thread
  // pool calls (spike-outline-forall); sequential loops otherwise.
  if (options.parallel)
    pm.addPass(createSpikeOutlineForall());
  pm.addPass(createForallToParallelLoopPass());

  // Loops, vectors and LLVM.
  addHostLoweringToLLVM(pm, options.runtimeAllocator);
  OpPassManager &llvmFunctions = pm.nest<LLVM::LLVMFuncOp>();
  llvmFunctions.addPass(createSpikeHoistStaticAllocas());
  llvmFunctions.addPass(createCanonicalizerPass());
  pm.addPass(createSpikeCheckLoweredToLLVM());
}

void mlir::spike::registerSpikePipelines() {
  registerSpikeCodegenCommonPasses();
  registerSpikeCodegenCPUPasses();
  registerSpikeCodegenGPUPasses();
  PassPipelineRegistration<CPUPipelineOptions>(
      "spike-cpu-pipeline",
      "Lower spike/func/arith/tensor/linalg on tensors to the LLVM dialect, "
      "with bit-packed spikes and addition-only accumulation",
      buildSpikeCPUPipeline);
  PassPipelineRegistration<GPUPipelineOptions>(
      "spike-gpu-pipeline",
      "Lower spike/func/arith/tensor/linalg on tensors to host code in the "
      "LLVM dialect and a gpu.binary of NVVM kernels, with bit-packed spikes "
      "and addition-only accumulation",
      buildSpikeGPUPipeline);
}
