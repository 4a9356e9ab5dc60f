//===- SpikeOps.cpp - generated op definitions of the spike dialect -------===//
//
// Verifiers and folders live with their op family (NeuronOps.cpp,
// SynapseOps.cpp, AttentionOps.cpp, PoolOps.cpp, BitwiseOps.cpp,
// GraphOps.cpp, TimeOps.cpp).
//
//===----------------------------------------------------------------------===//

#include "spike/Dialect/Spike/IR/SpikeOps.h"
#include "spike/Support/Limits.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::spike;

LogicalResult mlir::spike::detail::verifyStrictAttributes(Operation *op) {
  for (NamedAttribute attr : op->getDiscardableAttrs()) {
    if (attr.getName().strref().contains('.'))
      continue;
    return op->emitOpError()
           << "has unknown attribute '" << attr.getName().strref()
           << "' (only the op's own attributes and dialect-prefixed ones such "
              "as 'mydialect.tag' are allowed)";
  }
  return success();
}

LogicalResult mlir::spike::detail::verifyBoundedShapes(Operation *op) {
  auto check = [&](Type type, StringRef kind, unsigned index) -> LogicalResult {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || staticElementCount(tensor.getShape()))
      return success();
    return op->emitOpError()
           << kind << " #" << index << " (" << type
           << ") has more elements than fit in a 64-bit count";
  };
  for (auto [index, type] : llvm::enumerate(op->getOperandTypes()))
    if (failed(check(type, "operand", index)))
      return failure();
  for (auto [index, type] : llvm::enumerate(op->getResultTypes()))
    if (failed(check(type, "result", index)))
      return failure();
  return success();
}

#define GET_OP_CLASSES
#include "spike/Dialect/Spike/IR/SpikeOps.cpp.inc"
