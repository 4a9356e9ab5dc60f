//===- BitwiseOps.cpp - verifiers and folders of and, count ---------------===//

#include "VerifyUtils.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"
#include "spike/Support/Limits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::detail;

//===----------------------------------------------------------------------===//
// AndOp
//===----------------------------------------------------------------------===//

/// The NumPy broadcast of shapes `a` and `b` (aligned at the innermost
/// dimension; a missing dimension counts as 1). A dynamic size broadcast
/// with a static one other than 1 must be that size; with 1 or another
/// dynamic size it stays dynamic. Fails when two static sizes differ and
/// neither is 1; `conflict` is then that dimension, counted from the
/// innermost (0).
static FailureOr<SmallVector<int64_t>>
broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b, size_t &conflict) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> shape(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
    int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
    int64_t &size = shape[rank - 1 - i];
    if (x == y || y == 1)
      size = x;
    else if (x == 1)
      size = y;
    else if (ShapedType::isDynamic(x))
      size = y;
    else if (ShapedType::isDynamic(y))
      size = x;
    else {
      conflict = i;
      return failure();
    }
  }
  return shape;
}

LogicalResult AndOp::verify() {
  RankedTensorType lhs = getLhs().getType(), rhs = getRhs().getType();
  RankedTensorType output = getOutput().getType();
  if (failed(verifyElementType(*this, "lhs", lhs, ElementKind::Binary)) ||
      failed(verifyElementType(*this, "rhs", rhs, ElementKind::Binary)) ||
      failed(verifyElementType(*this, "output", output, ElementKind::Binary)))
    return failure();
  size_t conflict = 0;
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape(), conflict);
  if (failed(shape))
    return emitOpError() << "lhs " << formatShape(lhs.getShape()) << " and rhs "
                         << formatShape(rhs.getShape())
                         << " cannot be broadcast: dimension " << conflict
                         << " from the innermost has sizes "
                         << lhs.getDimSize(lhs.getRank() - 1 - conflict)
                         << " and "
                         << rhs.getDimSize(rhs.getRank() - 1 - conflict)
                         << " (sizes must be equal or 1)";
  return verifyShape(*this, "output", output.getShape(), *shape);
}

OpFoldResult AndOp::fold(FoldAdaptor adaptor) {
  RankedTensorType type = getOutput().getType();
  // x AND x = x.
  if (getLhs() == getRhs() && getLhs().getType() == type)
    return getLhs();
  std::pair<Attribute, Value> sides[] = {{adaptor.getLhs(), getRhs()},
                                         {adaptor.getRhs(), getLhs()}};
  for (auto [constant, other] : sides) {
    auto splat = dyn_cast_if_present<SplatElementsAttr>(constant);
    if (!splat)
      continue;
    // Zeros absorb: the result is zeros whatever the other operand.
    if (!splat.getSplatValue<bool>()) {
      if (type.hasStaticShape())
        return DenseElementsAttr::get(type, ArrayRef<bool>(false));
      continue;
    }
    // Ones are the identity where they broadcast nothing onto the other
    // operand.
    if (other.getType() == type)
      return other;
  }
  return {};
}

//===----------------------------------------------------------------------===//
// CountOp
//===----------------------------------------------------------------------===//

LogicalResult CountOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType output = getOutput().getType();
  if (failed(verifyElementType(*this, "input", input,
                               {ElementKind::Binary, ElementKind::Ternary})) ||
      failed(verifyElementType(*this, "output", output, ElementKind::Real)))
    return failure();
  ArrayRef<int64_t> dims = getDims();
  int64_t rank = input.getRank();
  if (dims.empty())
    return emitOpError("attribute 'dims' must name at least one dimension");
  for (int64_t dim : dims)
    if (dim < 0 || dim >= rank)
      return emitOpError() << "attribute 'dims' holds " << dim
                           << ", out of range for an input of rank " << rank;
  for (size_t i = 1; i < dims.size(); ++i)
    if (dims[i] <= dims[i - 1])
      return emitOpError() << "attribute 'dims' must be strictly increasing "
                              "(sorted, without repeats), got "
                           << formatShape(dims);
  SmallVector<int64_t> expected(input.getShape());
  for (int64_t dim : dims)
    expected[dim] = 1;
  return verifyShape(*this, "output", output.getShape(), expected);
}

OpFoldResult CountOp::fold(FoldAdaptor adaptor) {
  // The count of a splat: the spike value times the number of reduced
  // elements, when they and the result are static.
  auto splat = dyn_cast_if_present<SplatElementsAttr>(adaptor.getInput());
  RankedTensorType type = getOutput().getType();
  if (!splat || !type.hasStaticShape())
    return {};
  ArrayRef<int64_t> shape = getInput().getType().getShape();
  int64_t reduced = 1;
  for (int64_t dim : getDims()) {
    if (ShapedType::isDynamic(shape[dim]))
      return {};
    reduced *= shape[dim]; // Bounded: the input's element count fits int64.
  }
  // Spikes read as the lowering reads them: i1 unsigned, i2 signed; an i2
  // value outside {-1, 0, 1} (-2) is not a spike and is left alone.
  APInt value = splat.getSplatValue<APInt>();
  int64_t spike =
      value.getBitWidth() == 1 ? value.getZExtValue() : value.getSExtValue();
  if (spike < -1 || spike > 1)
    return {};
  auto count = static_cast<float>(spike * reduced);
  return DenseElementsAttr::get(type, ArrayRef<float>(count));
}

namespace {
/// A count over dimensions of size 1 sums one spike: it is the spike
/// converted to f32 (uitofp for binary, sitofp for ternary). The reduced
/// dimensions are kept, so the shape does not change.
struct CountOfUnitDims : OpRewritePattern<CountOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CountOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType input = op.getInput().getType();
    RankedTensorType output = op.getOutput().getType();
    if (llvm::any_of(op.getDims(),
                     [&](int64_t dim) { return input.getDimSize(dim) != 1; }))
      return rewriter.notifyMatchFailure(op, "a reduced dimension is not 1");
    // A cast would be needed where the two types differ in what is static.
    if (input.getShape() != output.getShape())
      return rewriter.notifyMatchFailure(op, "static shapes differ");
    if (input.getElementType().isSignlessInteger(1))
      rewriter.replaceOpWithNewOp<arith::UIToFPOp>(op, output, op.getInput());
    else
      rewriter.replaceOpWithNewOp<arith::SIToFPOp>(op, output, op.getInput());
    return success();
  }
};
} // namespace

void CountOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                          MLIRContext *context) {
  results.add<CountOfUnitDims>(context);
}
