//===- VerifyUtils.h - shared checks of the spike op verifiers ------------===//
//
// Every message names the operand or attribute it is about, so that a user
// reading `error: 'spike.linear' op weight ...` knows what to fix.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_LIB_DIALECT_SPIKE_IR_VERIFYUTILS_H
#define SPIKE_LIB_DIALECT_SPIKE_IR_VERIFYUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

#include <optional>
#include <string>

namespace mlir::spike::detail {

/// The element types spike values can have (SPEC section 2).
enum class ElementKind { Binary, Ternary, Real };

/// True when `type` is the element type of `kind`: i1, i2 or f32.
bool isElementOfKind(Type type, ElementKind kind);

/// Checks that `type`'s element type is one of `allowed`.
LogicalResult verifyElementType(Operation *op, StringRef name,
                                RankedTensorType type,
                                ArrayRef<ElementKind> allowed);

/// Checks `type` has at least `minRank` dimensions; `layout` spells them
/// (e.g. "B... x K").
LogicalResult verifyMinRank(Operation *op, StringRef name,
                            RankedTensorType type, int64_t minRank,
                            StringRef layout);

/// Checks `type` has exactly `rank` dimensions.
LogicalResult verifyRank(Operation *op, StringRef name, RankedTensorType type,
                         int64_t rank, StringRef layout);

/// True when two sizes can be equal: both static and the same, or either one
/// dynamic.
bool sizesCompatible(int64_t a, int64_t b);

/// Checks that `actual` matches `expected` size by size (dynamic sizes match
/// anything): "`name` has shape [...], expected [...]".
LogicalResult verifyShape(Operation *op, StringRef name,
                          ArrayRef<int64_t> actual, ArrayRef<int64_t> expected);

/// The most static of two compatible shapes of equal rank: each size is the
/// static one of the pair when there is one ([?, 4] and [2, ?] give [2, 4]).
/// Lets a verifier check a third shape against what both imply.
SmallVector<int64_t> mergeShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b);

/// Prints a shape as "[2, ?, 4]".
std::string formatShape(ArrayRef<int64_t> shape);

/// Output size of a sliding window along one dimension: kDynamic when
/// `inputSize` is dynamic, 0 when the window does not fit in the padded input,
/// std::nullopt when the sizes overflow int64 (hostile attributes; the window
/// span and the total padding are checked even when `inputSize` is dynamic).
std::optional<int64_t>
slidingWindowOutputSize(int64_t inputSize, int64_t padBefore, int64_t padAfter,
                        int64_t kernel, int64_t stride, int64_t dilation);

} // namespace mlir::spike::detail

#endif // SPIKE_LIB_DIALECT_SPIKE_IR_VERIFYUTILS_H
