//===- HoistStaticAllocas.cpp - fixed-size allocas to the entry block -----===//

#include "spike/Codegen/CPU/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-hoist-static-allocas"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEHOISTSTATICALLOCAS
#include "spike/Codegen/CPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {
struct SpikeHoistStaticAllocas
    : spike::impl::SpikeHoistStaticAllocasBase<SpikeHoistStaticAllocas> {
  using Base::Base;

  void runOnOperation() override {
    LLVM::LLVMFuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &entry = func.getBody().front();
    SmallVector<LLVM::AllocaOp> allocas;
    func.walk([&](LLVM::AllocaOp alloca) {
      if (alloca->getBlock() != &entry &&
          matchPattern(alloca.getArraySize(), m_Constant()))
        allocas.push_back(alloca);
    });
    LLVM_DEBUG(llvm::dbgs() << "@" << func.getSymName() << ": hoisting "
                            << allocas.size()
                            << " constant-size allocas to the entry block\n");
    OpBuilder builder(&getContext());
    for (LLVM::AllocaOp alloca : allocas) {
      builder.setInsertionPointToStart(&entry);
      Operation *size = builder.clone(*alloca.getArraySize().getDefiningOp());
      alloca->moveAfter(size);
      alloca.getArraySizeMutable().assign(size->getResult(0));
    }
  }
};
} // namespace
