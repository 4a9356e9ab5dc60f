//===- CheckLoweredToLLVM.cpp - the pipelines' backend contract -------===//

#include "spike/Codegen/Common/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-check-lowered-to-llvm"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKECHECKLOWEREDTOLLVM
#include "spike/Codegen/Common/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {
struct SpikeCheckLoweredToLLVM
    : spike::impl::SpikeCheckLoweredToLLVMBase<SpikeCheckLoweredToLLVM> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    WalkResult result = module.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (op == module || isa<LLVM::LLVMDialect>(op->getDialect()))
        return WalkResult::advance();
      if (allowGPU && isa<gpu::BinaryOp, gpu::LaunchFuncOp>(op)) {
        LLVM_DEBUG(llvm::dbgs() << "allowing " << op->getName() << " at "
                                << op->getLoc() << ": allow-gpu\n");
        return WalkResult::skip();
      }
      LLVM_DEBUG(llvm::dbgs() << "rejecting " << op->getName() << " at "
                              << op->getLoc() << ": not in the LLVM dialect\n");
      op->emitOpError()
          << "was not lowered to the LLVM dialect by the spike pipeline";
      return WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      return signalPassFailure();
    LLVM_DEBUG(llvm::dbgs() << "module is lowered to the LLVM dialect\n");
  }
};
} // namespace
