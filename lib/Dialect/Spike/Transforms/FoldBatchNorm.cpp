//===- FoldBatchNorm.cpp - fold batch norm into linear / conv2d -----------===//

#include "spike/Support/Limits.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Debug.h"

#include <cmath>

#define DEBUG_TYPE "spike-fold-batchnorm"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEFOLDBATCHNORM
#include "spike/Dialect/Spike/Transforms/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;
using namespace mlir::spike;

namespace {

/// The values of a constant f32 tensor, widened to double; nothing when
/// `value` is not a constant.
std::optional<SmallVector<double>> constantValues(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) ||
      !hasAtMostElements(attr.getType().getShape(), kMaxFoldedElements))
    return std::nullopt;
  SmallVector<double> values;
  for (const APFloat &element : attr.getValues<APFloat>())
    values.push_back(element.convertToFloat());
  return values;
}

Value createF32Constant(OpBuilder &builder, Location loc,
                        RankedTensorType type, ArrayRef<double> values) {
  SmallVector<float> narrowed(values.begin(), values.end());
  return arith::ConstantOp::create(
      builder, loc, DenseElementsAttr::get(type, ArrayRef<float>(narrowed)));
}

/// The operands of the fold: the synapse's weight and optional bias, and the
/// batch norm's parameters.
struct FoldOperands {
  Value weight, bias, gamma, beta, mean, var;
  double epsilon;
};

/// Computes W' and b' at compile time when every operand is a constant.
std::optional<std::pair<Value, Value>>
foldConstants(OpBuilder &builder, Location loc, const FoldOperands &in) {
  auto weight = constantValues(in.weight);
  auto gamma = constantValues(in.gamma), beta = constantValues(in.beta),
       mean = constantValues(in.mean), var = constantValues(in.var);
  std::optional<SmallVector<double>> bias;
  if (in.bias)
    bias = constantValues(in.bias);
  if (!weight || !gamma || !beta || !mean || !var || (in.bias && !bias))
    return std::nullopt;

  size_t channels = gamma->size();
  size_t perChannel = weight->size() / channels;
  SmallVector<double> scale(channels), newBias(channels);
  for (size_t c = 0; c < channels; ++c) {
    scale[c] = (*gamma)[c] / std::sqrt((*var)[c] + in.epsilon);
    double b = bias ? (*bias)[c] : 0.0;
    newBias[c] = (b - (*mean)[c]) * scale[c] + (*beta)[c];
  }
  SmallVector<double> newWeight(*weight);
  for (size_t i = 0; i < newWeight.size(); ++i)
    newWeight[i] *= scale[i / perChannel];

  auto weightType = cast<RankedTensorType>(in.weight.getType());
  auto vectorType = cast<RankedTensorType>(in.gamma.getType());
  return std::make_pair(
      createF32Constant(builder, loc, weightType, newWeight),
      createF32Constant(builder, loc, vectorType, newBias));
}

/// Emits tensor code computing W' and b' when some operand is not constant.
std::pair<Value, Value> foldAtRuntime(OpBuilder &builder, Location loc,
                                      const FoldOperands &in) {
  auto vectorType = cast<RankedTensorType>(in.gamma.getType());
  auto weightType = cast<RankedTensorType>(in.weight.getType());
  MLIRContext *ctx = builder.getContext();
  AffineMap vectorMap = AffineMap::getMultiDimIdentityMap(1, ctx);
  Value epsilon = arith::ConstantOp::create(
      builder, loc, builder.getF32FloatAttr(static_cast<float>(in.epsilon)));
  Value bias = in.bias;
  if (!bias)
    bias = arith::ConstantOp::create(
        builder, loc, DenseElementsAttr::get(vectorType, 0.0f));

  // scale = gamma / sqrt(var + eps); b' = (b - mean) * scale + beta.
  Value empty = tensor::EmptyOp::create(builder, loc, vectorType.getShape(),
                                        builder.getF32Type());
  auto vectors = linalg::GenericOp::create(
      builder, loc, TypeRange{vectorType, vectorType},
      ValueRange{in.gamma, in.var, bias, in.mean, in.beta},
      ValueRange{empty, empty}, SmallVector<AffineMap>(7, vectorMap),
      {utils::IteratorType::parallel},
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value shifted = arith::AddFOp::create(b, l, args[1], epsilon);
        Value root = math::SqrtOp::create(b, l, shifted);
        Value scale = arith::DivFOp::create(b, l, args[0], root);
        Value centred = arith::SubFOp::create(b, l, args[2], args[3]);
        Value scaled = arith::MulFOp::create(b, l, centred, scale);
        Value newBias = arith::AddFOp::create(b, l, scaled, args[4]);
        linalg::YieldOp::create(b, l, ValueRange{scale, newBias});
      });
  Value scale = vectors.getResult(0), newBias = vectors.getResult(1);

  // W'[o, ...] = W[o, ...] * scale[o].
  int64_t rank = weightType.getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
  AffineMap channelMap =
      AffineMap::get(rank, 0, getAffineDimExpr(0, ctx), ctx);
  Value weightInit = tensor::EmptyOp::create(
      builder, loc, weightType.getShape(), builder.getF32Type());
  auto newWeight = linalg::GenericOp::create(
      builder, loc, TypeRange{weightType}, ValueRange{in.weight, scale},
      ValueRange{weightInit},
      SmallVector<AffineMap>{identity, channelMap, identity},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value product = arith::MulFOp::create(b, l, args[0], args[1]);
        linalg::YieldOp::create(b, l, product);
      });
  return {newWeight.getResult(0), newBias};
}

/// notifyMatchFailure for a batch norm after a synapse that stays unfolded,
/// said under -debug-only too.
LogicalResult notFolded(PatternRewriter &rewriter, BatchNormOp norm,
                        StringRef why) {
  LLVM_DEBUG(llvm::dbgs() << "not folding the batch_norm at " << norm.getLoc()
                          << ": " << why << "\n");
  return rewriter.notifyMatchFailure(norm, why);
}

/// batch_norm(linear|conv2d) -> linear|conv2d with scaled weights and bias.
struct FoldBatchNormIntoSynapse : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp norm,
                                PatternRewriter &rewriter) const override {
    Operation *synapse = norm.getInput().getDefiningOp();
    if (!synapse || !isa<LinearOp, Conv2dOp>(synapse))
      return rewriter.notifyMatchFailure(norm, "input is not a synapse");
    if (!synapse->hasOneUse())
      return notFolded(rewriter, norm, "synapse has other users");
    int64_t rank = norm.getInput().getType().getRank();
    int64_t featureAxis = isa<LinearOp>(synapse) ? rank - 1 : rank - 3;
    if (norm.getNormalizedAxis() != featureAxis)
      return notFolded(rewriter, norm, "not the output-feature axis");

    FoldOperands operands{synapse->getOperand(1),
                          synapse->getNumOperands() > 2
                              ? synapse->getOperand(2)
                              : Value(),
                          norm.getGamma(),
                          norm.getBeta(),
                          norm.getMean(),
                          norm.getVar(),
                          norm.getEpsilon().convertToFloat()};
    if (!cast<RankedTensorType>(operands.weight.getType()).hasStaticShape() ||
        !norm.getGamma().getType().hasStaticShape())
      return notFolded(rewriter, norm, "dynamic weight shape");

    rewriter.setInsertionPoint(synapse);
    auto folded = foldConstants(rewriter, norm.getLoc(), operands);
    LLVM_DEBUG(llvm::dbgs() << "folding the batch_norm at " << norm.getLoc()
                            << " into " << synapse->getName() << ": "
                            << (folded ? "constants" : "computed at run time")
                            << "\n");
    auto [foldedWeight, foldedBias] =
        folded ? *folded : foldAtRuntime(rewriter, norm.getLoc(), operands);
    Value weight = foldedWeight, bias = foldedBias;
    rewriter.modifyOpInPlace(synapse, [&] {
      synapse->setOperand(1, weight);
      if (operands.bias)
        synapse->setOperand(2, bias);
      else
        synapse->insertOperands(2, bias);
    });
    rewriter.replaceOp(norm, synapse->getResults());
    return success();
  }
};

/// batch_norm(collapse_shape(x)) -> collapse_shape(batch_norm(x)) when the
/// normalised axis is a dimension of its own in the collapse: a conv1d is
/// imported as a conv2d of height 1 whose result is collapsed, and the batch
/// norm after it must reach the conv to be folded.
struct HoistBatchNormAboveCollapse : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp norm,
                                PatternRewriter &rewriter) const override {
    auto collapse = norm.getInput().getDefiningOp<tensor::CollapseShapeOp>();
    if (!collapse || !collapse->hasOneUse())
      return rewriter.notifyMatchFailure(norm, "input is not a collapse");
    if (!isa_and_nonnull<LinearOp, Conv2dOp>(collapse.getSrc().getDefiningOp()))
      return rewriter.notifyMatchFailure(norm, "the collapse is not of a synapse");
    auto groups = collapse.getReassociationIndices();
    int64_t axis = norm.getNormalizedAxis();
    if (groups[axis].size() != 1)
      return rewriter.notifyMatchFailure(norm, "the axis is merged");
    auto sourceType = cast<RankedTensorType>(collapse.getSrc().getType());
    LLVM_DEBUG(llvm::dbgs() << "moving the batch_norm at " << norm.getLoc()
                            << " above its tensor.collapse_shape (axis "
                            << axis << " -> " << groups[axis].front()
                            << ")\n");
    auto hoisted = BatchNormOp::create(
        rewriter, norm.getLoc(), sourceType, collapse.getSrc(), norm.getGamma(),
        norm.getBeta(), norm.getMean(), norm.getVar(), norm.getEpsilonAttr(),
        rewriter.getI64IntegerAttr(groups[axis].front()));
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        norm, norm.getType(), hoisted.getResult(), groups);
    return success();
  }
};

struct SpikeFoldBatchNorm
    : spike::impl::SpikeFoldBatchNormBase<SpikeFoldBatchNorm> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldBatchNormIntoSynapse, HoistBatchNormAboveCollapse>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    LLVM_DEBUG({
      int64_t left = 0;
      getOperation()->walk([&](BatchNormOp) { ++left; });
      llvm::dbgs() << left << " batch_norm left unfolded\n";
    });
  }
};

} // namespace
