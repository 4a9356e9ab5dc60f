//===- SynapseLowering.cpp - linear and conv2d ----------------------------===//
//
// On spike input both synapses become bitmask accumulation: linear directly
// on the packed words; conv2d tap by tap, on the spikes re-packed along the
// channels ([N, H, W, C/64] words), so that the words of input pixel
// (y + i, x + j) select the rows of kernel tap (i, j) directly (no im2col).
// Real (f32) input uses linalg.matmul, after an f32 im2col for conv2d.
//
//===----------------------------------------------------------------------===//

#include "Lowerings.h"
#include "spike/Conversion/SpikeToLinalg/BitmaskAccumulate.h"
#include "spike/Conversion/SpikeToLinalg/Packing.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::spike;

namespace {

/// The word planes of spike input `packed` with its leading `batchRank`
/// dims merged.
SmallVector<Value, 2> collapsedPlanes(OpBuilder &b, Location loc, Value packed,
                                      bool ternary, int64_t batchRank) {
  SmallVector<Value, 2> planes = splitPlanes(b, loc, packed, ternary);
  for (Value &plane : planes)
    plane = collapseLeadingDims(b, loc, plane, batchRank);
  return planes;
}

Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init) {
  return linalg::MatmulOp::create(b, loc, ValueRange{lhs, rhs},
                                  ValueRange{init})
      .getResult(0);
}

struct LinearLowering : OpConversionPattern<LinearOp> {
  LinearLowering(const TypeConverter &typeConverter, MLIRContext *context,
                 const SpikeToLinalgOptions &options)
      : OpConversionPattern(typeConverter, context), options(options) {}
  SpikeToLinalgOptions options;

  LogicalResult
  matchAndRewrite(LinearOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inputType = op.getInput().getType();
    ArrayRef<int64_t> batch = inputType.getShape().drop_back();
    int64_t outputs = op.getWeight().getType().getDimSize(0);
    int64_t points = computeProduct(batch);
    Value rows = transposeMatrix(rewriter, loc, adaptor.getWeight());
    Value init =
        broadcastRows(rewriter, loc, adaptor.getBias(), points, outputs);
    Value result;
    if (inputType.getElementType().isF32()) {
      Value x = collapseLeadingDims(rewriter, loc, adaptor.getInput(),
                                    batch.size());
      result = matmul(rewriter, loc, x, rows, init);
    } else {
      SmallVector<Value, 2> planes = collapsedPlanes(
          rewriter, loc, adaptor.getInput(),
          isTernarySpikeTensor(inputType), batch.size());
      result = accumulateSpikes(rewriter, loc, planes, rows, init,
                                  options.accumulate);
    }
    rewriter.replaceOp(op, expandLeadingDim(rewriter, loc, result, batch));
    return success();
  }
};

/// The geometry of a conv2d, and the index arithmetic of its im2col.
struct ConvGeometry {
  int64_t channels, height, width, outChannels, kernelH, kernelW, outH, outW;
  int64_t groups, groupChannels, groupOutChannels;
  SmallVector<int64_t> strides, padding, dilations;

  explicit ConvGeometry(Conv2dOp op) {
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ArrayRef<int64_t> weight = op.getWeight().getType().getShape();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    int64_t rank = in.size();
    channels = in[rank - 3];
    height = in[rank - 2];
    width = in[rank - 1];
    outChannels = weight[0];
    kernelH = weight[2];
    kernelW = weight[3];
    outH = out[rank - 2];
    outW = out[rank - 1];
    groups = static_cast<int64_t>(op.getGroups());
    groupChannels = channels / groups;
    groupOutChannels = outChannels / groups;
    strides.assign(op.getStrides().begin(), op.getStrides().end());
    padding.assign(op.getPadding().begin(), op.getPadding().end());
    dilations.assign(op.getDilations().begin(), op.getDilations().end());
  }

  /// Patch length of a group: C/groups * KH * KW.
  int64_t patchSize() const { return groupChannels * kernelH * kernelW; }

  /// Weight rows of a group in kernel-tap order, as the tap-wise spike
  /// accumulation reads them:
  /// rows[(i * KW + j) * C/g + c, o] = weight[group * O/g + o, c, i, j].
  Value tapRows(OpBuilder &b, Location loc, Value weight, int64_t group) const {
    int64_t patch = patchSize(), taps = kernelH * kernelW;
    if (auto values = getConstantF32Values(weight)) {
      SmallVector<float> rows(patch * groupOutChannels);
      for (int64_t o = 0; o < groupOutChannels; ++o)
        for (int64_t c = 0; c < groupChannels; ++c)
          for (int64_t t = 0; t < taps; ++t)
            rows[(t * groupChannels + c) * groupOutChannels + o] =
                (*values)[((group * groupOutChannels + o) * groupChannels + c) *
                              taps +
                          t];
      return createF32Constant(b, loc, {patch, groupOutChannels}, rows);
    }
    Value slice = groupSlice(b, loc, weight, group);
    // [O/g, C/g, KH, KW] -> [KH, KW, C/g, O/g] -> [KH * KW * C/g, O/g].
    Value transposed = transposeDims(b, loc, slice, {2, 3, 1, 0});
    return tensor::CollapseShapeOp::create(
        b, loc, RankedTensorType::get({patch, groupOutChannels}, b.getF32Type()),
        transposed, SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
  }

  /// The weights [O/g, C/g, KH, KW] of a group.
  Value groupSlice(OpBuilder &b, Location loc, Value weight,
                   int64_t group) const {
    SmallVector<OpFoldResult> offsets{b.getIndexAttr(group * groupOutChannels),
                                      b.getIndexAttr(0), b.getIndexAttr(0),
                                      b.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes{
        b.getIndexAttr(groupOutChannels), b.getIndexAttr(groupChannels),
        b.getIndexAttr(kernelH), b.getIndexAttr(kernelW)};
    SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
    return tensor::ExtractSliceOp::create(b, loc, weight, offsets, sizes,
                                          strides);
  }
};

/// The spikes of channels [group * C/g, (group + 1) * C/g) of `words` (i64
/// [N, C, H, W(W)], packed along the width) re-packed along the channels:
/// i64 [N, H, W, W(C/g)].
Value channelWords(OpBuilder &b, Location loc, const ConvGeometry &geometry,
                   Value words, int64_t batch, int64_t group) {
  int64_t channels = geometry.groupChannels;
  SmallVector<int64_t> shape{batch, geometry.height, geometry.width,
                             packedWordCount(channels)};
  Value init = createFilledTensor(b, loc, shape, b.getI64IntegerAttr(0));
  MLIRContext *ctx = b.getContext();
  AffineMap wordMap = AffineMap::getMultiDimIdentityMap(5, ctx).dropResult(4);
  AffineMap laneMap = AffineMap::get(5, 0, getAffineDimExpr(4, ctx), ctx);
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  auto packed = linalg::GenericOp::create(
      b, loc, init.getType(), createLaneShifts(b, loc), init,
      {laneMap, wordMap}, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        auto index = [&](int64_t d) {
          return linalg::IndexOp::create(nb, nl, d).getResult();
        };
        auto constant = [&](int64_t v) {
          return arith::ConstantIndexOp::create(nb, nl, v).getResult();
        };
        Value c = arith::AddIOp::create(
            nb, nl, arith::MulIOp::create(nb, nl, index(3), constant(kWordBits)),
            index(4));
        Value inGroup = arith::CmpIOp::create(
            nb, nl, arith::CmpIPredicate::ult, c, constant(channels));
        Value channel = arith::AddIOp::create(
            nb, nl,
            arith::SelectOp::create(nb, nl, inGroup, c, constant(0)),
            constant(group * channels));
        Value bit = extractPackedBit(nb, nl, words,
                                     ValueRange{index(0), channel, index(1)},
                                     index(2));
        Value live = arith::AndIOp::create(nb, nl, bit, inGroup);
        linalg::YieldOp::create(
            nb, nl, orShiftedBit(nb, nl, live, args[1], args[0]));
      });
  return packed.getResult(0);
}

/// The bits of output point p = (n, y, x) (row-major over [N, H', W']): for
/// each kernel tap (i, j) the channel words of input pixel (y s + i d - pad,
/// x s + j d - pad), none outside the input; bit c of tap (i, j) selects
/// row (i KW + j) C/g + c of `rows`; dense words may be complemented (see
/// BitSource).
BitSource tapSource(OpBuilder &b, Location loc, const ConvGeometry &geometry,
                    Value packed, bool subtract, Value rows) {
  int64_t channels = geometry.groupChannels;
  int64_t channelWords = packedWordCount(channels);
  BitSource source;
  source.words = geometry.kernelH * geometry.kernelW * channelWords;
  source.subtract = subtract;
  // Word (tap, w) covers rows tap C/g + 64 w, up to the group's channels.
  auto validCount = [=](int64_t word) {
    return std::min(kWordBits, channels - word * kWordBits);
  };
  source.rowSums = constantRowSums(b, loc, rows, source.words, [&](int64_t slot) {
    int64_t tap = slot / channelWords, word = slot % channelWords;
    return std::make_pair(tap * channels + word * kWordBits, validCount(word));
  });
  source.validBits = [=](OpBuilder &vb, Location vl, Value slot) -> Value {
    Value word = arith::RemUIOp::create(
        vb, vl, slot, arith::ConstantIndexOp::create(vb, vl, channelWords));
    Value left = arith::SubIOp::create(
        vb, vl, arith::ConstantIndexOp::create(vb, vl, channels),
        arith::MulIOp::create(vb, vl, word,
                              arith::ConstantIndexOp::create(vb, vl, kWordBits)));
    return lowBitsMask(
        vb, vl, arith::IndexCastOp::create(vb, vl, vb.getI64Type(), left));
  };
  source.fetch = [geometry, packed, channelWords](
                     OpBuilder &b, Location loc, Value point,
                     Value slot) -> std::pair<Value, Value> {
    auto constant = [&](int64_t v) {
      return arith::ConstantIndexOp::create(b, loc, v).getResult();
    };
    auto div = [&](Value v, int64_t d) {
      return arith::DivUIOp::create(b, loc, v, constant(d)).getResult();
    };
    auto rem = [&](Value v, int64_t d) {
      return arith::RemUIOp::create(b, loc, v, constant(d)).getResult();
    };
    Value n = div(point, geometry.outH * geometry.outW);
    Value y = rem(div(point, geometry.outW), geometry.outH);
    Value x = rem(point, geometry.outW);
    Value tap = div(slot, channelWords);
    Value channelWord = rem(slot, channelWords);
    auto coordinate = [&](Value out, Value tapIndex, int64_t dim) {
      Value base =
          arith::MulIOp::create(b, loc, out, constant(geometry.strides[dim]));
      Value shift = arith::MulIOp::create(b, loc, tapIndex,
                                          constant(geometry.dilations[dim]));
      return arith::SubIOp::create(b, loc,
                                   arith::AddIOp::create(b, loc, base, shift),
                                   constant(geometry.padding[dim]))
          .getResult();
    };
    Value row = coordinate(y, div(tap, geometry.kernelW), 0);
    Value column = coordinate(x, rem(tap, geometry.kernelW), 1);
    // Unsigned compares reject negative (padding) coordinates too.
    Value inside = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row,
                              constant(geometry.height)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, column,
                              constant(geometry.width)));
    Value zero = constant(0);
    Value word = tensor::ExtractOp::create(
        b, loc, packed,
        ValueRange{n, arith::SelectOp::create(b, loc, inside, row, zero),
                   arith::SelectOp::create(b, loc, inside, column, zero),
                   channelWord});
    Value noBits = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
    Value firstRow = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, tap, constant(geometry.groupChannels)),
        arith::MulIOp::create(b, loc, channelWord, constant(kWordBits)));
    return {arith::SelectOp::create(b, loc, inside, word, noBits), firstRow};
  };
  return source;
}

/// The real patches of group `group` of f32 `input` [N, C, H, W] as rows,
/// [patch, N * H' * W'] in the tap-major order of tapRows: row
/// (i * KW + j) * C/g + c is channel c of the group seen through tap (i, j)
/// at every output point, zero outside the input. A tap is a strided slice
/// of the zero-padded planes, so with stride 1 a row is built from
/// contiguous copies along x (an im2col indexed per element is a gather).
Value realPatchRows(OpBuilder &b, Location loc, const ConvGeometry &geometry,
                    Value input, int64_t batch, int64_t group) {
  int64_t channels = geometry.groupChannels;
  auto attrs = [&](ArrayRef<int64_t> values) {
    return llvm::map_to_vector(values, [&](int64_t v) -> OpFoldResult {
      return b.getIndexAttr(v);
    });
  };
  SmallVector<OpFoldResult> unit = attrs({1, 1, 1, 1});
  Value planes = tensor::ExtractSliceOp::create(
      b, loc, input, attrs({0, group * channels, 0, 0}),
      attrs({batch, channels, geometry.height, geometry.width}), unit);
  int64_t paddedH = geometry.height + geometry.padding[0] + geometry.padding[2];
  int64_t paddedW = geometry.width + geometry.padding[1] + geometry.padding[3];
  if (paddedH != geometry.height || paddedW != geometry.width) {
    Value zeros = createFilledTensor(b, loc, {batch, channels, paddedH, paddedW},
                                     b.getF32FloatAttr(0));
    planes = tensor::InsertSliceOp::create(
        b, loc, planes, zeros,
        attrs({0, 0, geometry.padding[0], geometry.padding[1]}),
        attrs({batch, channels, geometry.height, geometry.width}), unit);
  }
  Value rows = tensor::EmptyOp::create(
      b, loc,
      ArrayRef<int64_t>{geometry.patchSize(), batch, geometry.outH,
                        geometry.outW},
      b.getF32Type());
  for (int64_t i = 0; i < geometry.kernelH; ++i)
    for (int64_t j = 0; j < geometry.kernelW; ++j) {
      Value tap = tensor::ExtractSliceOp::create(
          b, loc, planes,
          attrs({0, 0, i * geometry.dilations[0], j * geometry.dilations[1]}),
          attrs({batch, channels, geometry.outH, geometry.outW}),
          attrs({1, 1, geometry.strides[0], geometry.strides[1]}));
      // [N, C/g, H', W'] -> [C/g, N, H', W']: the points of a row adjacent.
      Value moved = transposeDims(b, loc, tap, {1, 0, 2, 3});
      rows = tensor::InsertSliceOp::create(
          b, loc, moved, rows,
          attrs({(i * geometry.kernelW + j) * channels, 0, 0, 0}),
          attrs({channels, batch, geometry.outH, geometry.outW}), unit);
    }
  return tensor::CollapseShapeOp::create(
      b, loc, rows, SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
}

struct Conv2dLowering : OpConversionPattern<Conv2dOp> {
  Conv2dLowering(const TypeConverter &typeConverter, MLIRContext *context,
                 const SpikeToLinalgOptions &options)
      : OpConversionPattern(typeConverter, context), options(options) {}
  SpikeToLinalgOptions options;

  LogicalResult
  matchAndRewrite(Conv2dOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ConvGeometry geometry(op);
    RankedTensorType inputType = op.getInput().getType();
    ArrayRef<int64_t> batchShape = inputType.getShape().drop_back(3);
    int64_t batch = computeProduct(batchShape);
    int64_t points = batch * geometry.outH * geometry.outW;
    Type element = inputType.getElementType();
    SmallVector<Value, 2> inputs;
    if (element.isF32())
      inputs = {collapseLeadingDims(rewriter, loc, adaptor.getInput(),
                                    batchShape.size())};
    else
      inputs = collapsedPlanes(rewriter, loc, adaptor.getInput(),
                               element.isSignlessInteger(2), batchShape.size());

    SmallVector<int64_t> outShape{batch, geometry.outChannels, geometry.outH,
                                  geometry.outW};
    Value output =
        tensor::EmptyOp::create(rewriter, loc, outShape, rewriter.getF32Type());
    for (int64_t group = 0; group < geometry.groups; ++group) {
      int64_t og = geometry.groupOutChannels;
      Value bias = adaptor.getBias();
      if (bias)
        bias = tensor::ExtractSliceOp::create(
            rewriter, loc, bias,
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(group * og)},
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(og)},
            ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1)});
      Value nchw;
      if (element.isF32()) {
        // out[o, p] = bias[o] + sum over k of weight[o, k] * patches[k, p]:
        // a matmul whose columns are the output points, NCHW up to a
        // transpose of the two outer dims.
        Value weights = transposeMatrix(
            rewriter, loc,
            geometry.tapRows(rewriter, loc, adaptor.getWeight(), group));
        Value product = matmul(
            rewriter, loc, weights,
            realPatchRows(rewriter, loc, geometry, inputs[0], batch, group),
            broadcastColumns(rewriter, loc, bias, og, points));
        Value planes = tensor::ExpandShapeOp::create(
            rewriter, loc,
            RankedTensorType::get({og, batch, geometry.outH, geometry.outW},
                                  rewriter.getF32Type()),
            product, SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
        nchw = transposeDims(rewriter, loc, planes, {1, 0, 2, 3});
      } else {
        Value init = broadcastRows(rewriter, loc, bias, points, og);
        Value rows = geometry.tapRows(rewriter, loc, adaptor.getWeight(), group);
        SmallVector<BitSource, 2> sources;
        for (auto [plane, words] : llvm::enumerate(inputs))
          sources.push_back(tapSource(
              rewriter, loc, geometry,
              channelWords(rewriter, loc, geometry, words, batch, group),
              /*subtract=*/plane == 1, rows));
        Value result = accumulateBits(rewriter, loc, sources, rows, init,
                                      options.accumulate);
        // [N * H' * W', O/g] -> [N, O/g, H', W'].
        Value nhwc = expandLeadingDim(rewriter, loc, result,
                                      {batch, geometry.outH, geometry.outW});
        nchw = transposeDims(rewriter, loc, nhwc, {0, 3, 1, 2});
      }
      // Into the group's output channels.
      SmallVector<OpFoldResult> offsets{
          rewriter.getIndexAttr(0), rewriter.getIndexAttr(group * og),
          rewriter.getIndexAttr(0), rewriter.getIndexAttr(0)};
      SmallVector<OpFoldResult> sizes{
          rewriter.getIndexAttr(batch), rewriter.getIndexAttr(og),
          rewriter.getIndexAttr(geometry.outH),
          rewriter.getIndexAttr(geometry.outW)};
      output = tensor::InsertSliceOp::create(
          rewriter, loc, nchw, output, offsets, sizes,
          SmallVector<OpFoldResult>(4, rewriter.getIndexAttr(1)));
    }
    rewriter.replaceOp(op, expandLeadingDim(rewriter, loc, output, batchShape));
    return success();
  }
};

} // namespace

void mlir::spike::populateSynapseLoweringPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns,
    const SpikeToLinalgOptions &options) {
  patterns.add<LinearLowering, Conv2dLowering>(typeConverter,
                                               patterns.getContext(), options);
}
