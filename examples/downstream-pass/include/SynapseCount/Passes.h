//===- Passes.h - the downstream example's passes ---------------*- C++ -*-===//

#ifndef SYNAPSECOUNT_PASSES_H
#define SYNAPSECOUNT_PASSES_H

#include "spike/Dialect/Spike/IR/SpikeDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace synapse_count {

#define GEN_PASS_DECL
#include "SynapseCount/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "SynapseCount/Passes.h.inc"

} // namespace synapse_count

#endif // SYNAPSECOUNT_PASSES_H
