//===- LoopInvariants.h - values that do not change with a loop -----------===//
//
// Shared by the GPU passes that move work across loops
// (spike-gpu-map-parallel-loops, spike-gpu-fuse-time-loops).
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_LIB_PIPELINES_LOOPINVARIANTS_H
#define SPIKE_LIB_PIPELINES_LOOPINVARIANTS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

namespace mlir::spike {

/// Whether `value` is the same in every iteration of `loop`: a constant, or
/// defined outside it.
inline bool isLoopInvariant(Value value, Operation *loop) {
  if (matchPattern(value, m_Constant()))
    return true;
  if (Operation *def = value.getDefiningOp())
    return !loop->isAncestor(def);
  return !loop->isAncestor(value.getParentBlock()->getParentOp());
}

/// The loop-invariant index `value` usable at `b`, outside `loop`: itself,
/// or its constant made again.
inline Value hoistInvariant(OpBuilder &b, Value value, Operation *loop) {
  if (!loop->isAncestor(value.getParentRegion()->getParentOp()))
    return value;
  return arith::ConstantIndexOp::create(b, value.getLoc(),
                                        *getConstantIntValue(value));
}

} // namespace mlir::spike

#endif // SPIKE_LIB_PIPELINES_LOOPINVARIANTS_H
