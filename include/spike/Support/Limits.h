//===- Limits.h - sizes spike handles at compile time ---------------------===//
//
// Bounds that keep hostile sizes in IR or model files from exhausting the
// compiler's memory. Larger tensors are still compiled (lowered to code that
// computes at run time); only compile-time work on their values is bounded.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_SUPPORT_LIMITS_H
#define SPIKE_SUPPORT_LIMITS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/MathExtras.h"

#include <cstdint>
#include <optional>

namespace mlir::spike {

/// Constants with more elements are not re-laid out, summed or folded at
/// compile time (2^26 f32 = 256 MiB); their rewrites happen at run time.
constexpr int64_t kMaxFoldedElements = int64_t(1) << 26;

/// The product of the static sizes of `shape` (dynamic ones are skipped),
/// or nothing when it overflows int64.
inline std::optional<int64_t> staticElementCount(llvm::ArrayRef<int64_t> shape) {
  int64_t elements = 1;
  for (int64_t size : shape)
    if (size >= 0 && llvm::MulOverflow(elements, size, elements))
      return std::nullopt;
  return elements;
}

/// Whether a static shape has at most `limit` elements.
inline bool hasAtMostElements(llvm::ArrayRef<int64_t> shape, int64_t limit) {
  std::optional<int64_t> elements = staticElementCount(shape);
  return elements && *elements <= limit;
}

/// spike-compile rejects models with a tensor of more elements (16 GiB of
/// f32): a buffer that size is a hostile or broken file, and failing at
/// compile time beats an allocation failure inside spike_model_run.
constexpr int64_t kMaxModelTensorElements = int64_t(1) << 32;

} // namespace mlir::spike

#endif // SPIKE_SUPPORT_LIMITS_H
