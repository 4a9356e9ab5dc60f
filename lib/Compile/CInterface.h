//===- CInterface.h - the C ABI of compiled models ------------------------===//

#ifndef SPIKE_LIB_COMPILE_CINTERFACE_H
#define SPIKE_LIB_COMPILE_CINTERFACE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Module.h"

#include "EventCounters.h"

#include <string>

namespace mlir::spike {

/// Adds the exported functions of include/spike-c/ModelABI.h around
/// `_mlir_ciface_forward` (the C interface of the lowered @forward) and
/// hides every other symbol.
void addModelInterface(llvm::Module &module, llvm::StringRef modelName,
                       llvm::ArrayRef<int64_t> inputShape,
                       llvm::ArrayRef<int64_t> outputShape,
                       llvm::ArrayRef<LayerInfo> layers, bool cuda = false);

/// The C header of one model: ModelABI.h's text and this model's shapes, so
/// that it compiles without spike installed.
std::string modelHeader(llvm::StringRef modelName,
                        llvm::ArrayRef<int64_t> inputShape,
                        llvm::ArrayRef<int64_t> outputShape);

} // namespace mlir::spike

#endif // SPIKE_LIB_COMPILE_CINTERFACE_H
