//===- Passes.h - spike-level transformations -----------------------------===//

#ifndef SPIKE_DIALECT_SPIKE_TRANSFORMS_PASSES_H
#define SPIKE_DIALECT_SPIKE_TRANSFORMS_PASSES_H

#include "spike/Dialect/Spike/IR/SpikeDialect.h"

#include "mlir/Pass/Pass.h"

namespace mlir::spike {

/// The spellings of AttentionOrderPolicy in pass, pipeline and command-line
/// options.
inline llvm::cl::ValuesClass attentionOrderPolicyValues() {
  return llvm::cl::values(
      clEnumValN(AttentionOrderPolicy::automatic, "auto",
                 "the cheaper order from the static shapes"),
      clEnumValN(AttentionOrderPolicy::scores_first, "scores_first",
                 "(q kT) v everywhere"),
      clEnumValN(AttentionOrderPolicy::kv_first, "kv_first",
                 "q (kT v) everywhere"));
}

#define GEN_PASS_DECL
#include "spike/Dialect/Spike/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "spike/Dialect/Spike/Transforms/Passes.h.inc"

} // namespace mlir::spike

#endif // SPIKE_DIALECT_SPIKE_TRANSFORMS_PASSES_H
