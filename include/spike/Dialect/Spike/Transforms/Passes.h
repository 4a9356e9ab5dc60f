//===- Passes.h - spike-level transformations -----------------------------===//

#ifndef SPIKE_DIALECT_SPIKE_TRANSFORMS_PASSES_H
#define SPIKE_DIALECT_SPIKE_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::spike {

#define GEN_PASS_DECL
#include "spike/Dialect/Spike/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "spike/Dialect/Spike/Transforms/Passes.h.inc"

} // namespace mlir::spike

#endif // SPIKE_DIALECT_SPIKE_TRANSFORMS_PASSES_H
