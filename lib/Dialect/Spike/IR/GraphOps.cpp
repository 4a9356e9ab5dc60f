//===- GraphOps.cpp - batch_norm, relu, repeat, mean_time -----------------===//

#include "VerifyUtils.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/CommonFolders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::detail;

static constexpr ElementKind kAnyKind[] = {
    ElementKind::Binary, ElementKind::Ternary, ElementKind::Real};

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType params = getGamma().getType();
  if (failed(verifyElementType(*this, "input", input, ElementKind::Real)) ||
      failed(verifyMinRank(*this, "input", input, 1, "at least the axis")) ||
      failed(verifyElementType(*this, "gamma", params, ElementKind::Real)) ||
      failed(verifyRank(*this, "gamma", params, 1, "one value per channel")))
    return failure();
  int64_t rank = input.getRank();
  auto axis = static_cast<int64_t>(getAxis());
  if (axis < -rank || axis >= rank)
    return emitOpError() << "attribute 'axis' (" << axis
                         << ") is out of range for an input of rank " << rank;
  int64_t channels = input.getDimSize(getNormalizedAxis());
  if (!sizesCompatible(params.getDimSize(0), channels))
    return emitOpError() << "gamma, beta, mean and var have "
                         << params.getDimSize(0) << " elements, expected "
                         << channels << " (the size of dimension "
                         << getNormalizedAxis() << " of the input)";
  const APFloat &epsilon = getEpsilon();
  // -0.0 is zero, not negative.
  if (!epsilon.isFinite() || (epsilon.isNegative() && !epsilon.isZero()))
    return emitOpError("attribute 'epsilon' must be finite and non-negative");
  return success();
}

//===----------------------------------------------------------------------===//
// ReLUOp
//===----------------------------------------------------------------------===//

LogicalResult ReLUOp::verify() {
  return verifyElementType(*this, "input", getInput().getType(),
                           ElementKind::Real);
}

OpFoldResult ReLUOp::fold(FoldAdaptor adaptor) {
  // Values that cannot be negative pass through: another relu, or an
  // unsigned integer (spikes) converted to float.
  if (Operation *producer = getInput().getDefiningOp())
    if (isa<ReLUOp, arith::UIToFPOp>(producer))
      return getInput();
  return constFoldUnaryOp<FloatAttr, FloatAttr::ValueType, /*PoisonAttr=*/void>(
      adaptor.getOperands(), [](const APFloat &value) {
        if (value.isNaN() || !value.isNegative())
          return value;
        return APFloat::getZero(value.getSemantics());
      });
}

//===----------------------------------------------------------------------===//
// RepeatOp
//===----------------------------------------------------------------------===//

LogicalResult RepeatOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType output = getOutput().getType();
  if (failed(verifyElementType(*this, "input", input, kAnyKind)))
    return failure();
  if (output.getElementType() != input.getElementType())
    return emitOpError() << "output must have the input's element type "
                         << input.getElementType() << ", got " << output;
  SmallVector<int64_t> expected{static_cast<int64_t>(getTimesteps())};
  llvm::append_range(expected, input.getShape());
  return verifyShape(*this, "output", output.getShape(), expected);
}

//===----------------------------------------------------------------------===//
// MeanTimeOp
//===----------------------------------------------------------------------===//

LogicalResult MeanTimeOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType output = getOutput().getType();
  if (failed(verifyElementType(*this, "input", input, kAnyKind)) ||
      failed(verifyMinRank(*this, "input", input, 1, "T x S...")) ||
      failed(verifyElementType(*this, "output", output, ElementKind::Real)))
    return failure();
  return verifyShape(*this, "output", output.getShape(),
                     input.getShape().drop_front());
}

namespace {
/// mean_time(repeat(x)) = x: the average of T copies is the copy (converted
/// to f32 when x holds spikes).
struct MeanOfRepeat : OpRewritePattern<MeanTimeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MeanTimeOp op,
                                PatternRewriter &rewriter) const override {
    auto repeat = op.getInput().getDefiningOp<RepeatOp>();
    if (!repeat)
      return failure();
    Value source = repeat.getInput();
    RankedTensorType sourceType = repeat.getInput().getType();
    RankedTensorType resultType = op.getOutput().getType();
    if (sourceType.getShape() != resultType.getShape())
      return rewriter.notifyMatchFailure(op, "static shapes differ");
    Type element = sourceType.getElementType();
    if (element.isF32())
      rewriter.replaceOp(op, source);
    else if (element.isSignlessInteger(1))
      rewriter.replaceOpWithNewOp<arith::UIToFPOp>(op, resultType, source);
    else
      rewriter.replaceOpWithNewOp<arith::SIToFPOp>(op, resultType, source);
    return success();
  }
};
} // namespace

void MeanTimeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                             MLIRContext *context) {
  results.add<MeanOfRepeat>(context);
}
