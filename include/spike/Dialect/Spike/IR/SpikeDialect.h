//===- SpikeDialect.h - the spike dialect, its enums and attributes -------===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKEDIALECT_H
#define SPIKE_DIALECT_SPIKE_IR_SPIKEDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"

#include "spike/Dialect/Spike/IR/SpikeDialect.h.inc"
#include "spike/Dialect/Spike/IR/SpikeEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "spike/Dialect/Spike/IR/SpikeAttrs.h.inc"

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKEDIALECT_H
