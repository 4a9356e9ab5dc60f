//===- VerifyUtils.cpp - shared checks of the spike op verifiers ----------===//

#include "VerifyUtils.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace mlir::spike::detail {

static StringRef spell(ElementKind kind) {
  switch (kind) {
  case ElementKind::Binary:
    return "i1";
  case ElementKind::Ternary:
    return "i2";
  case ElementKind::Real:
    return "f32";
  }
  llvm_unreachable("unknown element kind");
}

bool isElementOfKind(Type type, ElementKind kind) {
  switch (kind) {
  case ElementKind::Binary:
    return type.isSignlessInteger(1);
  case ElementKind::Ternary:
    return type.isSignlessInteger(2);
  case ElementKind::Real:
    return type.isF32();
  }
  llvm_unreachable("unknown element kind");
}

LogicalResult verifyElementType(Operation *op, StringRef name,
                                RankedTensorType type,
                                ArrayRef<ElementKind> allowed) {
  Type element = type.getElementType();
  if (llvm::any_of(allowed, [&](ElementKind kind) {
        return isElementOfKind(element, kind);
      }))
    return success();
  std::string spelled;
  llvm::raw_string_ostream os(spelled);
  for (auto [i, kind] : llvm::enumerate(allowed)) {
    if (i > 0)
      os << (i + 1 == allowed.size() ? " or " : ", ");
    os << spell(kind);
  }
  return op->emitOpError() << name << " must have element type " << spelled
                           << ", got " << type;
}

LogicalResult verifyMinRank(Operation *op, StringRef name,
                            RankedTensorType type, int64_t minRank,
                            StringRef layout) {
  if (type.getRank() >= minRank)
    return success();
  return op->emitOpError() << name << " must have rank >= " << minRank << " ("
                           << layout << "), got " << type;
}

LogicalResult verifyRank(Operation *op, StringRef name, RankedTensorType type,
                         int64_t rank, StringRef layout) {
  if (type.getRank() == rank)
    return success();
  return op->emitOpError() << name << " must have rank " << rank << " ("
                           << layout << "), got " << type;
}

bool sizesCompatible(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

SmallVector<int64_t> mergeShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  assert(a.size() == b.size() && "merging shapes of different ranks");
  SmallVector<int64_t> merged;
  for (auto [x, y] : llvm::zip_equal(a, b))
    merged.push_back(ShapedType::isDynamic(x) ? y : x);
  return merged;
}

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleave(
      shape, os,
      [&](int64_t size) {
        if (ShapedType::isDynamic(size))
          os << "?";
        else
          os << size;
      },
      ", ");
  os << "]";
  return text;
}

LogicalResult verifyShape(Operation *op, StringRef name,
                          ArrayRef<int64_t> actual,
                          ArrayRef<int64_t> expected) {
  if (actual.size() == expected.size() &&
      llvm::all_of(llvm::zip_equal(actual, expected), [](auto pair) {
        return sizesCompatible(std::get<0>(pair), std::get<1>(pair));
      }))
    return success();
  return op->emitOpError() << name << " has shape " << formatShape(actual)
                           << ", expected " << formatShape(expected);
}

std::optional<int64_t>
slidingWindowOutputSize(int64_t inputSize, int64_t padBefore, int64_t padAfter,
                        int64_t kernel, int64_t stride, int64_t dilation) {
  // The window span and the total padding do not depend on the input size:
  // check them even when it is dynamic, so that hostile attributes are
  // rejected before a lowering computes with them.
  std::optional<int64_t> span = llvm::checkedMul(dilation, kernel - 1);
  if (span)
    span = llvm::checkedAdd(*span, int64_t(1));
  std::optional<int64_t> padding = llvm::checkedAdd(padBefore, padAfter);
  if (!span || !padding)
    return std::nullopt;
  if (ShapedType::isDynamic(inputSize))
    return ShapedType::kDynamic;
  std::optional<int64_t> padded = llvm::checkedAdd(inputSize, *padding);
  if (!padded)
    return std::nullopt;
  if (*padded < *span)
    return 0;
  return (*padded - *span) / stride + 1;
}

} // namespace mlir::spike::detail
