//===- SpikeOps.h - ops of the spike dialect ------------------------------===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKEOPS_H
#define SPIKE_DIALECT_SPIKE_IR_SPIKEOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "spike/Dialect/Spike/IR/SpikeDialect.h"
#include "spike/Dialect/Spike/IR/SpikeTraits.h"

#define GET_OP_CLASSES
#include "spike/Dialect/Spike/IR/SpikeOps.h.inc"

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKEOPS_H
