//===- NeuronLowering.cpp - lif, ternary_lif, leaky_integrate -------------===//
//
// A neuron becomes an scf.for over time carrying the membrane tensor, with
// one elementwise linalg.generic per step. Spiking neurons work in the lane
// layout [S'..., W, 64] (the feature dimension split into words of 64 lanes)
// and or each lane's spike into its word as they go: the packed spikes come
// straight out of the step, no i1 tensor is materialised.
//
//===----------------------------------------------------------------------===//

#include "Lowerings.h"
#include "spike/Conversion/SpikeToLinalg/Packing.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::spike;

namespace {

/// A neuron parameter as seen from the step's linalg.generic: one value for
/// every neuron, or per-neuron values read through a broadcasting map.
struct StepParam {
  std::optional<float> uniform;
  Value values;
  AffineMap map;
};

/// Prepares `attr` (f32 scalar or dense f32 broadcastable to `neuronShape`)
/// for a step iterating over `neuronShape`, or over its lane layout
/// [S'..., W, 64] when `lanes` is set.
StepParam prepareParam(OpBuilder &b, Location loc, TypedAttr attr,
                       ArrayRef<int64_t> neuronShape, bool lanes) {
  if (auto scalar = dyn_cast<FloatAttr>(attr))
    return {scalar.getValue().convertToFloat(), {}, {}};
  auto dense = cast<DenseFPElementsAttr>(attr);
  if (dense.isSplat())
    return {dense.getSplatValue<float>(), {}, {}};

  MLIRContext *ctx = b.getContext();
  int64_t rank = neuronShape.size();
  SmallVector<int64_t> shape(rank - dense.getType().getRank(), 1);
  llvm::append_range(shape, dense.getType().getShape());
  SmallVector<float> values(dense.getValues<float>());
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d + 1 < rank; ++d)
    exprs.push_back(shape[d] == 1 ? getAffineConstantExpr(0, ctx)
                                  : getAffineDimExpr(d, ctx));
  int64_t last = shape.back();
  if (!lanes || last == 1) {
    exprs.push_back(last == 1 ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(rank - 1, ctx));
  } else {
    // Split the feature dimension into zero-padded words of 64 lanes.
    int64_t words = packedWordCount(last), padded = words * kWordBits;
    SmallVector<float> laneValues;
    for (size_t begin = 0; begin < values.size(); begin += last) {
      laneValues.append(values.begin() + begin, values.begin() + begin + last);
      laneValues.append(padded - last, 0.0f);
    }
    values = std::move(laneValues);
    shape.back() = words;
    shape.push_back(kWordBits);
    exprs.push_back(getAffineDimExpr(rank - 1, ctx));
    exprs.push_back(getAffineDimExpr(rank, ctx));
  }
  int64_t dims = lanes ? rank + 1 : rank;
  return {std::nullopt, createF32Constant(b, loc, shape, values),
          AffineMap::get(dims, 0, exprs, ctx)};
}

/// The parameters of one neuron op, in the order of its step body.
struct StepParams {
  SmallVector<StepParam> params;

  /// Per-neuron tensors and their maps, the extra inputs of the step.
  void addInputs(SmallVectorImpl<Value> &inputs,
                 SmallVectorImpl<AffineMap> &maps) const {
    for (const StepParam &param : params)
      if (!param.uniform) {
        inputs.push_back(param.values);
        maps.push_back(param.map);
      }
  }

  /// The parameter values inside the body; `args` are the body arguments
  /// that follow the input x.
  SmallVector<Value> bodyValues(OpBuilder &b, Location loc,
                                ValueRange args) const {
    SmallVector<Value> values;
    size_t next = 0;
    for (const StepParam &param : params)
      values.push_back(param.uniform
                           ? arith::ConstantOp::create(
                                 b, loc, b.getF32FloatAttr(*param.uniform))
                                 .getResult()
                           : args[next++]);
    return values;
  }
};

/// The initial membrane: v_init broadcast over `shape` (the step's
/// iteration space).
Value initialMembrane(OpBuilder &b, Location loc, const StepParam &vInit,
                      ArrayRef<int64_t> shape) {
  if (vInit.uniform)
    return createFilledTensor(b, loc, shape, b.getF32FloatAttr(*vInit.uniform));
  Value init = tensor::EmptyOp::create(b, loc, shape, b.getF32Type());
  int64_t rank = shape.size();
  return linalg::GenericOp::create(
             b, loc, init.getType(), vInit.values, init,
             {vInit.map, b.getMultiDimIdentityMap(rank)},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, args[0]);
             })
      .getResult(0);
}

/// Offsets, sizes and strides of the slice [prefix..., t, 0...] of size
/// [1..., 1, shape...] of a tensor [prefixDims..., T, shape...].
struct StepSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;

  StepSlice(OpBuilder &b, ArrayRef<int64_t> prefix, Value t,
            ArrayRef<int64_t> shape) {
    for (int64_t p : prefix) {
      offsets.push_back(b.getIndexAttr(p));
      sizes.push_back(b.getIndexAttr(1));
    }
    offsets.push_back(t);
    sizes.push_back(b.getIndexAttr(1));
    for (int64_t size : shape) {
      offsets.push_back(b.getIndexAttr(0));
      sizes.push_back(b.getIndexAttr(size));
    }
    strides.assign(offsets.size(), b.getIndexAttr(1));
  }
};

/// The op-specific part of a spiking neuron's step: from x, v and the
/// parameter values, the new membrane and one spike bit per plane.
using SpikeStep = function_ref<std::pair<Value, SmallVector<Value, 2>>(
    OpBuilder &, Location, Value x, Value v, ArrayRef<Value> params)>;

/// One step of a spiking neuron in the lane layout [S'..., W, 64]: from x
/// and the membrane v (lanes) and one zeroed word tensor [S'..., W] per
/// plane, a linalg.generic computing the new membrane (result 0) and the
/// packed spikes of each plane (results 1...). Lanes past `features` never
/// fire.
linalg::GenericOp buildSpikingStep(OpBuilder &b, Location loc, Value x,
                                   Value v, ValueRange zeroWords,
                                   const StepParams &params, int64_t features,
                                   SpikeStep step) {
  auto laneType = cast<RankedTensorType>(x.getType());
  int64_t dims = laneType.getRank();
  bool masked = features % kWordBits != 0;
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(dims)};
  SmallVector<Value> inputs{x};
  params.addInputs(inputs, maps);
  int64_t paramCount = inputs.size() - 1;
  maps.push_back(b.getMultiDimIdentityMap(dims));
  maps.append(zeroWords.size(),
              b.getMultiDimIdentityMap(dims).dropResult(dims - 1));
  SmallVector<utils::IteratorType> iterators(dims,
                                             utils::IteratorType::parallel);
  iterators.back() = utils::IteratorType::reduction;
  SmallVector<Value> outputs{v};
  llvm::append_range(outputs, zeroWords);
  return linalg::GenericOp::create(
      b, loc, ValueRange(outputs).getTypes(), inputs, outputs, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        SmallVector<Value> values =
            params.bodyValues(nb, nl, args.slice(1, paramCount));
        auto [newV, bits] = step(nb, nl, args[0], args[1 + paramCount], values);
        if (masked) {
          // Lanes past the last feature are padding: never fire.
          Value word = linalg::IndexOp::create(nb, nl, dims - 2);
          Value lane = linalg::IndexOp::create(nb, nl, dims - 1);
          Value wordBits = arith::ConstantIndexOp::create(nb, nl, kWordBits);
          Value feature = arith::AddIOp::create(
              nb, nl, arith::MulIOp::create(nb, nl, word, wordBits), lane);
          Value valid = arith::CmpIOp::create(
              nb, nl, arith::CmpIPredicate::ult, feature,
              arith::ConstantIndexOp::create(nb, nl, features));
          for (Value &bit : bits)
            bit = arith::AndIOp::create(nb, nl, bit, valid);
        }
        SmallVector<Value> yields{newV};
        for (auto [plane, bit] : llvm::enumerate(bits))
          yields.push_back(orLaneIntoWord(
              nb, nl, bit, args[2 + paramCount + plane], dims - 1));
        linalg::YieldOp::create(nb, nl, yields);
      });
}

/// Lowers a spiking neuron on x (f32 [T, S'..., F], rank >= 2) to packed
/// spikes of `packedType` ([T, S'..., W], or [2, T, S'..., W] for two
/// planes).
Value lowerSpikingNeuron(OpBuilder &b, Location loc, Value x,
                         const StepParams &params, const StepParam &vInit,
                         RankedTensorType packedType, int64_t planes,
                         SpikeStep step) {
  auto xType = cast<RankedTensorType>(x.getType());
  ArrayRef<int64_t> neuronShape = xType.getShape().drop_front();
  int64_t features = neuronShape.back();
  SmallVector<int64_t> laneShape(neuronShape.drop_back());
  laneShape.append({packedWordCount(features), kWordBits});
  ArrayRef<int64_t> wordShape = ArrayRef<int64_t>(laneShape).drop_back();
  auto wordType = RankedTensorType::get(wordShape, b.getI64Type());

  Value lanes = toLanes(b, loc, x, b.getF32FloatAttr(0));
  Value membrane = initialMembrane(b, loc, vInit, laneShape);
  Value output = tensor::EmptyOp::create(b, loc, packedType.getShape(),
                                         packedType.getElementType());
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value steps = arith::ConstantIndexOp::create(b, loc, xType.getDimSize(0));
  auto timeLoop = scf::ForOp::create(
      b, loc, zero, steps, one, ValueRange{membrane, output},
      [&](OpBuilder &tb, Location tl, Value t, ValueRange state) {
        StepSlice xSlice(tb, {}, t, laneShape);
        Value xStep = tensor::ExtractSliceOp::create(
            tb, tl, RankedTensorType::get(laneShape, tb.getF32Type()), lanes,
            xSlice.offsets, xSlice.sizes, xSlice.strides);
        // The words are written in place into the output's step slice.
        SmallVector<StepSlice> wordSlices;
        SmallVector<Value> zeroWords;
        Value zeroWord = arith::ConstantIntOp::create(tb, tl, tb.getI64Type(), 0);
        for (int64_t plane = 0; plane < planes; ++plane) {
          SmallVector<int64_t> prefix;
          if (planes > 1)
            prefix.push_back(plane);
          wordSlices.emplace_back(tb, prefix, t, wordShape);
          const StepSlice &slice = wordSlices.back();
          Value words = tensor::ExtractSliceOp::create(
              tb, tl, wordType, state[1], slice.offsets, slice.sizes,
              slice.strides);
          zeroWords.push_back(
              linalg::FillOp::create(tb, tl, zeroWord, words).getResult(0));
        }
        auto stepOp = buildSpikingStep(tb, tl, xStep, state[0], zeroWords,
                                       params, features, step);
        Value updated = state[1];
        for (auto [plane, slice] : llvm::enumerate(wordSlices))
          updated = tensor::InsertSliceOp::create(
              tb, tl, stepOp.getResult(1 + plane), updated, slice.offsets,
              slice.sizes, slice.strides);
        scf::YieldOp::create(tb, tl, ValueRange{stepOp.getResult(0), updated});
      });
  return timeLoop.getResult(1);
}

/// Lowers a single step of a spiking neuron (inside a lowered time loop):
/// x and v are f32 [S'..., F]; returns the new membrane [S'..., F] and the
/// packed spikes [S'..., W] (ternary: [2, S'..., W]).
std::pair<Value, Value> lowerSpikingStep(OpBuilder &b, Location loc, Value x,
                                         Value v, const StepParams &params,
                                         int64_t planes, SpikeStep step) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t features = type.getShape().back();
  Value xLanes = toLanes(b, loc, x, b.getF32FloatAttr(0));
  Value vLanes = toLanes(b, loc, v, b.getF32FloatAttr(0));
  SmallVector<int64_t> wordShape(type.getShape().drop_back());
  wordShape.push_back(packedWordCount(features));
  SmallVector<Value> zeroWords(
      planes, createFilledTensor(b, loc, wordShape, b.getI64IntegerAttr(0)));
  auto stepOp = buildSpikingStep(b, loc, xLanes, vLanes, zeroWords, params,
                                 features, step);
  Value membrane = fromLanes(b, loc, stepOp.getResult(0), features);
  Value spikes = planes == 1 ? stepOp.getResult(1)
                             : stackPlanes(b, loc, stepOp.getResult(1),
                                           stepOp.getResult(2));
  return {membrane, spikes};
}

/// h = (decay * v + gain * x) + bias, in this order (the reference's).
Value integrate(OpBuilder &b, Location loc, Value x, Value v, Value decay,
                Value gain, Value bias) {
  Value leaked = arith::MulFOp::create(b, loc, decay, v);
  Value driven = arith::MulFOp::create(b, loc, gain, x);
  Value sum = arith::AddFOp::create(b, loc, leaked, driven);
  return arith::AddFOp::create(b, loc, sum, bias);
}

/// Runs `lower` on x with a feature dimension: a rank-1 input [T] (one
/// neuron) is treated as [T, 1] and its packed result re-packed along T.
template <typename Lower>
Value withFeatureDim(OpBuilder &b, Location loc, Value x,
                     RankedTensorType spikeType, bool ternary, Lower lower) {
  if (spikeType.getRank() >= 2)
    return lower(x, getPackedType(spikeType));
  int64_t steps = spikeType.getDimSize(0);
  Value column = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({steps, 1}, b.getF32Type()), x,
      SmallVector<ReassociationIndices>{{0, 1}});
  auto columnType =
      RankedTensorType::get({steps, 1}, spikeType.getElementType());
  Value packed = lower(column, getPackedType(columnType));
  Value spikes = ternary ? unpackTernary(b, loc, packed, 1)
                         : unpackBinary(b, loc, packed, 1);
  Value flat = tensor::CollapseShapeOp::create(
      b, loc, spikeType, spikes, SmallVector<ReassociationIndices>{{0, 1}});
  return ternary ? packTernary(b, loc, flat) : packBinary(b, loc, flat);
}

/// Parameters in body order: decay, gain, bias, v_threshold, v_reset.
template <typename Op>
StepParams spikingParams(OpBuilder &b, Location loc, Op op,
                         ArrayRef<int64_t> neurons) {
  auto param = [&](TypedAttr attr) {
    return prepareParam(b, loc, attr, neurons, /*lanes=*/true);
  };
  return StepParams{{param(op.getDecay()), param(op.getGain()),
                     param(op.getBias()), param(op.getVThreshold()),
                     param(op.getVReset())}};
}

/// The body of a binary neuron's step: h, the comparison, the reset.
auto binaryStep(bool greater, ResetMode reset) {
  return [=](OpBuilder &b, Location l, Value x, Value v,
             ArrayRef<Value> p) -> std::pair<Value, SmallVector<Value, 2>> {
    Value h = integrate(b, l, x, v, p[0], p[1], p[2]);
    Value fired = arith::CmpFOp::create(
        b, l, greater ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OGE,
        h, p[3]);
    Value next = h;
    if (reset == ResetMode::hard)
      next = arith::SelectOp::create(b, l, fired, p[4], h);
    else if (reset == ResetMode::soft)
      next = arith::SelectOp::create(b, l, fired,
                                     arith::SubFOp::create(b, l, h, p[3]), h);
    return {next, {fired}};
  };
}

/// The body of a ternary neuron's step: +1 at h >= thr, -1 at h <= -thr.
auto ternaryStep(ResetMode reset) {
  return [=](OpBuilder &b, Location l, Value x, Value v,
             ArrayRef<Value> p) -> std::pair<Value, SmallVector<Value, 2>> {
    Value h = integrate(b, l, x, v, p[0], p[1], p[2]);
    Value negThreshold = arith::NegFOp::create(b, l, p[3]);
    Value positive =
        arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, h, p[3]);
    Value negative =
        arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLE, h, negThreshold);
    Value next = h;
    if (reset == ResetMode::hard) {
      Value fired = arith::OrIOp::create(b, l, positive, negative);
      next = arith::SelectOp::create(b, l, fired, p[4], h);
    } else if (reset == ResetMode::soft) {
      Value down = arith::SubFOp::create(b, l, h, p[3]);
      Value up = arith::AddFOp::create(b, l, h, p[3]);
      next = arith::SelectOp::create(
          b, l, positive, down, arith::SelectOp::create(b, l, negative, up, h));
    }
    return {next, {positive, negative}};
  };
}

struct LIFLowering : OpConversionPattern<LIFOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LIFOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto step = binaryStep(op.getCompare() == CompareMode::gt, op.getReset());
    auto lower = [&](Value x, RankedTensorType packedType) {
      ArrayRef<int64_t> neurons =
          cast<RankedTensorType>(x.getType()).getShape().drop_front();
      return lowerSpikingNeuron(
          rewriter, loc, x, spikingParams(rewriter, loc, op, neurons),
          prepareParam(rewriter, loc, op.getVInit(), neurons, /*lanes=*/true),
          packedType, 1, step);
    };
    rewriter.replaceOp(op, withFeatureDim(rewriter, loc, adaptor.getInput(),
                                          op.getOutput().getType(),
                                          /*ternary=*/false, lower));
    return success();
  }
};

struct TernaryLIFLowering : OpConversionPattern<TernaryLIFOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TernaryLIFOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto step = ternaryStep(op.getReset());
    auto lower = [&](Value x, RankedTensorType packedType) {
      ArrayRef<int64_t> neurons =
          cast<RankedTensorType>(x.getType()).getShape().drop_front();
      return lowerSpikingNeuron(
          rewriter, loc, x, spikingParams(rewriter, loc, op, neurons),
          prepareParam(rewriter, loc, op.getVInit(), neurons, /*lanes=*/true),
          packedType, 2, step);
    };
    rewriter.replaceOp(op, withFeatureDim(rewriter, loc, adaptor.getInput(),
                                          op.getOutput().getType(),
                                          /*ternary=*/true, lower));
    return success();
  }
};

/// lif_step / ternary_lif_step: one lane-layout step on [S...] tensors.
template <typename StepOp, int64_t Planes>
struct SpikingStepLowering : OpConversionPattern<StepOp> {
  using OpConversionPattern<StepOp>::OpConversionPattern;
  using OpAdaptor = typename StepOp::Adaptor;

  LogicalResult
  matchAndRewrite(StepOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> neurons = op.getInput().getType().getShape();
    StepParams params = spikingParams(rewriter, loc, op, neurons);
    std::pair<Value, Value> result;
    if constexpr (Planes == 1)
      result = lowerSpikingStep(
          rewriter, loc, adaptor.getInput(), adaptor.getV(), params, 1,
          binaryStep(op.getCompare() == CompareMode::gt, op.getReset()));
    else
      result = lowerSpikingStep(rewriter, loc, adaptor.getInput(),
                                adaptor.getV(), params, 2,
                                ternaryStep(op.getReset()));
    rewriter.replaceOp(op, {result.second, result.first});
    return success();
  }
};

struct LeakyIntegrateStepLowering
    : OpConversionPattern<LeakyIntegrateStepOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LeakyIntegrateStepOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getInput().getType();
    ArrayRef<int64_t> neurons = type.getShape();
    auto param = [&](TypedAttr attr) {
      return prepareParam(rewriter, loc, attr, neurons, /*lanes=*/false);
    };
    StepParams params{
        {param(op.getDecay()), param(op.getGain()), param(op.getBias())}};
    int64_t dims = neurons.size();
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(dims),
                                rewriter.getMultiDimIdentityMap(dims)};
    SmallVector<Value> inputs{adaptor.getInput(), adaptor.getV()};
    params.addInputs(inputs, maps);
    int64_t paramCount = inputs.size() - 2;
    maps.push_back(rewriter.getMultiDimIdentityMap(dims));
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         rewriter.getF32Type());
    auto stepOp = linalg::GenericOp::create(
        rewriter, loc, type, inputs, init, maps,
        SmallVector<utils::IteratorType>(dims, utils::IteratorType::parallel),
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          SmallVector<Value> p =
              params.bodyValues(nb, nl, args.slice(2, paramCount));
          linalg::YieldOp::create(
              nb, nl, integrate(nb, nl, args[0], args[1], p[0], p[1], p[2]));
        });
    rewriter.replaceOp(op, stepOp.getResult(0));
    return success();
  }
};

struct LeakyIntegrateLowering : OpConversionPattern<LeakyIntegrateOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LeakyIntegrateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    RankedTensorType xType = op.getInput().getType();
    ArrayRef<int64_t> neurons = xType.getShape().drop_front();
    auto param = [&](TypedAttr attr) {
      return prepareParam(rewriter, loc, attr, neurons, /*lanes=*/false);
    };
    StepParams params{
        {param(op.getDecay()), param(op.getGain()), param(op.getBias())}};
    int64_t dims = neurons.size();
    auto stepType = RankedTensorType::get(neurons, rewriter.getF32Type());
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(dims)};
    SmallVector<Value> paramInputs;
    params.addInputs(paramInputs, maps);
    maps.push_back(rewriter.getMultiDimIdentityMap(dims));
    Value membrane =
        initialMembrane(rewriter, loc, param(op.getVInit()), neurons);
    Value output = tensor::EmptyOp::create(rewriter, loc, xType.getShape(),
                                           rewriter.getF32Type());

    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value steps =
        arith::ConstantIndexOp::create(rewriter, loc, xType.getDimSize(0));
    auto timeLoop = scf::ForOp::create(
        rewriter, loc, zero, steps, one, ValueRange{membrane, output},
        [&](OpBuilder &tb, Location tl, Value t, ValueRange state) {
          StepSlice slice(tb, {}, t, neurons);
          Value xStep = tensor::ExtractSliceOp::create(
              tb, tl, stepType, x, slice.offsets, slice.sizes, slice.strides);
          SmallVector<Value> inputs{xStep};
          llvm::append_range(inputs, paramInputs);
          auto stepOp = linalg::GenericOp::create(
              tb, tl, stepType, inputs, state[0], maps,
              SmallVector<utils::IteratorType>(dims,
                                               utils::IteratorType::parallel),
              [&](OpBuilder &nb, Location nl, ValueRange args) {
                SmallVector<Value> p = params.bodyValues(
                    nb, nl, args.slice(1, paramInputs.size()));
                linalg::YieldOp::create(
                    nb, nl,
                    integrate(nb, nl, args[0], args.back(), p[0], p[1], p[2]));
              });
          Value updated = tensor::InsertSliceOp::create(
              tb, tl, stepOp.getResult(0), state[1], slice.offsets,
              slice.sizes, slice.strides);
          scf::YieldOp::create(tb, tl,
                               ValueRange{stepOp.getResult(0), updated});
        });
    rewriter.replaceOp(op, timeLoop.getResult(1));
    return success();
  }
};

} // namespace

void mlir::spike::populateNeuronLoweringPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<LIFLowering, TernaryLIFLowering, LeakyIntegrateLowering,
               SpikingStepLowering<LIFStepOp, 1>,
               SpikingStepLowering<TernaryLIFStepOp, 2>,
               LeakyIntegrateStepLowering>(typeConverter,
                                           patterns.getContext());
}
