//===- ImportStandardNodes.cpp - the node types defined by NIR ------------===//
//
// Affine, Linear, Scale, Conv1d, Conv2d, SumPool2d, AvgPool2d, Flatten,
// Threshold, I, IF, LI, LIF, CubaLI, CubaLIF and Delay, with the parameter
// mapping of SPEC section 3.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"
#include "NeuronEmission.h"
#include "NodeTable.h"

#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::nir;
using namespace mlir::spike::nir::detail;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

namespace {

Array scalar(double value) { return Array{{}, {value}}; }

Expected<Array> combine(Importer &importer, const FlatNode &node,
                        const Array &lhs, const Array &rhs,
                        function_ref<double(double, double)> op) {
  auto result = broadcastArrays(lhs, rhs, op);
  if (!result) {
    llvm::consumeError(result.takeError());
    return importer.fail(node, "parameters have shapes that do not broadcast");
  }
  return result;
}

/// Leading dims of values: [T, B] or, inside the time loop, [B].
int64_t leadingRank(Importer &importer) {
  return importer.inTimeLoop() ? 1 : 2;
}

/// The values of a float array narrowed to f32.
SmallVector<float> narrow(const Array &array) {
  return SmallVector<float>(array.values.begin(), array.values.end());
}

/// Two values for 2-D attributes from an int array of one or two entries.
Expected<SmallVector<int64_t>> pair(Importer &importer, const FlatNode &node,
                                    StringRef key, int64_t fallback) {
  if (!importer.has(node, key))
    return SmallVector<int64_t>{fallback, fallback};
  auto values = importer.ints(node, key);
  if (!values)
    return values.takeError();
  if (values->size() == 1)
    return SmallVector<int64_t>{values->front(), values->front()};
  if (values->size() != 2)
    return importer.fail(node, "parameter '" + key + "' must have 2 values");
  return *values;
}

//===----------------------------------------------------------------------===//
// Synapses
//===----------------------------------------------------------------------===//

Expected<Tensor> emitLinear(Importer &importer, const FlatNode &node,
                            const Tensor &input, bool withBias) {
  auto weight = importer.floats(node, "weight");
  if (!weight)
    return weight.takeError();
  if (weight->shape.size() != 2)
    return importer.fail(node, "'weight' must be a matrix [out, in]");
  int64_t outputs = weight->shape[0], inputs = weight->shape[1];
  if (input.shape.empty() || input.shape.back() != inputs)
    return importer.fail(node, "'weight' has " + Twine(inputs) +
                                   " columns but the input has shape with "
                                   "last dimension " +
                                   Twine(input.shape.empty()
                                             ? 0
                                             : input.shape.back()));
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  Value weightValue = importer.f32Constant(weight->shape, narrow(*weight), loc);
  Value biasValue;
  if (withBias) {
    auto bias = importer.floats(node, "bias");
    if (!bias)
      return bias.takeError();
    if (bias->values.size() != static_cast<size_t>(outputs))
      return importer.fail(node, "'bias' must have " + Twine(outputs) +
                                     " values");
    biasValue = importer.f32Constant({outputs}, narrow(*bias), loc);
  }
  Tensor x = input;
  SmallVector<int64_t> shape(input.shape);
  shape.back() = outputs;
  auto type = importer.tensorType(shape, Kind::Real);
  Value result =
      biasValue
          ? LinearOp::create(b, loc, type, x.value, weightValue, biasValue)
                .getResult()
          : LinearOp::create(b, loc, type, x.value, weightValue, Value())
                .getResult();
  return Tensor{result, shape, Kind::Real};
}

/// Multiplies by per-sample constants broadcast over the leading dims.
Value mulBroadcast(Importer &importer, Location loc, Value x,
                   ArrayRef<int64_t> shape, const Array &factor) {
  OpBuilder &b = importer.builder();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  Value constant = importer.f32Constant(factor.shape, narrow(factor), loc);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> exprs;
  int64_t factorRank = factor.shape.size();
  for (int64_t d = 0; d < factorRank; ++d) {
    int64_t dim = rank - factorRank + d;
    exprs.push_back(factor.shape[d] == 1 ? getAffineConstantExpr(0, ctx)
                                         : getAffineDimExpr(dim, ctx));
  }
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  return linalg::GenericOp::create(
             b, loc, type, ValueRange{x, constant}, init,
             {b.getMultiDimIdentityMap(rank), AffineMap::get(rank, 0, exprs, ctx),
              b.getMultiDimIdentityMap(rank)},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(
                   nb, nl,
                   arith::MulFOp::create(nb, nl, args[0], args[1]).getResult());
             })
      .getResult(0);
}

/// Checks that a per-neuron array broadcasts to `shape`.
Error checkFits(Importer &importer, const FlatNode &node, StringRef name,
                const Array &array, ArrayRef<int64_t> shape) {
  bool fits = array.shape.size() <= shape.size();
  for (size_t i = 1; fits && i <= array.shape.size(); ++i) {
    int64_t size = array.shape[array.shape.size() - i];
    fits = size == 1 || size == shape[shape.size() - i];
  }
  if (!fits)
    return importer.fail(node, "parameter '" + name +
                                   "' does not fit the input's shape");
  return Error::success();
}

Expected<Tensor> emitScale(Importer &importer, const FlatNode &node,
                           const Tensor &input) {
  auto factor = importer.floats(node, "scale");
  if (!factor)
    return factor.takeError();
  if (Error error = checkFits(importer, node, "scale", *factor, input.shape))
    return std::move(error);
  Location loc = importer.loc(node);
  Value x = importer.toReal(input, loc);
  return Tensor{mulBroadcast(importer, loc, x, input.shape, *factor),
                input.shape, Kind::Real};
}

/// Conv1d / Conv2d: weights [O, C/g, K...] over input [C, spatial...].
Expected<Tensor> emitConv(Importer &importer, const FlatNode &node,
                          const Tensor &input, int64_t spatialRank) {
  auto weight = importer.floats(node, "weight");
  if (!weight)
    return weight.takeError();
  if (weight->shape.size() != static_cast<size_t>(2 + spatialRank))
    return importer.fail(node, "'weight' must have rank " +
                                   Twine(2 + spatialRank));
  if (input.shape.size() != static_cast<size_t>(1 + spatialRank))
    return importer.fail(node, "the input must have shape [C, " +
                                   Twine(spatialRank == 2 ? "H, W" : "L") +
                                   "]");
  int64_t outChannels = weight->shape[0];
  auto groups = importer.has(node, "groups") ? importer.intScalar(node, "groups")
                                             : Expected<int64_t>(1);
  if (!groups)
    return groups.takeError();
  int64_t channels = input.shape[0];
  if (*groups < 1 || channels % *groups || outChannels % *groups ||
      weight->shape[1] * *groups != channels)
    return importer.fail(node, "weights [" + Twine(outChannels) + ", " +
                                   Twine(weight->shape[1]) +
                                   ", ...] and groups " + Twine(*groups) +
                                   " do not fit " + Twine(channels) +
                                   " input channels");

  // Geometry as 2-D (a 1-D conv is a 2-D one with height 1).
  SmallVector<int64_t> kernel, inSpatial;
  if (spatialRank == 2) {
    kernel = {weight->shape[2], weight->shape[3]};
    inSpatial = {input.shape[1], input.shape[2]};
  } else {
    kernel = {1, weight->shape[2]};
    inSpatial = {1, input.shape[1]};
  }
  for (int64_t k : kernel)
    if (k < 1)
      return importer.fail(node, "the kernel has a size of 0");
  // Per-dimension values; a 1-D conv gets `neutral` for its unit height.
  auto readSpatial = [&](StringRef key, int64_t fallback,
                         int64_t neutral) -> Expected<SmallVector<int64_t>> {
    SmallVector<int64_t> values(spatialRank, fallback);
    if (importer.has(node, key)) {
      auto read = importer.ints(node, key);
      if (!read)
        return read.takeError();
      values = *read;
    }
    if (values.size() == 1)
      values.assign(spatialRank, values.front());
    if (values.size() != static_cast<size_t>(spatialRank))
      return importer.fail(node, "'" + key + "' must have " +
                                     Twine(spatialRank) + " values");
    if (spatialRank == 1)
      values.insert(values.begin(), neutral);
    return values;
  };
  auto stride = readSpatial("stride", 1, 1);
  if (!stride)
    return stride.takeError();
  auto dilation = readSpatial("dilation", 1, 1);
  if (!dilation)
    return dilation.takeError();
  for (int64_t v : llvm::concat<int64_t>(*stride, *dilation))
    if (v < 1 || v > (1 << 20))
      return importer.fail(node, "stride and dilation must be positive");
  SmallVector<int64_t> padding(4, 0);
  const Param *pad = importer.param(node, "padding");
  if (pad && pad->kind == Param::Kind::String) {
    if (pad->text == "same") {
      for (int d = 0; d < 2; ++d) {
        int64_t total = (*dilation)[d] * (kernel[d] - 1);
        padding[d] = total / 2;
        padding[d + 2] = total - total / 2;
      }
    } else if (pad->text != "valid") {
      return importer.fail(node, "padding must be numbers, 'same' or 'valid'");
    }
  } else if (pad) {
    auto values = readSpatial("padding", 0, 0);
    if (!values)
      return values.takeError();
    for (int64_t v : *values)
      if (v < 0 || v > (1 << 20))
        return importer.fail(node, "padding must be non-negative");
    padding = {(*values)[0], (*values)[1], (*values)[0], (*values)[1]};
  }
  if (importer.has(node, "input_shape")) {
    auto declared = importer.ints(node, "input_shape");
    if (!declared)
      return declared.takeError();
    ArrayRef<int64_t> actual = ArrayRef<int64_t>(input.shape).drop_front();
    if (ArrayRef<int64_t>(*declared) != actual &&
        !(declared->size() == input.shape.size() &&
          ArrayRef<int64_t>(*declared) == ArrayRef<int64_t>(input.shape)))
      return importer.fail(node, "'input_shape' does not match the input");
  }
  SmallVector<int64_t> outSpatial;
  for (int d = 0; d < 2; ++d) {
    int64_t span = (*dilation)[d] * (kernel[d] - 1) + 1;
    int64_t padded = inSpatial[d] + padding[d] + padding[d + 2];
    if (padded < span)
      return importer.fail(node, "the kernel does not fit the padded input");
    outSpatial.push_back((padded - span) / (*stride)[d] + 1);
  }

  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  SmallVector<int64_t> weightShape{outChannels, weight->shape[1], kernel[0],
                                   kernel[1]};
  Value weightValue = importer.f32Constant(weightShape, narrow(*weight), loc);
  Value biasValue;
  if (importer.has(node, "bias")) {
    auto bias = importer.floats(node, "bias");
    if (!bias)
      return bias.takeError();
    if (bias->values.size() != static_cast<size_t>(outChannels))
      return importer.fail(node, "'bias' must have " + Twine(outChannels) +
                                     " values");
    biasValue = importer.f32Constant({outChannels}, narrow(*bias), loc);
  }

  Tensor x = input;
  int64_t lead = leadingRank(importer);
  if (spatialRank == 1) {
    // [lead..., C, L] -> [lead..., C, 1, L]
    SmallVector<int64_t> shape{channels, 1, input.shape[1]};
    auto type = importer.tensorType(shape, x.kind);
    SmallVector<ReassociationIndices> groupsOfDims;
    for (int64_t d = 0; d < lead; ++d)
      groupsOfDims.push_back({d});
    groupsOfDims.push_back({lead});
    groupsOfDims.push_back({lead + 1, lead + 2});
    x.value = tensor::ExpandShapeOp::create(b, loc, type, x.value, groupsOfDims);
    x.shape = shape;
  }
  SmallVector<int64_t> outShape{outChannels, outSpatial[0], outSpatial[1]};
  auto outType = importer.tensorType(outShape, Kind::Real);
  auto conv = Conv2dOp::create(
      b, loc, outType, x.value, weightValue, biasValue,
      b.getDenseI64ArrayAttr(*stride), b.getDenseI64ArrayAttr(padding),
      b.getDenseI64ArrayAttr(*dilation), b.getI64IntegerAttr(*groups));
  Value result = conv.getResult();
  if (spatialRank == 1) {
    SmallVector<int64_t> shape{outChannels, outSpatial[1]};
    SmallVector<ReassociationIndices> groupsOfDims;
    for (int64_t d = 0; d < lead; ++d)
      groupsOfDims.push_back({d});
    groupsOfDims.push_back({lead});
    groupsOfDims.push_back({lead + 1, lead + 2});
    result = tensor::CollapseShapeOp::create(
        b, loc, importer.tensorType(shape, Kind::Real), result, groupsOfDims);
    return Tensor{result, shape, Kind::Real};
  }
  return Tensor{result, outShape, Kind::Real};
}

Expected<Tensor> emitPool(Importer &importer, const FlatNode &node,
                          const Tensor &input, bool average) {
  if (input.shape.size() != 3)
    return importer.fail(node, "the input must have shape [C, H, W]");
  auto kernel = pair(importer, node, "kernel_size", 1);
  if (!kernel)
    return kernel.takeError();
  auto stride = importer.has(node, "stride")
                    ? pair(importer, node, "stride", 1)
                    : Expected<SmallVector<int64_t>>(*kernel);
  if (!stride)
    return stride.takeError();
  auto pad = pair(importer, node, "padding", 0);
  if (!pad)
    return pad.takeError();
  for (int d = 0; d < 2; ++d) {
    if ((*kernel)[d] < 1 || (*kernel)[d] > (1 << 20) || (*stride)[d] < 1 ||
        (*stride)[d] > (1 << 20) || (*pad)[d] < 0 || (*pad)[d] > (1 << 20))
      return importer.fail(node, "kernel_size, stride and padding are out of "
                                 "range");
  }
  SmallVector<int64_t> outShape{input.shape[0]};
  for (int d = 0; d < 2; ++d) {
    int64_t padded = input.shape[1 + d] + 2 * (*pad)[d];
    if (padded < (*kernel)[d])
      return importer.fail(node, "the kernel does not fit the padded input");
    outShape.push_back((padded - (*kernel)[d]) / (*stride)[d] + 1);
  }
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  Value x = input.value;
  if (input.kind == Kind::Ternary)
    x = importer.toReal(input, loc);
  auto type = importer.tensorType(outShape, Kind::Real);
  SmallVector<NamedAttribute> attrs{
      b.getNamedAttr("kernel", b.getDenseI64ArrayAttr(*kernel)),
      b.getNamedAttr("strides", b.getDenseI64ArrayAttr(*stride)),
      b.getNamedAttr("padding", b.getDenseI64ArrayAttr(
                                    {(*pad)[0], (*pad)[1], (*pad)[0], (*pad)[1]}))};
  Operation *op =
      average ? AvgPool2dOp::create(b, loc, TypeRange{type}, ValueRange{x}, attrs)
                    .getOperation()
              : SumPool2dOp::create(b, loc, TypeRange{type}, ValueRange{x}, attrs)
                    .getOperation();
  return Tensor{op->getResult(0), outShape, Kind::Real};
}

Expected<Tensor> emitFlatten(Importer &importer, const FlatNode &node,
                             const Tensor &input) {
  int64_t rank = input.shape.size();
  auto start = importer.has(node, "start_dim")
                   ? importer.intScalar(node, "start_dim")
                   : Expected<int64_t>(0);
  if (!start)
    return start.takeError();
  auto end = importer.has(node, "end_dim") ? importer.intScalar(node, "end_dim")
                                           : Expected<int64_t>(-1);
  if (!end)
    return end.takeError();
  int64_t first = *start < 0 ? *start + rank : *start;
  int64_t last = *end < 0 ? *end + rank : *end;
  if (first < 0 || last >= rank || first > last)
    return importer.fail(node, "start_dim/end_dim do not fit an input of rank " +
                                   Twine(rank));
  SmallVector<int64_t> shape;
  int64_t lead = leadingRank(importer);
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d < lead; ++d)
    groups.push_back({d});
  for (int64_t d = 0; d < rank; ++d) {
    if (d <= first || d > last) {
      shape.push_back(input.shape[d]);
      groups.push_back({lead + d});
    } else {
      shape.back() *= input.shape[d];
      groups.back().push_back(lead + d);
    }
  }
  if (shape == input.shape)
    return input;
  OpBuilder &b = importer.builder();
  Value result = tensor::CollapseShapeOp::create(
      b, importer.loc(node), importer.tensorType(shape, input.kind),
      input.value, groups);
  return Tensor{result, shape, input.kind};
}

Expected<Tensor> emitThreshold(Importer &importer, const FlatNode &node,
                               const Tensor &input) {
  auto threshold = importer.floats(node, "threshold");
  if (!threshold)
    return threshold.takeError();
  if (Error error =
          checkFits(importer, node, "threshold", *threshold, input.shape))
    return std::move(error);
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  Value x = importer.toReal(input, loc);
  auto type = importer.tensorType(input.shape, Kind::Binary);
  int64_t rank = type.getRank();
  Value constant = importer.f32Constant(threshold->shape, narrow(*threshold), loc);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> exprs;
  int64_t thresholdRank = threshold->shape.size();
  for (int64_t d = 0; d < thresholdRank; ++d)
    exprs.push_back(threshold->shape[d] == 1
                        ? getAffineConstantExpr(0, ctx)
                        : getAffineDimExpr(rank - thresholdRank + d, ctx));
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value spikes =
      linalg::GenericOp::create(
          b, loc, type, ValueRange{x, constant}, init,
          {b.getMultiDimIdentityMap(rank), AffineMap::get(rank, 0, exprs, ctx),
           b.getMultiDimIdentityMap(rank)},
          SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
          [](OpBuilder &nb, Location nl, ValueRange args) {
            // Heaviside(x - threshold), 0 at equality (NIR Threshold).
            linalg::YieldOp::create(
                nb, nl,
                arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::OGT,
                                      args[0], args[1])
                    .getResult());
          })
          .getResult(0);
  return Tensor{spikes, input.shape, Kind::Binary};
}

/// y[t] = x[t - d] (0 before), with d = round(delay / dt) steps per neuron.
Expected<Tensor> emitDelay(Importer &importer, const FlatNode &node,
                           const Tensor &input) {
  if (importer.inTimeLoop())
    return importer.fail(node, "a Delay inside a recurrent graph is not "
                               "supported");
  auto delay = importer.floats(node, "delay");
  if (!delay)
    return delay.takeError();
  if (Error error = checkFits(importer, node, "delay", *delay, input.shape))
    return std::move(error);
  Array steps = *delay;
  for (double &value : steps.values) {
    if (value < 0)
      return importer.fail(node, "'delay' must be non-negative");
    value = std::min<double>(std::llround(value / importer.dt()),
                             importer.timesteps());
  }
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  Value x = importer.toReal(input, loc);
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  Value stepsValue = importer.f32Constant(steps.shape, narrow(steps), loc);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> exprs;
  int64_t stepsRank = steps.shape.size();
  for (int64_t d = 0; d < stepsRank; ++d)
    exprs.push_back(steps.shape[d] == 1
                        ? getAffineConstantExpr(0, ctx)
                        : getAffineDimExpr(rank - stepsRank + d, ctx));
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value delayed =
      linalg::GenericOp::create(
          b, loc, type, ValueRange{stepsValue}, init,
          {AffineMap::get(rank, 0, exprs, ctx), b.getMultiDimIdentityMap(rank)},
          SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            SmallVector<Value> index;
            for (int64_t d = 0; d < rank; ++d)
              index.push_back(linalg::IndexOp::create(nb, nl, d));
            Value steps =
                arith::FPToSIOp::create(nb, nl, nb.getI64Type(), args[0]);
            Value shift =
                arith::IndexCastOp::create(nb, nl, nb.getIndexType(), steps);
            Value source = arith::SubIOp::create(nb, nl, index[0], shift);
            Value zeroIndex = arith::ConstantIndexOp::create(nb, nl, 0);
            Value valid = arith::CmpIOp::create(
                nb, nl, arith::CmpIPredicate::sge, source, zeroIndex);
            index[0] = arith::SelectOp::create(nb, nl, valid, source, zeroIndex);
            Value value = tensor::ExtractOp::create(nb, nl, x, index);
            Value zero =
                arith::ConstantOp::create(nb, nl, nb.getF32FloatAttr(0));
            linalg::YieldOp::create(
                nb, nl,
                arith::SelectOp::create(nb, nl, valid, value, zero).getResult());
          })
          .getResult(0);
  return Tensor{delayed, input.shape, Kind::Real};
}

//===----------------------------------------------------------------------===//
// Neurons (SPEC section 3 mappings)
//===----------------------------------------------------------------------===//

/// decay = 1 - dt/tau, gain = dt*r/tau, bias = dt*v_leak/tau.
Error eulerParams(Importer &importer, const FlatNode &node, const Array &tau,
                  const Array &r, const Array &vLeak, NeuronParams &params) {
  double dt = importer.dt();
  for (double t : tau.values)
    if (t <= 0)
      return importer.fail(node, "time constants must be positive");
  auto decay = combine(importer, node, tau, scalar(0),
                       [&](double t, double) { return 1.0 - dt / t; });
  auto gain = combine(importer, node, r, tau,
                      [&](double rv, double t) { return dt * rv / t; });
  auto bias = combine(importer, node, vLeak, tau,
                      [&](double v, double t) { return dt * v / t; });
  if (!decay)
    return decay.takeError();
  if (!gain)
    return gain.takeError();
  if (!bias)
    return bias.takeError();
  params.decay = *decay;
  params.gain = *gain;
  params.bias = *bias;
  return Error::success();
}

/// Reads the required float parameters `keys` of `node`, in order.
Expected<SmallVector<Array>> readAll(Importer &importer, const FlatNode &node,
                                     ArrayRef<StringRef> keys) {
  SmallVector<Array> arrays;
  for (StringRef key : keys) {
    auto array = importer.floats(node, key);
    if (!array)
      return array.takeError();
    arrays.push_back(std::move(*array));
  }
  return arrays;
}

/// Completes `params` with v_threshold and v_reset (0 when absent, as in
/// NIR files older than v_reset) and emits the spiking neuron.
Expected<Tensor> emitSpiking(Importer &importer, const FlatNode &node,
                             const Tensor &input, NeuronParams params) {
  auto threshold = importer.floats(node, "v_threshold");
  if (!threshold)
    return threshold.takeError();
  auto reset = importer.floatsOr(node, "v_reset", 0.0);
  if (!reset)
    return reset.takeError();
  params.vThreshold = *threshold;
  params.vReset = *reset;
  return emitNeuron(importer, node, input, NeuronKind::Binary, params);
}

/// NIR's membranes start at 0 and spike above the threshold (SPEC section 3).
NeuronParams nirNeuronParams() {
  NeuronParams params;
  params.vInit = scalar(0);
  params.greater = true;
  return params;
}

/// IF, or I (`spiking` false): per step, without dt, v = v + r x (SPEC
/// section 3).
Expected<Tensor> emitIF(Importer &importer, const FlatNode &node,
                        const Tensor &input, bool spiking) {
  auto r = importer.floats(node, "r");
  if (!r)
    return r.takeError();
  NeuronParams params = nirNeuronParams();
  params.decay = scalar(1);
  params.gain = *r;
  params.bias = scalar(0);
  if (!spiking)
    return emitNeuron(importer, node, input, NeuronKind::Integrator, params);
  return emitSpiking(importer, node, input, params);
}

/// LIF, or LI (`spiking` false).
Expected<Tensor> emitLIF(Importer &importer, const FlatNode &node,
                         const Tensor &input, bool spiking) {
  auto arrays = readAll(importer, node, {"tau", "r", "v_leak"});
  if (!arrays)
    return arrays.takeError();
  const SmallVector<Array> &a = *arrays;
  NeuronParams params = nirNeuronParams();
  if (Error error = eulerParams(importer, node, a[0], a[1], a[2], params))
    return std::move(error);
  if (!spiking)
    return emitNeuron(importer, node, input, NeuronKind::Integrator, params);
  return emitSpiking(importer, node, input, params);
}

/// CubaLIF, or CubaLI (`spiking` false): the synaptic current, then the
/// membrane.
Expected<Tensor> emitCubaLIF(Importer &importer, const FlatNode &node,
                             const Tensor &input, bool spiking) {
  auto arrays = readAll(importer, node, {"tau_syn", "tau_mem", "r", "v_leak"});
  if (!arrays)
    return arrays.takeError();
  const SmallVector<Array> &a = *arrays;
  auto wIn = importer.floatsOr(node, "w_in", 1.0);
  if (!wIn)
    return wIn.takeError();
  NeuronParams synapse;
  synapse.vInit = scalar(0);
  if (Error error = eulerParams(importer, node, a[0], *wIn, scalar(0), synapse))
    return std::move(error);
  auto current =
      emitNeuron(importer, node, input, NeuronKind::Integrator, synapse);
  if (!current)
    return current.takeError();
  NeuronParams params = nirNeuronParams();
  if (Error error = eulerParams(importer, node, a[1], a[2], a[3], params))
    return std::move(error);
  if (!spiking)
    return emitNeuron(importer, node, *current, NeuronKind::Integrator, params);
  return emitSpiking(importer, node, *current, params);
}

} // namespace

void mlir::spike::nir::detail::populateStandardNodeHandlers(NodeTable &table) {
  table.add("Affine", emitWith<emitLinear, /*withBias=*/true>);
  table.add("Linear", emitWith<emitLinear, /*withBias=*/false>);
  table.add("Scale", emitScale);
  table.add("Conv2d", emitWith<emitConv, /*spatialRank=*/2>);
  table.add("Conv1d", emitWith<emitConv, /*spatialRank=*/1>);
  table.add("SumPool2d", emitWith<emitPool, /*average=*/false>);
  table.add("AvgPool2d", emitWith<emitPool, /*average=*/true>);
  table.add("Flatten", emitFlatten);
  table.add("Threshold", emitThreshold);
  table.add("Delay", emitDelay);

  // The neurons, in the order the algebraic-loop message names them.
  table.addNeuron("LIF", emitWith<emitLIF, /*spiking=*/true>);
  table.addNeuron("IF", emitWith<emitIF, /*spiking=*/true>);
  table.addNeuron("LI", emitWith<emitLIF, /*spiking=*/false>);
  table.addNeuron("I", emitWith<emitIF, /*spiking=*/false>);
  table.addNeuron("CubaLIF", emitWith<emitCubaLIF, /*spiking=*/true>);
  table.addNeuron("CubaLI", emitWith<emitCubaLIF, /*spiking=*/false>);
}
