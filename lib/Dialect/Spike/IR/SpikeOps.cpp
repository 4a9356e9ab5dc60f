//===- SpikeOps.cpp - generated op definitions of the spike dialect -------===//
//
// Verifiers and folders live with their op family (NeuronOps.cpp,
// SynapseOps.cpp, AttentionOps.cpp, PoolOps.cpp, GraphOps.cpp).
//
//===----------------------------------------------------------------------===//

#include "spike/Dialect/Spike/IR/SpikeOps.h"

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

#define GET_OP_CLASSES
#include "spike/Dialect/Spike/IR/SpikeOps.cpp.inc"
