//===- BitwiseLowering.cpp - spike.and, spike.count -----------------------===//
//
// Both work on the packed words (Packing.h), never on unpacked spikes:
//
// * and: one elementwise linalg.generic over the result's words that ANDs a
//   word of each operand. Outer dimensions an operand broadcasts (size 1)
//   are collapsed away, so that its indexing map skips them. An operand
//   whose innermost size 1 is broadcast to F > 1 features contributes the
//   mask 0 - (word & 1): all ones or all zeros. The other operand then has
//   F features and zero padding bits, so the result's padding stays zero.
// * count: integer sums, converted to f32 once at the end. When the
//   innermost dimension is reduced, the popcounts of the words (of the +1
//   plane minus those of the -1 plane for ternary spikes); otherwise, in
//   the lane layout [..., W, 64], the bit (word >> lane) & 1 of every lane.
//   The reduced dimensions follow the kept ones in the iteration space, so
//   that the loops over the outputs are parallel (with
//   accumulate-per-output, the GPU's mode, they are innermost: a thread per
//   output sums its inputs in order); on the CPU the lanes come last, so
//   that a vector of lanes shares each word it reads.
//
//===----------------------------------------------------------------------===//

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

/// Groups dimensions [0, keep.size()) for a reshape between a shape and the
/// same shape without the dimensions that `keep` does not mark (all of size
/// 1): each group is a kept dimension with the dropped ones before it, the
/// last group also takes the dropped ones after the last kept dimension.
/// No group when nothing is kept (a reshape to or from rank 0).
SmallVector<ReassociationIndices> unitDimGroups(ArrayRef<bool> keep) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (auto [dim, kept] : llvm::enumerate(keep)) {
    pending.push_back(dim);
    if (kept) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!groups.empty())
    llvm::append_range(groups.back(), pending);
  return groups;
}

/// `value` without the dimensions (of size 1) that `keep` does not mark.
Value dropUnitDims(OpBuilder &b, Location loc, Value value,
                   ArrayRef<bool> keep) {
  if (llvm::all_of(keep, [](bool kept) { return kept; }))
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (auto [size, kept] : llvm::zip_equal(type.getShape(), keep))
    if (kept)
      shape.push_back(size);
  return tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      unitDimGroups(keep));
}

/// `value` reshaped to `shape`, which has the same sizes where `keep` is
/// set and 1 elsewhere (the inverse of dropUnitDims).
Value insertUnitDims(OpBuilder &b, Location loc, Value value,
                     ArrayRef<int64_t> shape, ArrayRef<bool> keep) {
  if (llvm::all_of(keep, [](bool kept) { return kept; }))
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      unitDimGroups(keep));
}

/// All ones when the spike `bit` is set, else zero: bit 0 of an i64 word,
/// or an i1 (a rank-0 operand, which is not packed).
Value spikeMask(OpBuilder &b, Location loc, Value bit) {
  Type i64 = b.getI64Type();
  Value one = arith::ConstantIntOp::create(b, loc, i64, 1);
  Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
  Value low = bit.getType() == i64
                  ? arith::AndIOp::create(b, loc, bit, one).getResult()
                  : arith::ExtUIOp::create(b, loc, i64, bit).getResult();
  return arith::SubIOp::create(b, loc, zero, low);
}

struct AndLowering : OpConversionPattern<AndOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AndOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType type = op.getOutput().getType();
    int64_t rank = type.getRank();
    // Rank 0 stays unpacked (a single i1); otherwise i64 words.
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(type));
    SmallVector<Value, 2> inputs;
    SmallVector<AffineMap, 2> maps;
    SmallVector<bool, 2> masks;
    for (auto [value, operand] :
         llvm::zip_equal(adaptor.getOperands(), op->getOperands())) {
      auto spikeType = cast<RankedTensorType>(operand.getType());
      int64_t operandRank = spikeType.getRank();
      int64_t offset = rank - operandRank;
      // Dimension d of the operand is dimension d + offset of the result;
      // it is broadcast when the sizes differ (the operand's is 1).
      SmallVector<bool> keep;
      SmallVector<AffineExpr> exprs;
      for (int64_t d = 0; d < operandRank; ++d) {
        keep.push_back(spikeType.getDimSize(d) == type.getDimSize(d + offset));
        if (keep.back())
          exprs.push_back(getAffineDimExpr(d + offset, ctx));
      }
      // A single spike (rank 0, or innermost size 1 broadcast to F > 1)
      // becomes a word mask.
      masks.push_back(rank > 0 && (operandRank == 0 || !keep.back()));
      inputs.push_back(dropUnitDims(rewriter, loc, value, keep));
      maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
    }
    Value result =
        elementwise(rewriter, loc, resultType, inputs, maps,
                    [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                      SmallVector<Value, 2> words;
                      for (auto [arg, mask] : llvm::zip_equal(args, masks))
                        words.push_back(mask ? spikeMask(b, l, arg) : arg);
                      return arith::AndIOp::create(b, l, words[0], words[1]);
                    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Sums `delta(args)` over the reduction dimensions into an i64
/// accumulator: a linalg.generic reading `planes` through `planeMap` and
/// writing an i64 tensor of `shape` through `outputMap` (whose dimensions
/// are the parallel ones).
Value sumIntegers(
    OpBuilder &b, Location loc, ValueRange planes, AffineMap planeMap,
    ArrayRef<int64_t> shape, AffineMap outputMap,
    function_ref<Value(OpBuilder &, Location, ValueRange)> delta) {
  Value init = createFilledTensor(b, loc, shape, b.getI64IntegerAttr(0));
  SmallVector<AffineMap> maps(planes.size(), planeMap);
  maps.push_back(outputMap);
  SmallVector<utils::IteratorType> iterators(outputMap.getNumDims(),
                                             utils::IteratorType::reduction);
  for (AffineExpr expr : outputMap.getResults())
    iterators[cast<AffineDimExpr>(expr).getPosition()] =
        utils::IteratorType::parallel;
  return linalg::GenericOp::create(
             b, loc, init.getType(), planes, init, maps, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value step = delta(nb, nl, args.drop_back());
               linalg::YieldOp::create(
                   nb, nl,
                   arith::AddIOp::create(nb, nl, args.back(), step)
                       .getResult());
             })
      .getResult(0);
}

/// `value(args[0])` minus `value(args[1])` for ternary planes, else
/// `value(args[0])`.
Value planeDifference(OpBuilder &b, Location loc, ValueRange args,
                      function_ref<Value(Value)> value) {
  Value positive = value(args[0]);
  if (args.size() == 1)
    return positive;
  return arith::SubIOp::create(b, loc, positive, value(args[1]));
}

struct CountLowering : OpConversionPattern<CountOp> {
  CountLowering(const TypeConverter &typeConverter, MLIRContext *context,
                const SpikeToLinalgOptions &options)
      : OpConversionPattern(typeConverter, context),
        reductionsInnermost(options.accumulate.perOutput) {}

  /// Reduced dimensions innermost in the iteration space, also after the
  /// lanes (a thread per output), instead of the lanes innermost.
  bool reductionsInnermost;

  LogicalResult
  matchAndRewrite(CountOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType inputType = op.getInput().getType();
    RankedTensorType type = op.getOutput().getType();
    int64_t rank = inputType.getRank();
    ArrayRef<int64_t> shape = inputType.getShape();
    SmallVector<bool> keep(rank, true);
    for (int64_t dim : op.getDims())
      keep[dim] = false;
    SmallVector<Value, 2> planes = splitPlanes(
        rewriter, loc, adaptor.getInput(), isTernarySpikeTensor(inputType));

    // Iteration dimensions: the kept outer ones, then (when the innermost
    // is kept) the word, the reduced ones and the lane (the lane before
    // the reduced ones when reductionsInnermost); else the reduced ones,
    // the word last.
    bool lanes = keep.back();
    int64_t keptOuter = llvm::count(ArrayRef<bool>(keep).drop_back(), true);
    int64_t reducedOuter = rank - 1 - keptOuter;
    int64_t loops = rank + (lanes ? 1 : 0);
    int64_t firstReduced = keptOuter + (lanes ? 1 : 0);
    if (lanes && reductionsInnermost)
      ++firstReduced;
    int64_t laneDim = reductionsInnermost ? keptOuter + 1 : loops - 1;
    int64_t nextKept = 0, nextReduced = firstReduced;
    SmallVector<AffineExpr> wordExprs, outputExprs;
    SmallVector<int64_t> keptShape;
    for (int64_t d = 0; d + 1 < rank; ++d) {
      wordExprs.push_back(
          getAffineDimExpr(keep[d] ? nextKept++ : nextReduced++, ctx));
      if (keep[d]) {
        keptShape.push_back(shape[d]);
        outputExprs.push_back(wordExprs.back());
      }
    }
    // The word: parallel after the kept dimensions, or the last reduction.
    wordExprs.push_back(
        getAffineDimExpr(lanes ? keptOuter : firstReduced + reducedOuter, ctx));
    AffineMap wordMap = AffineMap::get(loops, 0, wordExprs, ctx);

    Value counts;
    if (lanes) {
      // [kept outer..., W, 64]: lane l of word w counts bit l.
      SmallVector<int64_t> laneShape(keptShape);
      laneShape.append({packedWordCount(shape.back()), kWordBits});
      outputExprs.append({wordExprs.back(), getAffineDimExpr(laneDim, ctx)});
      counts = sumIntegers(
          rewriter, loc, planes, wordMap, laneShape,
          AffineMap::get(loops, 0, outputExprs, ctx),
          [&](OpBuilder &b, Location l, ValueRange args) {
            Value shift = arith::IndexCastOp::create(
                b, l, b.getI64Type(), linalg::IndexOp::create(b, l, laneDim));
            Value one = arith::ConstantIntOp::create(b, l, b.getI64Type(), 1);
            return planeDifference(b, l, args, [&](Value word) -> Value {
              return arith::AndIOp::create(
                  b, l, arith::ShRUIOp::create(b, l, word, shift), one);
            });
          });
      counts = fromLanes(rewriter, loc, counts, shape.back());
    } else {
      // Popcounts of whole words: padding bits are zero.
      counts = sumIntegers(rewriter, loc, planes, wordMap, keptShape,
                           AffineMap::get(loops, 0, outputExprs, ctx),
                           [&](OpBuilder &b, Location l, ValueRange args) {
                             return planeDifference(
                                 b, l, args, [&](Value word) -> Value {
                                   return math::CtPopOp::create(b, l, word);
                                 });
                           });
    }

    // Counts are non-negative for binary spikes and below 2^63: the signed
    // conversion is exact where f32 is, and rounds to nearest elsewhere.
    auto countsType = cast<RankedTensorType>(counts.getType());
    Value floats = elementwise(
        rewriter, loc,
        RankedTensorType::get(countsType.getShape(), rewriter.getF32Type()),
        counts, rewriter.getMultiDimIdentityMap(countsType.getRank()),
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::SIToFPOp::create(b, l, b.getF32Type(), args[0]);
        });
    rewriter.replaceOp(
        op, insertUnitDims(rewriter, loc, floats, type.getShape(), keep));
    return success();
  }
};

} // namespace

void mlir::spike::populateBitwiseLoweringPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns,
    const SpikeToLinalgOptions &options) {
  patterns.add<AndLowering>(typeConverter, patterns.getContext());
  patterns.add<CountLowering>(typeConverter, patterns.getContext(), options);
}
