//===- ImportExtensionNodes.cpp - spike's NIR extension nodes -------------===//
//
// The node types of docs/nir-extension.md: discrete-time neurons, batch
// norm, ReLU, max pooling, sums, transposes, means and spiking
// self-attention.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"
#include "NeuronEmission.h"
#include "NodeTable.h"

#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::nir;
using namespace mlir::spike::nir::detail;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

namespace {

SmallVector<float> narrow(const Array &array) {
  return SmallVector<float>(array.values.begin(), array.values.end());
}

/// The discrete-time neuron fields `prefix + name` (docs/nir-extension.md).
Expected<NeuronParams> readNeuron(Importer &importer, const FlatNode &node,
                                  StringRef prefix, bool spiking) {
  NeuronParams params;
  auto read = [&](StringRef name, Array &into) -> Error {
    auto values = importer.floats(node, (prefix + name).str());
    if (!values)
      return values.takeError();
    into = *values;
    return Error::success();
  };
  if (Error error = read("decay", params.decay))
    return std::move(error);
  if (Error error = read("gain", params.gain))
    return std::move(error);
  if (Error error = read("bias", params.bias))
    return std::move(error);
  auto vInit = importer.floatsOr(node, (prefix + "v_init").str(), 0.0);
  if (!vInit)
    return vInit.takeError();
  params.vInit = *vInit;
  if (!spiking)
    return params;
  if (Error error = read("v_threshold", params.vThreshold))
    return std::move(error);
  if (Error error = read("v_reset", params.vReset))
    return std::move(error);
  auto compare = importer.string(node, (prefix + "compare").str(), "ge");
  if (!compare)
    return compare.takeError();
  if (*compare != "ge" && *compare != "gt")
    return importer.fail(node, "'" + prefix + "compare' must be ge or gt");
  params.greater = *compare == "gt";
  // Inside an attention node the reset mode of neuron v is `v_reset_mode`
  // (`v_reset` is its reset value).
  std::string resetKey = prefix == "v_" ? "v_reset_mode" : (prefix + "reset").str();
  auto reset = importer.string(node, resetKey, "hard");
  if (!reset)
    return reset.takeError();
  params.reset = *reset;
  return params;
}

/// Per-channel vector [C] of `key`.
Expected<Value> channelVector(Importer &importer, const FlatNode &node,
                              StringRef key, int64_t channels) {
  auto values = importer.floats(node, key);
  if (!values)
    return values.takeError();
  if (values->values.size() != static_cast<size_t>(channels))
    return importer.fail(node, "'" + key + "' must have " + Twine(channels) +
                                   " values");
  return importer.f32Constant({channels}, narrow(*values), importer.loc(node));
}

/// spike.batch_norm with parameters `prefix + {weight, bias, running_mean,
/// running_var}` along per-sample `axis`.
Expected<Tensor> batchNorm(Importer &importer, const FlatNode &node,
                           const Tensor &input, StringRef prefix,
                           double epsilon, int64_t axis) {
  int64_t rank = input.shape.size();
  if (axis < -rank || axis >= rank)
    return importer.fail(node, "'axis' is out of range");
  if (axis < 0)
    axis += rank;
  int64_t channels = input.shape[axis];
  SmallVector<Value> vectors;
  for (StringRef key : {"weight", "bias", "running_mean", "running_var"}) {
    auto vector = channelVector(importer, node, (prefix + key).str(), channels);
    if (!vector)
      return vector.takeError();
    vectors.push_back(*vector);
  }
  if (!(epsilon >= 0))
    return importer.fail(node, "epsilon must be non-negative");
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  Value x = importer.toReal(input, loc);
  auto type = importer.tensorType(input.shape, Kind::Real);
  SmallVector<NamedAttribute> attrs{
      b.getNamedAttr("epsilon", b.getF32FloatAttr(static_cast<float>(epsilon))),
      b.getNamedAttr("axis",
                     b.getI64IntegerAttr(axis + leadingRank(importer)))};
  SmallVector<Value> operands{x};
  llvm::append_range(operands, vectors);
  Value result =
      BatchNormOp::create(b, loc, TypeRange{type}, operands, attrs).getResult();
  return Tensor{result, input.shape, Kind::Real};
}

Expected<Tensor> emitBatchNorm(Importer &importer, const FlatNode &node,
                               const Tensor &input) {
  auto epsilon = importer.floatScalar(node, "epsilon");
  if (!epsilon)
    return epsilon.takeError();
  auto axis = importer.intScalar(node, "axis");
  if (!axis)
    return axis.takeError();
  return batchNorm(importer, node, input, "", *epsilon, *axis);
}

Expected<Tensor> emitReLU(Importer &importer, const FlatNode &node,
                          const Tensor &input) {
  Location loc = importer.loc(node);
  Value x = importer.toReal(input, loc);
  Value result = ReLUOp::create(importer.builder(), loc, x).getResult();
  return Tensor{result, input.shape, Kind::Real};
}

Expected<Tensor> emitMaxPool(Importer &importer, const FlatNode &node,
                             const Tensor &input) {
  if (input.shape.size() != 3)
    return importer.fail(node, "the input must have shape [C, H, W]");
  auto kernel = importer.ints(node, "kernel_size");
  if (!kernel)
    return kernel.takeError();
  auto stride = importer.has(node, "stride")
                    ? importer.ints(node, "stride")
                    : Expected<SmallVector<int64_t>>(*kernel);
  if (!stride)
    return stride.takeError();
  SmallVector<int64_t> padding{0, 0, 0, 0};
  if (importer.has(node, "padding")) {
    auto pad = importer.ints(node, "padding");
    if (!pad)
      return pad.takeError();
    if (pad->size() == 2)
      padding = {(*pad)[0], (*pad)[1], (*pad)[0], (*pad)[1]};
    else if (pad->size() == 4)
      padding = *pad;
    else
      return importer.fail(node, "'padding' must have 2 or 4 values");
  }
  if (kernel->size() != 2 || stride->size() != 2)
    return importer.fail(node, "'kernel_size' and 'stride' must have 2 values");
  SmallVector<int64_t> outShape{input.shape[0]};
  for (int d = 0; d < 2; ++d) {
    int64_t k = (*kernel)[d], s = (*stride)[d];
    if (k < 1 || s < 1 || k > (1 << 20) || s > (1 << 20))
      return importer.fail(node, "kernel_size and stride must be positive");
    if (padding[d] < 0 || padding[d + 2] < 0 || padding[d] >= k ||
        padding[d + 2] >= k)
      return importer.fail(node, "padding must be non-negative and smaller "
                                 "than the kernel");
    int64_t padded = input.shape[1 + d] + padding[d] + padding[d + 2];
    if (padded < k)
      return importer.fail(node, "the kernel does not fit the padded input");
    outShape.push_back((padded - k) / s + 1);
  }
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  Tensor x = input;
  if (x.kind == Kind::Ternary)
    x = Tensor{importer.toReal(x, loc), x.shape, Kind::Real};
  auto type = importer.tensorType(outShape, x.kind);
  SmallVector<NamedAttribute> attrs{
      b.getNamedAttr("kernel", b.getDenseI64ArrayAttr(*kernel)),
      b.getNamedAttr("strides", b.getDenseI64ArrayAttr(*stride)),
      b.getNamedAttr("padding", b.getDenseI64ArrayAttr(padding))};
  Value result =
      MaxPool2dOp::create(b, loc, TypeRange{type}, ValueRange{x.value}, attrs)
          .getResult();
  return Tensor{result, outShape, x.kind};
}

Expected<Tensor> emitTranspose(Importer &importer, const FlatNode &node,
                               const Tensor &input) {
  auto perm = importer.ints(node, "perm");
  if (!perm)
    return perm.takeError();
  int64_t rank = input.shape.size();
  SmallVector<bool> seen(rank, false);
  if (static_cast<int64_t>(perm->size()) != rank)
    return importer.fail(node, "'perm' must have one entry per input axis");
  for (int64_t p : *perm) {
    if (p < 0 || p >= rank || seen[p])
      return importer.fail(node, "'perm' is not a permutation");
    seen[p] = true;
  }
  int64_t lead = leadingRank(importer);
  SmallVector<int64_t> permutation, shape;
  for (int64_t d = 0; d < lead; ++d)
    permutation.push_back(d);
  for (int64_t p : *perm) {
    permutation.push_back(lead + p);
    shape.push_back(input.shape[p]);
  }
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  auto type = importer.tensorType(shape, input.kind);
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value result =
      linalg::TransposeOp::create(b, loc, input.value, init, permutation)
          .getResult()[0];
  return Tensor{result, shape, input.kind};
}

/// Sum over `axis` (a per-sample axis, or the time axis when negative
/// `timeAxis` is set) divided by its size.
Value meanOver(Importer &importer, Location loc, Value x, int64_t fullAxis) {
  OpBuilder &b = importer.builder();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> outputExprs;
  MLIRContext *ctx = b.getContext();
  for (int64_t d = 0; d < rank; ++d)
    if (d != fullAxis) {
      shape.push_back(type.getDimSize(d));
      outputExprs.push_back(getAffineDimExpr(d, ctx));
    }
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators[fullAxis] = utils::IteratorType::reduction;
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  Value init = linalg::FillOp::create(
                   b, loc, zero,
                   tensor::EmptyOp::create(b, loc, shape, b.getF32Type())
                       .getResult())
                   .getResult(0);
  Value sum =
      linalg::GenericOp::create(
          b, loc, init.getType(), x, init,
          {b.getMultiDimIdentityMap(rank),
           AffineMap::get(rank, 0, outputExprs, ctx)},
          iterators,
          [](OpBuilder &nb, Location nl, ValueRange args) {
            linalg::YieldOp::create(
                nb, nl, arith::AddFOp::create(nb, nl, args[1], args[0]).getResult());
          })
          .getResult(0);
  Value count = arith::ConstantOp::create(
      b, loc,
      b.getF32FloatAttr(static_cast<float>(type.getDimSize(fullAxis))));
  int64_t outRank = shape.size();
  Value out = tensor::EmptyOp::create(b, loc, shape, b.getF32Type());
  return linalg::GenericOp::create(
             b, loc, out.getType(), sum, out,
             {b.getMultiDimIdentityMap(outRank),
              b.getMultiDimIdentityMap(outRank)},
             SmallVector<utils::IteratorType>(outRank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(
                   nb, nl,
                   arith::DivFOp::create(nb, nl, args[0], count).getResult());
             })
      .getResult(0);
}

Expected<Tensor> emitMean(Importer &importer, const FlatNode &node,
                          const Tensor &input) {
  auto axis = importer.intScalar(node, "axis");
  if (!axis)
    return axis.takeError();
  int64_t rank = input.shape.size();
  if (*axis < -rank || *axis >= rank)
    return importer.fail(node, "'axis' is out of range");
  int64_t sampleAxis = *axis < 0 ? *axis + rank : *axis;
  Location loc = importer.loc(node);
  Value x = importer.toReal(input, loc);
  Value mean = meanOver(importer, loc, x, leadingRank(importer) + sampleAxis);
  SmallVector<int64_t> shape(input.shape);
  shape.erase(shape.begin() + sampleAxis);
  return Tensor{mean, shape, Kind::Real};
}

/// The mean over time, repeated at every step.
Expected<Tensor> emitMeanTime(Importer &importer, const FlatNode &node,
                              const Tensor &input) {
  if (importer.inTimeLoop())
    return importer.fail(node, "spike.MeanTime inside a recurrent graph is not "
                               "supported (it needs every time step)");
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  Value x = input.value;
  if (input.kind == Kind::Ternary)
    x = importer.toReal(input, loc);
  auto type = importer.tensorType(input.shape, Kind::Real);
  SmallVector<int64_t> meanShape(type.getShape().drop_front());
  Value mean =
      MeanTimeOp::create(b, loc, RankedTensorType::get(meanShape, b.getF32Type()),
                         x)
          .getResult();
  Value repeated =
      RepeatOp::create(b, loc, type, mean,
                       b.getI64IntegerAttr(importer.timesteps()))
          .getResult();
  return Tensor{repeated, input.shape, Kind::Real};
}

/// Spiking self-attention with its q/k/v projections (docs/nir-extension.md).
Expected<Tensor> emitSelfAttention(Importer &importer, const FlatNode &node,
                                   const Tensor &input) {
  auto kind = importer.string(node, "kind", "a2os2a");
  if (!kind)
    return kind.takeError();
  if (*kind != "a2os2a" && *kind != "ssa")
    return importer.fail(node, "'kind' must be a2os2a or ssa");
  bool ssa = *kind == "ssa";
  if (input.shape.size() != 2)
    return importer.fail(node, "the input must be tokens [N, D]");
  int64_t dim = input.shape[1];
  auto heads = importer.intScalar(node, "num_heads");
  if (!heads)
    return heads.takeError();
  if (*heads < 1 || dim % *heads)
    return importer.fail(node, "'num_heads' must divide D = " + Twine(dim));
  auto scale = importer.floatScalarOr(node, "scale", ssa ? 0.125 : 1.0);
  if (!scale)
    return scale.takeError();
  auto epsilon = importer.floatScalarOr(node, "bn_epsilon", 1e-5);
  if (!epsilon)
    return epsilon.takeError();

  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  // x W^T, then BN over the features.
  auto project = [&](StringRef prefix) -> Expected<Tensor> {
    auto weight = importer.floats(node, (prefix + "weight").str());
    if (!weight)
      return weight.takeError();
    if (weight->shape != SmallVector<int64_t>{dim, dim})
      return importer.fail(node, "'" + prefix + "weight' must be [" +
                                     Twine(dim) + ", " + Twine(dim) + "]");
    Value w = importer.f32Constant(weight->shape, narrow(*weight), loc);
    auto type = importer.tensorType(input.shape, Kind::Real);
    Value y = LinearOp::create(b, loc, type, input.value, w, Value()).getResult();
    return batchNorm(importer, node, Tensor{y, input.shape, Kind::Real},
                     (prefix + "bn_").str(), *epsilon, -1);
  };

  auto qIn = project("q_");
  if (!qIn)
    return qIn.takeError();
  auto qParams = readNeuron(importer, node, "q_", true);
  if (!qParams)
    return qParams.takeError();
  // The inner neurons are named after their role (node.q, node.k, node.v),
  // which is what event counters and profiles show.
  auto part = [&](StringRef role) {
    FlatNode named = node;
    named.name += ("." + role).str();
    return named;
  };
  auto q = emitNeuron(importer, part("q"), *qIn, NeuronKind::Binary, *qParams);
  if (!q)
    return q.takeError();

  auto kIn = project("k_");
  if (!kIn)
    return kIn.takeError();
  Expected<Tensor> k = Tensor{};
  if (ssa) {
    auto kParams = readNeuron(importer, node, "k_", true);
    if (!kParams)
      return kParams.takeError();
    k = emitNeuron(importer, part("k"), *kIn, NeuronKind::Binary, *kParams);
  } else {
    k = emitReLU(importer, node, *kIn);
  }
  if (!k)
    return k.takeError();

  auto vIn = project("v_");
  if (!vIn)
    return vIn.takeError();
  if (!ssa && importer.has(node, "v_compare"))
    return importer.fail(node, "the ternary v neuron of A2OS2A has no "
                               "'v_compare'");
  auto vParams = readNeuron(importer, node, "v_", true);
  if (!vParams)
    return vParams.takeError();
  auto v = emitNeuron(importer, part("v"), *vIn,
                      ssa ? NeuronKind::Binary : NeuronKind::Ternary, *vParams);
  if (!v)
    return v.takeError();

  auto type = importer.tensorType(input.shape, Kind::Real);
  SmallVector<NamedAttribute> attrs{
      b.getNamedAttr("num_heads", b.getI64IntegerAttr(*heads)),
      b.getNamedAttr("scale", b.getF32FloatAttr(static_cast<float>(*scale)))};
  Value out = AttentionOp::create(b, loc, TypeRange{type},
                                  ValueRange{q->value, k->value, v->value}, attrs)
                  .getResult();
  return Tensor{out, input.shape, Kind::Real};
}

/// spike.Sum: the sum of its incoming edges, which every node takes.
Expected<Tensor> emitSum(Importer &, const FlatNode &, const Tensor &input) {
  return input;
}

/// spike.LIF, or spike.TernaryLIF (spikes in {-1, 0, +1}).
Expected<Tensor> emitSpikeLIF(Importer &importer, const FlatNode &node,
                              const Tensor &input, bool ternary) {
  if (ternary && importer.has(node, "compare"))
    return importer.fail(node, "spike.TernaryLIF has no 'compare'");
  auto params = readNeuron(importer, node, "", true);
  if (!params)
    return params.takeError();
  return emitNeuron(importer, node, input,
                    ternary ? NeuronKind::Ternary : NeuronKind::Binary,
                    *params);
}

} // namespace

void mlir::spike::nir::detail::populateExtensionNodeHandlers(NodeTable &table) {
  table.addNeuron("spike.LIF", emitWith<emitSpikeLIF, /*ternary=*/false>);
  table.addNeuron("spike.TernaryLIF", emitWith<emitSpikeLIF, /*ternary=*/true>);
  table.add("spike.BatchNorm", emitBatchNorm);
  table.add("spike.ReLU", emitReLU);
  table.add("spike.MaxPool2d", emitMaxPool);
  table.add("spike.Sum", emitSum);
  table.add("spike.Transpose", emitTranspose);
  table.add("spike.Mean", emitMean);
  table.add("spike.MeanTime", emitMeanTime);
  table.add("spike.SelfAttention", emitSelfAttention);
}
