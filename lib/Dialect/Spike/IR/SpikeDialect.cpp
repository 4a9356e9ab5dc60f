//===- SpikeDialect.cpp - the spike dialect -------------------------------===//

#include "spike/Dialect/Spike/IR/SpikeDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::spike;

#include "spike/Dialect/Spike/IR/SpikeDialect.cpp.inc"
#include "spike/Dialect/Spike/IR/SpikeEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "spike/Dialect/Spike/IR/SpikeAttrs.cpp.inc"

void SpikeDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "spike/Dialect/Spike/IR/SpikeAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "spike/Dialect/Spike/IR/SpikeOps.cpp.inc"
      >();
}

/// Folds produce tensor constants; they become `arith.constant`.
Operation *SpikeDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  return arith::ConstantOp::materialize(builder, value, type, loc);
}

LogicalResult SpikeDialect::verifyOperationAttribute(Operation *op,
                                                     NamedAttribute attr) {
  if (attr.getName() == kAttentionOrderAttrName) {
    if (!isa<AttentionOp>(op))
      return op->emitError() << "'" << kAttentionOrderAttrName
                             << "' is only valid on spike.attention";
    if (!isa<AttentionOrderAttr>(attr.getValue()))
      return op->emitError() << "'" << kAttentionOrderAttrName
                             << "' must be #spike.attention_order<...>";
    return success();
  }
  // The CPU code generation strategy (spike/Codegen/CPU/CPUStrategy.h):
  // checked where it is applied, by name, without this dialect.
  if (attr.getName() == "spike.cpu_strategy") {
    if (!isa<ModuleOp>(op) || !isa<DictionaryAttr>(attr.getValue()))
      return op->emitError()
             << "'spike.cpu_strategy' must be a dictionary on a module";
    return success();
  }
  return op->emitError() << "unknown spike attribute '" << attr.getName().strref()
                         << "'";
}
