//===- GraphLowering.cpp - batch_norm, relu, repeat, mean_time ------------===//

#include "Lowerings.h"
#include "spike/Conversion/SpikeToLinalg/Packing.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::spike;

namespace {

SmallVector<utils::IteratorType> parallel(int64_t rank) {
  return SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel);
}

/// y = (x - mean) * (gamma / sqrt(var + epsilon)) + beta along `axis`.
struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getInput().getType();
    RankedTensorType vectorType = op.getGamma().getType();
    Value epsilon = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getF32FloatAttr(op.getEpsilon().convertToFloat()));
    AffineMap vectorMap = rewriter.getMultiDimIdentityMap(1);
    Value scale = elementwise(
        rewriter, loc, vectorType, {adaptor.getGamma(), adaptor.getVar()},
        {vectorMap, vectorMap}, [&](OpBuilder &b, Location l, ValueRange args) {
          Value root = math::SqrtOp::create(
              b, l, arith::AddFOp::create(b, l, args[1], epsilon));
          return arith::DivFOp::create(b, l, args[0], root).getResult();
        });
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = type.getRank();
    AffineMap channel = AffineMap::get(
        rank, 0, getAffineDimExpr(op.getNormalizedAxis(), ctx), ctx);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    Value result = elementwise(
        rewriter, loc, type,
        {adaptor.getInput(), adaptor.getMean(), scale, adaptor.getBeta()},
        {identity, channel, channel, channel},
        [](OpBuilder &b, Location l, ValueRange args) {
          Value centred = arith::SubFOp::create(b, l, args[0], args[1]);
          Value scaled = arith::MulFOp::create(b, l, centred, args[2]);
          return arith::AddFOp::create(b, l, scaled, args[3]).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ReLULowering : OpConversionPattern<ReLUOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReLUOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getInput().getType();
    Value result = elementwise(
        rewriter, op.getLoc(), type, adaptor.getInput(),
        rewriter.getMultiDimIdentityMap(type.getRank()),
        [](OpBuilder &b, Location l, ValueRange args) {
          Value zero = arith::ConstantOp::create(b, l, b.getF32FloatAttr(0));
          return arith::MaximumFOp::create(b, l, args[0], zero).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Broadcasts along a new time dimension. Packed spikes repeat their words
/// (for ternary planes [2, A..., W] the time dimension follows the plane).
struct RepeatLowering : OpConversionPattern<RepeatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(RepeatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RankedTensorType inputType = op.getInput().getType();
    bool ternary = isTernarySpikeTensor(inputType);
    bool spikes = ternary || isBinarySpikeTensor(inputType);
    // A rank-0 spike is not packed; repack it once repeated along time.
    bool repack = spikes && inputType.getRank() == 0;
    auto resultType = repack ? op.getOutput().getType()
                             : cast<RankedTensorType>(getTypeConverter()->convertType(
                                   op.getOutput().getType()));
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = resultType.getRank();
    int64_t timeDim = ternary && !repack ? 1 : 0;
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < rank; ++d)
      if (d != timeDim)
        exprs.push_back(getAffineDimExpr(d, ctx));
    Value result = elementwise(
        rewriter, loc, resultType, input, AffineMap::get(rank, 0, exprs, ctx),
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    if (repack)
      result = ternary ? packTernary(rewriter, loc, result)
                       : packBinary(rewriter, loc, result);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Sums over time and divides by T; spikes are unpacked to 0.0/1.0 (+1 plane
/// minus -1 plane for ternary) first.
struct MeanTimeLowering : OpConversionPattern<MeanTimeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MeanTimeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inputType = op.getInput().getType();
    Value values = adaptor.getInput();
    if (isBinarySpikeTensor(inputType) || isTernarySpikeTensor(inputType))
      values = spikesToFloat(rewriter, loc, values, inputType);

    RankedTensorType resultType = op.getOutput().getType();
    int64_t rank = inputType.getRank();
    MLIRContext *ctx = rewriter.getContext();
    // Iterate (S..., t): t is the innermost, reduced dimension.
    SmallVector<AffineExpr> inputExprs{getAffineDimExpr(rank - 1, ctx)};
    SmallVector<AffineExpr> outputExprs;
    for (int64_t d = 0; d + 1 < rank; ++d) {
      inputExprs.push_back(getAffineDimExpr(d, ctx));
      outputExprs.push_back(getAffineDimExpr(d, ctx));
    }
    SmallVector<utils::IteratorType> iterators = parallel(rank - 1);
    iterators.push_back(utils::IteratorType::reduction);
    Value init = createFilledTensor(rewriter, loc, resultType.getShape(),
                                    rewriter.getF32FloatAttr(0));
    Value sum =
        linalg::GenericOp::create(
            rewriter, loc, resultType, values, init,
            {AffineMap::get(rank, 0, inputExprs, ctx),
             AffineMap::get(rank, 0, outputExprs, ctx)},
            iterators,
            [](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(
                  b, l, arith::AddFOp::create(b, l, args[1], args[0]).getResult());
            })
            .getResult(0);
    Value steps = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getF32FloatAttr(static_cast<float>(inputType.getDimSize(0))));
    Value mean = elementwise(
        rewriter, loc, resultType, sum,
        rewriter.getMultiDimIdentityMap(resultType.getRank()),
        [&](OpBuilder &b, Location l, ValueRange args) {
          return arith::DivFOp::create(b, l, args[0], steps).getResult();
        });
    rewriter.replaceOp(op, mean);
    return success();
  }
};

/// arith.uitofp of binary spikes and arith.sitofp of ternary ones (their
/// 0.0/1.0 or -1.0/0.0/1.0 values) straight from the packed words.
template <typename CastOp>
struct SpikesToFloatLowering : OpConversionPattern<CastOp> {
  using OpConversionPattern<CastOp>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CastOp op, typename CastOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getIn().getType());
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !isSpikeCast(op) || !resultType.getElementType().isF32())
      return failure();
    rewriter.replaceOp(op, spikesToFloat(rewriter, op.getLoc(),
                                         adaptor.getIn(), type));
    return success();
  }
};

} // namespace

bool mlir::spike::isSpikeCast(Operation *op) {
  if (op->getNumOperands() != 1)
    return false;
  // Only packed spikes (static shape, rank >= 1) are read from words; a cast
  // of a single spike or of a dynamic tensor stays an ordinary arith op.
  auto type = dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  if (!type || type.getRank() == 0 || !type.hasStaticShape())
    return false;
  return (isa<arith::UIToFPOp>(op) && isBinarySpikeTensor(type)) ||
         (isa<arith::SIToFPOp>(op) && isTernarySpikeTensor(type));
}

void mlir::spike::populateGraphLoweringPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<BatchNormLowering, ReLULowering, RepeatLowering,
               MeanTimeLowering, SpikesToFloatLowering<arith::UIToFPOp>,
               SpikesToFloatLowering<arith::SIToFPOp>>(typeConverter,
                                                       patterns.getContext());
}
