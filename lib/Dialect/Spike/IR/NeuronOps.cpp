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
                                  ArrayRef<NamedParam> params,
                                  bool multiStep = true) {
  if (failed(verifyElementType(op, "input", input, ElementKind::Real)) ||
      failed(verifyMinRank(op, "input", input, 1,
                           multiStep ? "T x S..." : "S...")) ||
      failed(verifyElementType(op, "output", output, outputKind)) ||
      failed(verifyShape(op, "output", output.getShape(), input.getShape())))
    return failure();
  // Multi-step neurons lead with time; per-neuron values broadcast to the
  // rest. Single-step ones are all neurons.
  ArrayRef<int64_t> neuronShape =
      multiStep ? input.getShape().drop_front() : input.getShape();
  for (const NamedParam &param : params)
    if (failed(verifyParam(op, param, neuronShape)))
      return failure();
  return success();
}

/// A ternary neuron's threshold must be positive: otherwise the +1 and -1
/// regions overlap.
static LogicalResult verifyTernaryThreshold(Operation *op,
                                            TypedAttr threshold) {
  if (allValues(threshold, [](const APFloat &value) {
        return !value.isNegative() && !value.isZero();
      }))
    return success();
  return op->emitOpError("attribute 'v_threshold' must be positive so that "
                         "the +1 and -1 firing regions are disjoint");
}

/// The step parameters of the spiking neurons (lif, ternary_lif and their
/// single-step forms).
template <typename SpikingOp>
static SmallVector<NamedParam, 6> stepParams(SpikingOp op) {
  return {{"decay", op.getDecay()},
          {"gain", op.getGain()},
          {"bias", op.getBias()},
          {"v_threshold", op.getVThreshold()},
          {"v_reset", op.getVReset()}};
}

/// ... and, for the multi-step ones, the initial membrane.
template <typename SpikingOp>
static SmallVector<NamedParam, 6> spikingParams(SpikingOp op) {
  SmallVector<NamedParam, 6> params = stepParams(op);
  params.push_back({"v_init", op.getVInit()});
  return params;
}

LogicalResult LIFOp::verify() {
  return verifyNeuron(*this, getInput().getType(), getOutput().getType(),
                      ElementKind::Binary, spikingParams(*this));
}

LogicalResult TernaryLIFOp::verify() {
  if (failed(verifyNeuron(*this, getInput().getType(), getOutput().getType(),
                          ElementKind::Ternary, spikingParams(*this))))
    return failure();
  return verifyTernaryThreshold(*this, getVThreshold());
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
// Single-step neurons: the same checks, without a time dimension
//===----------------------------------------------------------------------===//

LogicalResult LIFStepOp::verify() {
  return verifyNeuron(*this, getInput().getType(), getOutput().getType(),
                      ElementKind::Binary, stepParams(*this),
                      /*multiStep=*/false);
}

LogicalResult TernaryLIFStepOp::verify() {
  if (failed(verifyNeuron(*this, getInput().getType(), getOutput().getType(),
                          ElementKind::Ternary, stepParams(*this),
                          /*multiStep=*/false)))
    return failure();
  return verifyTernaryThreshold(*this, getVThreshold());
}

LogicalResult LeakyIntegrateStepOp::verify() {
  return verifyNeuron(*this, getInput().getType(), getVNext().getType(),
                      ElementKind::Real,
                      {{"decay", getDecay()},
                       {"gain", getGain()},
                       {"bias", getBias()}},
                      /*multiStep=*/false);
}
