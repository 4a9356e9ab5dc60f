//===- CInterface.h - the C ABI of compiled models ------------------------===//

#ifndef SPIKE_LIB_COMPILE_CINTERFACE_H
#define SPIKE_LIB_COMPILE_CINTERFACE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Module.h"

#include "EventCounters.h"

#include <string>

namespace mlir::spike {

/// Version of the C ABI below; bumped on incompatible changes.
constexpr int32_t kModelABIVersion = 1;

/// Adds the exported functions of docs/c-abi.md around
/// `_mlir_ciface_forward` (the C interface of the lowered @forward) and
/// hides every other symbol.
void addModelInterface(llvm::Module &module, llvm::StringRef modelName,
                       llvm::ArrayRef<int64_t> inputShape,
                       llvm::ArrayRef<int64_t> outputShape,
                       llvm::ArrayRef<LayerInfo> layers, bool cuda = false);

/// The C header declaring that ABI, with this model's shapes.
std::string modelHeader(llvm::StringRef modelName,
                        llvm::ArrayRef<int64_t> inputShape,
                        llvm::ArrayRef<int64_t> outputShape);

} // namespace mlir::spike

#endif // SPIKE_LIB_COMPILE_CINTERFACE_H
