//===- PoolLowering.cpp - maxpool2d, avgpool2d, sumpool2d -----------------===//
//
// Pools treat every leading dimension (batch and channels) alike: the input
// is viewed as [Q, H, W]. On binary spikes maxpool ors whole words across
// the window's rows, then gathers the window's columns bit by bit into the
// output words. Everything else is a window reduction on f32 (spikes are
// unpacked to 0.0/1.0 for sum and average).
//
//===----------------------------------------------------------------------===//

#include "Lowerings.h"
#include "spike/Conversion/SpikeToLinalg/Packing.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace mlir::spike;

namespace {

struct PoolGeometry {
  int64_t planes, height, width, outH, outW;
  int64_t kernelH, kernelW, strideH, strideW;
  int64_t padTop, padLeft, padBottom, padRight;
  SmallVector<int64_t> leading, outShape;

  template <typename PoolOp>
  explicit PoolGeometry(PoolOp op) {
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    int64_t rank = in.size();
    leading.assign(in.begin(), in.end() - 2);
    outShape.assign(out.begin(), out.end());
    planes = 1;
    for (int64_t size : leading)
      planes *= size;
    height = in[rank - 2];
    width = in[rank - 1];
    outH = out[rank - 2];
    outW = out[rank - 1];
    kernelH = op.getKernel()[0];
    kernelW = op.getKernel()[1];
    SmallVector<int64_t, 2> strides = op.getEffectiveStrides();
    strideH = strides[0];
    strideW = strides[1];
    ArrayRef<int64_t> padding = op.getPadding();
    padTop = padding[0];
    padLeft = padding[1];
    padBottom = padding[2];
    padRight = padding[3];
  }
};

enum class WindowKind { Max, Sum };

/// An operand that only gives the window dimensions their sizes, as the
/// window operand of linalg's named pooling ops does (its values are never
/// read).
Value windowShape(OpBuilder &b, Location loc, ArrayRef<int64_t> window) {
  return tensor::EmptyOp::create(b, loc, window, b.getI8Type());
}

/// Max or sum over the windows of f32 [Q, H, W] -> [Q, H', W'], with the
/// input padded by -inf (max) or 0 (sum).
Value reduceWindows(OpBuilder &b, Location loc, const PoolGeometry &g,
                    Value input, WindowKind kind) {
  float padValue = kind == WindowKind::Max
                       ? -std::numeric_limits<float>::infinity()
                       : 0.0f;
  Value pad = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(padValue));
  auto paddedType = RankedTensorType::get(
      {g.planes, g.height + g.padTop + g.padBottom,
       g.width + g.padLeft + g.padRight},
      b.getF32Type());
  Value padded = tensor::PadOp::create(
      b, loc, paddedType, input,
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(g.padTop),
                             b.getIndexAttr(g.padLeft)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(g.padBottom),
                             b.getIndexAttr(g.padRight)},
      pad);
  Value init = createFilledTensor(b, loc, {g.planes, g.outH, g.outW},
                                  b.getF32FloatAttr(padValue));
  MLIRContext *ctx = b.getContext();
  AffineExpr q, y, x, i, j;
  bindDims(ctx, q, y, x, i, j);
  AffineMap inputMap = AffineMap::get(
      5, 0, {q, y * g.strideH + i, x * g.strideW + j}, ctx);
  AffineMap windowMap = AffineMap::get(5, 0, {i, j}, ctx);
  AffineMap outputMap = AffineMap::get(5, 0, {q, y, x}, ctx);
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, init.getType(),
             ValueRange{padded,
                        windowShape(b, loc, {g.kernelH, g.kernelW})},
             init, {inputMap, windowMap, outputMap}, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value result =
                   kind == WindowKind::Max
                       ? arith::MaximumFOp::create(nb, nl, args[2], args[0])
                             .getResult()
                       : arith::AddFOp::create(nb, nl, args[2], args[0])
                             .getResult();
               linalg::YieldOp::create(nb, nl, result);
             })
      .getResult(0);
}

/// Maxpool of packed binary spikes [Q, H, W(W)] -> [Q, H', W(W')].
Value maxPoolBits(OpBuilder &b, Location loc, const PoolGeometry &g,
                  Value words) {
  MLIRContext *ctx = b.getContext();
  int64_t inWords = packedWordCount(g.width);
  // 1. Or whole words over the window rows (zero rows as padding).
  Value zeroWord = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
  auto paddedType = RankedTensorType::get(
      {g.planes, g.height + g.padTop + g.padBottom, inWords}, b.getI64Type());
  Value padded = tensor::PadOp::create(
      b, loc, paddedType, words,
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(g.padTop),
                             b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(g.padBottom),
                             b.getIndexAttr(0)},
      zeroWord);
  Value rowInit = createFilledTensor(b, loc, {g.planes, g.outH, inWords},
                                     b.getI64IntegerAttr(0));
  AffineExpr q, y, w, i;
  bindDims(ctx, q, y, w, i);
  SmallVector<utils::IteratorType> rowIterators(3,
                                                utils::IteratorType::parallel);
  rowIterators.push_back(utils::IteratorType::reduction);
  Value rows =
      linalg::GenericOp::create(
          b, loc, rowInit.getType(),
          ValueRange{padded, windowShape(b, loc, {g.kernelH})}, rowInit,
          {AffineMap::get(4, 0, {q, y * g.strideH + i, w}, ctx),
           AffineMap::get(4, 0, {i}, ctx), AffineMap::get(4, 0, {q, y, w}, ctx)},
          rowIterators,
          [](OpBuilder &nb, Location nl, ValueRange args) {
            linalg::YieldOp::create(
                nb, nl, arith::OrIOp::create(nb, nl, args[2], args[0]).getResult());
          })
          .getResult(0);

  // 2. Gather the window columns bit by bit into the output words.
  int64_t outWords = packedWordCount(g.outW);
  Value init = createFilledTensor(b, loc, {g.planes, g.outH, outWords},
                                  b.getI64IntegerAttr(0));
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  AffineMap wordMap = AffineMap::getMultiDimIdentityMap(4, ctx).dropResult(3);
  AffineMap laneMap = AffineMap::get(4, 0, getAffineDimExpr(3, ctx), ctx);
  return linalg::GenericOp::create(
             b, loc, init.getType(), createLaneShifts(b, loc), init,
             {laneMap, wordMap}, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               auto constant = [&](int64_t v) {
                 return arith::ConstantIndexOp::create(nb, nl, v).getResult();
               };
               Value plane = linalg::IndexOp::create(nb, nl, 0);
               Value row = linalg::IndexOp::create(nb, nl, 1);
               Value x = arith::AddIOp::create(
                   nb, nl,
                   arith::MulIOp::create(nb, nl,
                                         linalg::IndexOp::create(nb, nl, 2),
                                         constant(kWordBits)),
                   linalg::IndexOp::create(nb, nl, 3));
               Value any = arith::ConstantIntOp::create(nb, nl, nb.getI1Type(), 0);
               for (int64_t j = 0; j < g.kernelW; ++j) {
                 Value column = arith::SubIOp::create(
                     nb, nl,
                     arith::AddIOp::create(
                         nb, nl,
                         arith::MulIOp::create(nb, nl, x, constant(g.strideW)),
                         constant(j)),
                     constant(g.padLeft));
                 Value inside = arith::AndIOp::create(
                     nb, nl,
                     arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::sge,
                                           column, constant(0)),
                     arith::CmpIOp::create(nb, nl, arith::CmpIPredicate::slt,
                                           column, constant(g.width)));
                 Value safe =
                     arith::SelectOp::create(nb, nl, inside, column, constant(0));
                 Value bit = extractPackedBit(nb, nl, rows,
                                              ValueRange{plane, row}, safe);
                 any = arith::OrIOp::create(
                     nb, nl, any, arith::AndIOp::create(nb, nl, bit, inside));
               }
               Value valid = arith::CmpIOp::create(
                   nb, nl, arith::CmpIPredicate::ult, x, constant(g.outW));
               Value fired = arith::AndIOp::create(nb, nl, any, valid);
               linalg::YieldOp::create(
                   nb, nl, orShiftedBit(nb, nl, fired, args[1], args[0]));
             })
      .getResult(0);
}

/// Views [leading..., H, X] as [Q, H, X] and back.
Value toPlanes(OpBuilder &b, Location loc, Value value, int64_t leading) {
  return collapseLeadingDims(b, loc, value, leading);
}
Value fromPlanes(OpBuilder &b, Location loc, Value value,
                 ArrayRef<int64_t> leading) {
  return expandLeadingDim(b, loc, value, leading);
}

template <typename PoolOp, WindowKind kind, bool average>
struct PoolLowering : OpConversionPattern<PoolOp> {
  using OpConversionPattern<PoolOp>::OpConversionPattern;
  using OpAdaptor = typename PoolOp::Adaptor;

  LogicalResult
  matchAndRewrite(PoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    PoolGeometry g(op);
    bool spikes = isBinarySpikeTensor(op.getInput().getType());
    Value input = toPlanes(rewriter, loc, adaptor.getInput(), g.leading.size());
    Value result;
    if (spikes && kind == WindowKind::Max) {
      result = maxPoolBits(rewriter, loc, g, input);
    } else {
      if (spikes)
        input = unpackBinaryToFloat(rewriter, loc, input, g.width);
      result = reduceWindows(rewriter, loc, g, input, kind);
      if (average)
        result = divideBy(rewriter, loc, result, g.kernelH * g.kernelW);
    }
    rewriter.replaceOp(op, fromPlanes(rewriter, loc, result, g.leading));
    return success();
  }

  static Value divideBy(OpBuilder &b, Location loc, Value value,
                        int64_t divisor) {
    Value denominator = arith::ConstantOp::create(
        b, loc, b.getF32FloatAttr(static_cast<float>(divisor)));
    return mapElements(b, loc, value,
                       [&](OpBuilder &nb, Location nl, Value element) -> Value {
                         return arith::DivFOp::create(nb, nl, element,
                                                      denominator);
                       });
  }
};

} // namespace

void mlir::spike::populatePoolLoweringPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<PoolLowering<MaxPool2dOp, WindowKind::Max, false>,
               PoolLowering<AvgPool2dOp, WindowKind::Sum, true>,
               PoolLowering<SumPool2dOp, WindowKind::Sum, false>>(
      typeConverter, patterns.getContext());
}
