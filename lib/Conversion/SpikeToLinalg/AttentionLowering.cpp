//===- AttentionLowering.cpp - softmax-free spiking attention -------------===//
//
// Per batch element and head (one loop over both pairs: an scf.forall with
// the conversion's `parallel` option), both evaluation orders are chains of
// accumulateSetBits, so every product is a selection:
//
//   scores_first:  scores = q_h · k_hᵀ           rows k_hᵀ [dh, N], bits of q_h
//                  outᵀ   = v_hᵀ · scoresᵀ        rows scoresᵀ [N, N], bits of v_hᵀ
//   kv_first:      kvᵀ    = v_hᵀ · k_h           rows k_h [N, dh], bits of v_hᵀ
//                  out    = q_h · kv             rows kv [dh, Dv/h], bits of q_h
//
// where v_hᵀ are the value spikes re-packed along the tokens (ternary: +1
// rows added, -1 rows subtracted).
//
//===----------------------------------------------------------------------===//

#include "Lowerings.h"
#include "spike/Conversion/SpikeToLinalg/BitmaskAccumulate.h"
#include "spike/Conversion/SpikeToLinalg/Packing.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::spike;

namespace {

/// tensor[b] of a tensor [B, rows, columns], or its columns
/// [begin, begin + count) when `count` is given.
Value batchSlice(OpBuilder &b, Location loc, Value tensor, Value batch,
                 OpFoldResult begin = {}, std::optional<int64_t> count = {}) {
  auto type = cast<RankedTensorType>(tensor.getType());
  int64_t rows = type.getDimSize(1);
  int64_t columns = count.value_or(type.getDimSize(2));
  if (!begin)
    begin = b.getIndexAttr(0);
  return tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get({rows, columns}, type.getElementType()),
      tensor, ArrayRef<OpFoldResult>{batch, b.getIndexAttr(0), begin},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(rows),
                             b.getIndexAttr(columns)},
      ArrayRef<OpFoldResult>(SmallVector<OpFoldResult>(3, b.getIndexAttr(1))));
}

Value zeros(OpBuilder &b, Location loc, int64_t rows, int64_t columns) {
  return createFilledTensor(b, loc, {rows, columns}, b.getF32FloatAttr(0));
}

struct AttentionLowering : OpConversionPattern<AttentionOp> {
  AttentionLowering(const TypeConverter &typeConverter, MLIRContext *context,
                    const SpikeToLinalgOptions &options)
      : OpConversionPattern(typeConverter, context), options(options) {}
  SpikeToLinalgOptions options;

  LogicalResult
  matchAndRewrite(AttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType qType = op.getQ().getType();
    RankedTensorType vType = op.getV().getType();
    int64_t rank = qType.getRank();
    ArrayRef<int64_t> batchShape = qType.getShape().drop_back(2);
    int64_t tokens = qType.getDimSize(rank - 2);
    int64_t keyDim = qType.getDimSize(rank - 1);
    int64_t valueDim = vType.getDimSize(rank - 1);
    auto heads = static_cast<int64_t>(op.getNumHeads());
    int64_t headKeyDim = keyDim / heads, headValueDim = valueDim / heads;
    bool binaryKeys = isBinarySpikeTensor(op.getK().getType());
    bool ternaryValues = isTernarySpikeTensor(vType);
    AttentionOrder order = op.getEvaluationOrder();
    float scale = op.getScale().convertToFloat();
    bool parallelHeads = options.accumulate.parallel;

    int64_t batchRank = batchShape.size();
    Value q = collapseLeadingDims(rewriter, loc, adaptor.getQ(), batchRank);
    Value k = collapseLeadingDims(rewriter, loc, adaptor.getK(), batchRank);
    SmallVector<Value, 2> v =
        splitPlanes(rewriter, loc, adaptor.getV(), ternaryValues);
    for (Value &plane : v)
      plane = collapseLeadingDims(rewriter, loc, plane, batchRank);
    int64_t batch = cast<RankedTensorType>(q.getType()).getDimSize(0);
    Value output = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{batch, tokens, valueDim},
        rewriter.getF32Type());

    // One head of one batch element: [N, Dv/h] f32.
    auto lowerHead = [&](OpBuilder &b, Location l, Value qAll, Value kAll,
                         Value k, Value index, ArrayRef<Value> vAll,
                         Value keyBegin, Value valueBegin) -> Value {
      Value qHead = sliceBits(b, l, qAll, keyDim, keyBegin, headKeyDim);
      // k_h as real rows [N, dh].
      Value kHead =
          binaryKeys
              ? unpackBinaryToFloat(
                    b, l, sliceBits(b, l, kAll, keyDim, keyBegin, headKeyDim),
                    headKeyDim)
              : batchSlice(b, l, k, index, keyBegin, headKeyDim);
      // v_hᵀ: value spikes packed along the tokens, [Dv/h, W(N)].
      SmallVector<Value, 2> vHeadT;
      for (Value plane : vAll)
        vHeadT.push_back(transposeBits(
            b, l, sliceBits(b, l, plane, valueDim, valueBegin, headValueDim),
            headValueDim));
      AccumulateTiling tile = options.accumulate;
      // GPU (per-output accumulation): the accumulations are parallel loops
      // too, for spike-gpu-map-parallel-loops to spread over all heads.
      tile.parallel = options.accumulate.perOutput;
      Value headOut;
      if (order == AttentionOrder::scores_first) {
        Value scores =
            accumulateSetBits(b, l, qHead, transposeInnermost(b, l, kHead),
                              zeros(b, l, tokens, tokens), false, tile);
        Value outT = accumulateSpikes(b, l, vHeadT,
                                      transposeInnermost(b, l, scores),
                                      zeros(b, l, headValueDim, tokens), tile);
        headOut = transposeInnermost(b, l, outT);
      } else {
        Value kvT = accumulateSpikes(b, l, vHeadT, kHead,
                                     zeros(b, l, headValueDim, headKeyDim),
                                     tile);
        headOut = accumulateSetBits(b, l, qHead, transposeInnermost(b, l, kvT),
                                    zeros(b, l, tokens, headValueDim), false,
                                    tile);
      }
      if (scale != 1.0f)
        headOut = scaleBy(b, l, headOut, scale);
      return headOut;
    };

    // One iteration per (batch element, head): the head's slices start at
    // h * dh and h * dv; its output goes to [index, :, h * dv].
    auto lowerIteration = [&](OpBuilder &b, Location l, Value iteration,
                              Value out) -> std::pair<Value, SmallVector<OpFoldResult>> {
      auto constant = [&](int64_t value) {
        return arith::ConstantIndexOp::create(b, l, value).getResult();
      };
      Value index = arith::DivUIOp::create(b, l, iteration, constant(heads));
      Value head = arith::RemUIOp::create(b, l, iteration, constant(heads));
      SmallVector<Value, 2> vAll;
      for (Value plane : v)
        vAll.push_back(batchSlice(b, l, plane, index));
      Value keyBegin = arith::MulIOp::create(b, l, head, constant(headKeyDim));
      Value valueBegin =
          arith::MulIOp::create(b, l, head, constant(headValueDim));
      Value headOut =
          lowerHead(b, l, batchSlice(b, l, q, index), batchSlice(b, l, k, index),
                    k, index, vAll, keyBegin, valueBegin);
      return {headOut, {index, b.getIndexAttr(0), valueBegin}};
    };
    SmallVector<OpFoldResult> sizes{rewriter.getIndexAttr(1),
                                    rewriter.getIndexAttr(tokens),
                                    rewriter.getIndexAttr(headValueDim)};
    SmallVector<OpFoldResult> strides(3, rewriter.getIndexAttr(1));
    int64_t iterations = batch * heads;
    Value result;
    if (parallelHeads) {
      // The heads are the parallel loop; their accumulations stay serial.
      auto forall = scf::ForallOp::create(
          rewriter, loc, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(iterations)},
          ValueRange{output}, std::nullopt);
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(forall.getBody());
      Value out = forall.getRegionIterArgs()[0];
      auto [headOut, offsets] =
          lowerIteration(rewriter, loc, forall.getInductionVar(0), out);
      rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
      tensor::ParallelInsertSliceOp::create(rewriter, loc, headOut, out,
                                            offsets, sizes, strides);
      result = forall.getResult(0);
    } else {
      Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
      Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
      Value count = arith::ConstantIndexOp::create(rewriter, loc, iterations);
      auto loop = scf::ForOp::create(
          rewriter, loc, zero, count, one, ValueRange{output},
          [&](OpBuilder &b, Location l, Value iteration, ValueRange state) {
            auto [headOut, offsets] = lowerIteration(b, l, iteration, state[0]);
            scf::YieldOp::create(
                b, l,
                tensor::InsertSliceOp::create(b, l, headOut, state[0], offsets,
                                              sizes, strides)
                    .getResult());
          });
      result = loop.getResult(0);
    }
    SmallVector<int64_t> outShape(batchShape);
    rewriter.replaceOp(op,
                       expandLeadingDim(rewriter, loc, result, outShape));
    return success();
  }

  /// value * scale, elementwise (the attention's scale; not on spikes).
  static Value scaleBy(OpBuilder &b, Location loc, Value value, float scale) {
    Value factor = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(scale));
    return mapElements(b, loc, value,
                       [&](OpBuilder &nb, Location nl, Value element) -> Value {
                         return arith::MulFOp::create(nb, nl, element, factor);
                       });
  }
};

} // namespace

void mlir::spike::populateAttentionLoweringPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns,
    const SpikeToLinalgOptions &options) {
  patterns.add<AttentionLowering>(typeConverter, patterns.getContext(),
                                  options);
}
