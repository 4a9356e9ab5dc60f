//===- PoolOps.cpp - verifiers and folders of the 2-D pools ---------------===//

#include "VerifyUtils.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::detail;

/// The checks all pools share. `sameElementType` (maxpool) requires the
/// result to keep the input's element type; otherwise the result is f32.
template <typename PoolOp>
static LogicalResult verifyPool(PoolOp op, bool sameElementType) {
  RankedTensorType input = op.getInput().getType();
  RankedTensorType output = op.getOutput().getType();
  if (failed(verifyElementType(op, "input", input,
                               {ElementKind::Binary, ElementKind::Real})) ||
      failed(verifyMinRank(op, "input", input, 3, "B... x C x H x W")))
    return failure();
  if (sameElementType) {
    if (output.getElementType() != input.getElementType())
      return op.emitOpError() << "output must have the input's element type "
                              << input.getElementType() << ", got " << output;
  } else if (failed(
                 verifyElementType(op, "output", output, ElementKind::Real))) {
    return failure();
  }

  ArrayRef<int64_t> kernel = op.getKernel(), padding = op.getPadding();
  SmallVector<int64_t, 2> strides = op.getEffectiveStrides();
  ArrayRef<int64_t> inShape = input.getShape();
  int64_t rank = input.getRank();
  SmallVector<int64_t> expected(inShape.drop_back(2));
  for (int i = 0; i < 2; ++i) {
    StringRef dim = i == 0 ? "height" : "width";
    std::optional<int64_t> size =
        slidingWindowOutputSize(inShape[rank - 2 + i], padding[i],
                                padding[i + 2], kernel[i], strides[i], 1);
    if (!size)
      return op.emitOpError() << "output " << dim
                              << " overflows: kernel or padding attributes "
                                 "are out of range";
    if (*size == 0)
      return op.emitOpError()
             << "kernel " << dim << " (" << kernel[i]
             << ") is larger than the padded input " << dim << " ("
             << inShape[rank - 2 + i] + padding[i] + padding[i + 2] << ")";
    expected.push_back(*size);
  }
  return verifyShape(op, "output", output.getShape(), expected);
}

/// A 1x1 window with unit stride and no padding copies its input.
template <typename PoolOp> static bool isIdentityWindow(PoolOp op) {
  return llvm::all_of(op.getKernel(), [](int64_t k) { return k == 1; }) &&
         llvm::all_of(op.getEffectiveStrides(),
                      [](int64_t s) { return s == 1; }) &&
         llvm::all_of(op.getPadding(), [](int64_t p) { return p == 0; }) &&
         op.getInput().getType() == op.getOutput().getType();
}

LogicalResult MaxPool2dOp::verify() {
  if (failed(verifyPool(*this, /*sameElementType=*/true)))
    return failure();
  // Padding as large as the kernel would make a window of padding only,
  // whose maximum (-inf on f32) is meaningless.
  ArrayRef<int64_t> kernel = getKernel(), padding = getPadding();
  for (int i = 0; i < 4; ++i)
    if (padding[i] >= kernel[i % 2])
      return emitOpError() << "attribute 'padding' (" << padding[i]
                           << ") must be smaller than the kernel ("
                           << kernel[i % 2]
                           << ") so that every window overlaps the input";
  return success();
}

LogicalResult AvgPool2dOp::verify() {
  return verifyPool(*this, /*sameElementType=*/false);
}

LogicalResult SumPool2dOp::verify() {
  return verifyPool(*this, /*sameElementType=*/false);
}

OpFoldResult MaxPool2dOp::fold(FoldAdaptor) {
  return isIdentityWindow(*this) ? getInput() : OpFoldResult();
}

OpFoldResult AvgPool2dOp::fold(FoldAdaptor) {
  return isIdentityWindow(*this) ? getInput() : OpFoldResult();
}

OpFoldResult SumPool2dOp::fold(FoldAdaptor) {
  return isIdentityWindow(*this) ? getInput() : OpFoldResult();
}
