//===- NeuronOps.cpp - verifiers of lif, ternary_lif, leaky_integrate -----===//

#include "VerifyUtils.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::detail;

namespace {
/// A neuron parameter with its attribute name, for messages.
struct NamedParam {
  StringRef name;
  TypedAttr value;
};
} // namespace

/// Calls `fn` on every value of a scalar or dense parameter.
static bool allValues(TypedAttr param,
                      llvm::function_ref<bool(const APFloat &)> fn) {
  if (auto scalar = dyn_cast<FloatAttr>(param))
    return fn(scalar.getValue());
  return llvm::all_of(cast<DenseFPElementsAttr>(param).getValues<APFloat>(),
                      fn);
}

/// Checks a per-neuron parameter: finite values, and a shape broadcastable
/// (NumPy rules) to the neuron shape `neuronShape` (the input without T).
static LogicalResult verifyParam(Operation *op, NamedParam param,
                                 ArrayRef<int64_t> neuronShape) {
  if (!allValues(param.value,
                 [](const APFloat &value) { return value.isFinite(); }))
    return op->emitOpError()
           << "attribute '" << param.name << "' must be finite (no NaN or Inf)";
  auto dense = dyn_cast<DenseFPElementsAttr>(param.value);
  if (!dense)
    return success();
  ArrayRef<int64_t> shape = dense.getType().getShape();
  bool broadcastable = shape.size() <= neuronShape.size();
  for (size_t i = 1; broadcastable && i <= shape.size(); ++i) {
    int64_t size = shape[shape.size() - i];
    int64_t neurons = neuronShape[neuronShape.size() - i];
    broadcastable = size == 1 || sizesCompatible(size, neurons);
  }
  if (!broadcastable)
    return op->emitOpError()
           << "attribute '" << param.name << "' of shape " << formatShape(shape)
           << " is not broadcastable to the neuron shape "
           << formatShape(neuronShape);
  return success();
}

/// The checks every neuron op shares: f32 input `T x S...`, a result of the
/// same shape with element type `outputKind`, valid parameters.
static LogicalResult verifyNeuron(Operation *op, RankedTensorType input,
                                  RankedTensorType output,
                                  ElementKind outputKind,
                                  ArrayRef<NamedParam> params) {
  if (failed(verifyElementType(op, "input", input, ElementKind::Real)) ||
      failed(verifyMinRank(op, "input", input, 1, "T x S...")) ||
      failed(verifyElementType(op, "output", output, outputKind)) ||
      failed(verifyShape(op, "output", output.getShape(), input.getShape())))
    return failure();
  ArrayRef<int64_t> neuronShape = input.getShape().drop_front();
  for (const NamedParam &param : params)
    if (failed(verifyParam(op, param, neuronShape)))
      return failure();
  return success();
}

/// The parameters of the spiking neurons (lif, ternary_lif).
template <typename SpikingOp>
static SmallVector<NamedParam, 6> spikingParams(SpikingOp op) {
  return {{"decay", op.getDecay()},    {"gain", op.getGain()},
          {"bias", op.getBias()},      {"v_threshold", op.getVThreshold()},
          {"v_reset", op.getVReset()}, {"v_init", op.getVInit()}};
}

LogicalResult LIFOp::verify() {
  return verifyNeuron(*this, getInput().getType(), getOutput().getType(),
                      ElementKind::Binary, spikingParams(*this));
}

LogicalResult TernaryLIFOp::verify() {
  if (failed(verifyNeuron(*this, getInput().getType(), getOutput().getType(),
                          ElementKind::Ternary, spikingParams(*this))))
    return failure();
  // With a threshold <= 0 the +1 and -1 regions overlap.
  if (!allValues(getVThreshold(), [](const APFloat &value) {
        return !value.isNegative() && !value.isZero();
      }))
    return emitOpError("attribute 'v_threshold' must be positive so that "
                       "the +1 and -1 firing regions are disjoint");
  return success();
}

LogicalResult LeakyIntegrateOp::verify() {
  return verifyNeuron(*this, getInput().getType(), getOutput().getType(),
                      ElementKind::Real,
                      {{"decay", getDecay()},
                       {"gain", getGain()},
                       {"bias", getBias()},
                       {"v_init", getVInit()}});
}

//===----------------------------------------------------------------------===//
// Single-step neurons
//===----------------------------------------------------------------------===//

/// The checks of a single-step neuron: f32 input and membrane of one shape
/// (the types are matched by the op's traits), spikes of that shape, valid
/// parameters broadcast to the whole shape.
static LogicalResult verifyStepNeuron(Operation *op, RankedTensorType input,
                                      RankedTensorType output,
                                      ElementKind outputKind,
                                      ArrayRef<NamedParam> params) {
  if (failed(verifyElementType(op, "input", input, ElementKind::Real)) ||
      failed(verifyMinRank(op, "input", input, 1, "S...")) ||
      failed(verifyElementType(op, "output", output, outputKind)) ||
      failed(verifyShape(op, "output", output.getShape(), input.getShape())))
    return failure();
  for (const NamedParam &param : params)
    if (failed(verifyParam(op, param, input.getShape())))
      return failure();
  return success();
}

LogicalResult LIFStepOp::verify() {
  return verifyStepNeuron(*this, getInput().getType(), getOutput().getType(),
                          ElementKind::Binary,
                          {{"decay", getDecay()},
                           {"gain", getGain()},
                           {"bias", getBias()},
                           {"v_threshold", getVThreshold()},
                           {"v_reset", getVReset()}});
}

LogicalResult TernaryLIFStepOp::verify() {
  if (failed(verifyStepNeuron(*this, getInput().getType(),
                              getOutput().getType(), ElementKind::Ternary,
                              {{"decay", getDecay()},
                               {"gain", getGain()},
                               {"bias", getBias()},
                               {"v_threshold", getVThreshold()},
                               {"v_reset", getVReset()}})))
    return failure();
  if (!allValues(getVThreshold(), [](const APFloat &value) {
        return !value.isNegative() && !value.isZero();
      }))
    return emitOpError("attribute 'v_threshold' must be positive so that "
                       "the +1 and -1 firing regions are disjoint");
  return success();
}

LogicalResult LeakyIntegrateStepOp::verify() {
  return verifyStepNeuron(*this, getInput().getType(), getVNext().getType(),
                          ElementKind::Real,
                          {{"decay", getDecay()},
                           {"gain", getGain()},
                           {"bias", getBias()}});
}
