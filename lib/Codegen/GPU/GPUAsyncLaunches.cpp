//===- GPUAsyncLaunches.cpp - one stream, one wait per host function ------===//

#include "spike/Codegen/GPU/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-gpu-async-launches"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEGPUASYNCLAUNCHES
#include "spike/Codegen/GPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {

/// Calls that do not touch what kernels write.
bool isBufferCall(LLVM::CallOp call) {
  std::optional<StringRef> callee = call.getCallee();
  return callee && llvm::is_contained({"_mlir_memref_to_llvm_alloc",
                                       "_mlir_memref_to_llvm_free",
                                       "spike_cuda_device_global"},
                                      *callee);
}

/// Whether `function` launches kernels and its host code never touches
/// memory: launches, buffer calls, control flow and effect-free ops only.
bool onlyLaunches(LLVM::LLVMFuncOp function) {
  bool launches = false;
  auto reject = [&](Operation *op, StringRef why) {
    LLVM_DEBUG(llvm::dbgs() << "skipping @" << function.getSymName() << ": "
                            << op->getName() << " at " << op->getLoc()
                            << ": " << why << "\n");
    return WalkResult::interrupt();
  };
  WalkResult result = function.walk([&](Operation *op) {
    if (isa<gpu::LaunchFuncOp>(op)) {
      launches = true;
      return cast<gpu::LaunchFuncOp>(op).getAsyncObject()
                 ? reject(op, "already async")
                 : WalkResult::advance();
    }
    if (auto call = dyn_cast<LLVM::CallOp>(op))
      return isBufferCall(call) ? WalkResult::advance()
                                : reject(op, "may touch kernel memory");
    if (op == function.getOperation() || op->hasTrait<OpTrait::IsTerminator>() ||
        isMemoryEffectFree(op))
      return WalkResult::advance();
    return reject(op, "has memory effects");
  });
  if (!launches && !result.wasInterrupted())
    LLVM_DEBUG(llvm::dbgs() << "skipping @" << function.getSymName()
                            << ": no gpu.launch_func\n");
  return launches && !result.wasInterrupted();
}

struct SpikeGPUAsyncLaunches
    : spike::impl::SpikeGPUAsyncLaunchesBase<SpikeGPUAsyncLaunches> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<LLVM::LLVMFuncOp> functions;
    for (auto function : module.getOps<LLVM::LLVMFuncOp>())
      if (!function.isExternal() && onlyLaunches(function))
        functions.push_back(function);
    if (functions.empty())
      return;
    OpBuilder b(module.getBodyRegion());
    auto ptr = LLVM::LLVMPointerType::get(&getContext());
    auto voidType = LLVM::LLVMVoidType::get(&getContext());
    auto create = LLVM::lookupOrCreateFn(b, module, "mgpuStreamCreate", {}, ptr);
    auto synchronize = LLVM::lookupOrCreateFn(
        b, module, "mgpuStreamSynchronize", {ptr}, voidType);
    auto destroy = LLVM::lookupOrCreateFn(b, module, "mgpuStreamDestroy",
                                          {ptr}, voidType);
    if (failed(create) || failed(synchronize) || failed(destroy))
      return signalPassFailure();
    for (LLVM::LLVMFuncOp function : functions) {
      LLVM_DEBUG(llvm::dbgs() << "@" << function.getSymName()
                              << ": launches on one stream, synchronized at "
                                 "each return\n");
      Location loc = function.getLoc();
      b.setInsertionPointToStart(&function.getBody().front());
      Value stream = LLVM::CallOp::create(b, loc, *create, ValueRange{})
                         .getResult();
      function.walk([&](Operation *op) {
        if (auto launch = dyn_cast<gpu::LaunchFuncOp>(op)) {
          launch.getAsyncObjectMutable().assign(stream);
        } else if (isa<LLVM::ReturnOp>(op)) {
          b.setInsertionPoint(op);
          LLVM::CallOp::create(b, op->getLoc(), *synchronize,
                               ValueRange{stream});
          LLVM::CallOp::create(b, op->getLoc(), *destroy, ValueRange{stream});
        }
      });
    }
  }
};

} // namespace
