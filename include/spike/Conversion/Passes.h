//===- Passes.h - conversions out of the spike dialect --------------------===//

#ifndef SPIKE_CONVERSION_PASSES_H
#define SPIKE_CONVERSION_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::spike {

#define GEN_PASS_DECL
#include "spike/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "spike/Conversion/Passes.h.inc"

} // namespace mlir::spike

#endif // SPIKE_CONVERSION_PASSES_H
