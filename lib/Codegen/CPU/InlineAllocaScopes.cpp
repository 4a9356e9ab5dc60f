//===- InlineAllocaScopes.cpp - alloca scopes of parallel loop bodies -----===//

#include "spike/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEINLINEALLOCASCOPES
#include "spike/Codegen/CPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {
struct SpikeInlineAllocaScopes
    : spike::impl::SpikeInlineAllocaScopesBase<SpikeInlineAllocaScopes> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<memref::AllocaScopeOp> scopes;
    getOperation().walk([&](memref::AllocaScopeOp scope) {
      if (scope->getParentOfType<omp::LoopNestOp>() && scope.getNumResults() == 0)
        scopes.push_back(scope);
    });
    IRRewriter rewriter(&getContext());
    for (memref::AllocaScopeOp scope : scopes) {
      Block &body = scope.getBodyRegion().front();
      rewriter.eraseOp(body.getTerminator());
      rewriter.inlineBlockBefore(&body, scope);
      rewriter.eraseOp(scope);
    }
  }
};
} // namespace
