//===- LoopBodies.cpp - what the GPU loop passes move across loops --------===//

#include "LoopBodies.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::spike;

bool mlir::spike::isLoopInvariant(Value value, Operation *loop) {
  if (matchPattern(value, m_Constant()))
    return true;
  if (Operation *def = value.getDefiningOp())
    return !loop->isAncestor(def);
  return !loop->isAncestor(value.getParentBlock()->getParentOp());
}

Value mlir::spike::hoistInvariant(OpBuilder &b, Value value, Operation *loop) {
  if (!loop->isAncestor(value.getParentRegion()->getParentOp()))
    return value;
  return arith::ConstantIndexOp::create(b, value.getLoc(),
                                        *getConstantIntValue(value));
}

std::optional<LoopBody> mlir::spike::analyzeLoopBody(Operation *loop,
                                                     Block &body) {
  LoopBody result;
  for (Operation &op : body.without_terminator()) {
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      if (!alloc.getType().hasStaticShape() || alloc->getNumOperands() != 0)
        return std::nullopt;
      result.buffers.push_back(alloc);
    } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
      auto alloc = dealloc.getMemref().getDefiningOp<memref::AllocOp>();
      if (!alloc || alloc->getBlock() != &body)
        return std::nullopt;
      result.deallocs.push_back(dealloc);
    } else if (auto phase = dyn_cast<scf::ParallelOp>(op)) {
      if (phase.getNumResults() != 0 ||
          !llvm::all_of(phase.getOperands(), [&](Value bound) {
            return isLoopInvariant(bound, loop);
          }))
        return std::nullopt;
      result.phases.push_back(phase);
    } else if (op.getNumRegions() != 0 || !isMemoryEffectFree(&op)) {
      return std::nullopt;
    }
  }
  if (result.phases.empty())
    return std::nullopt;
  return result;
}
