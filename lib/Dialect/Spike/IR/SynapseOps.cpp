//===- SynapseOps.cpp - verifiers of linear and conv2d --------------------===//

#include "VerifyUtils.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::detail;

static constexpr ElementKind kSynapseInputKinds[] = {
    ElementKind::Binary, ElementKind::Ternary, ElementKind::Real};

/// Checks the optional bias: a 1-D f32 tensor of `outputs` elements.
static LogicalResult verifyBias(Operation *op, Value bias, int64_t outputs) {
  if (!bias)
    return success();
  auto type = cast<RankedTensorType>(bias.getType());
  if (failed(verifyElementType(op, "bias", type, ElementKind::Real)) ||
      failed(verifyRank(op, "bias", type, 1, "one value per output")))
    return failure();
  if (!sizesCompatible(type.getDimSize(0), outputs))
    return op->emitOpError()
           << "bias has " << type.getDimSize(0) << " elements, expected "
           << outputs << " (one per output)";
  return success();
}

/// The number of outputs that the weight (`weightOutputs`) and the optional
/// bias fix together: the bias size when the weight leaves it dynamic.
static int64_t outputsOf(Value bias, int64_t weightOutputs) {
  if (!bias || !ShapedType::isDynamic(weightOutputs))
    return weightOutputs;
  return cast<RankedTensorType>(bias.getType()).getDimSize(0);
}

LogicalResult LinearOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType weight = getWeight().getType();
  RankedTensorType output = getOutput().getType();
  if (failed(verifyElementType(*this, "input", input, kSynapseInputKinds)) ||
      failed(verifyMinRank(*this, "input", input, 1, "B... x K")) ||
      failed(verifyElementType(*this, "weight", weight, ElementKind::Real)) ||
      failed(verifyRank(*this, "weight", weight, 2, "M x K")) ||
      failed(verifyElementType(*this, "output", output, ElementKind::Real)))
    return failure();

  int64_t inputs = input.getShape().back();
  int64_t outputs = weight.getDimSize(0);
  if (!sizesCompatible(weight.getDimSize(1), inputs))
    return emitOpError() << "weight has " << weight.getDimSize(1)
                         << " columns (K), but the input has " << inputs
                         << " features";
  if (failed(verifyBias(*this, getBias(), outputs)))
    return failure();
  outputs = outputsOf(getBias(), outputs);

  SmallVector<int64_t> expected(input.getShape().drop_back());
  expected.push_back(outputs);
  return verifyShape(*this, "output", output.getShape(), expected);
}

LogicalResult Conv2dOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType weight = getWeight().getType();
  RankedTensorType output = getOutput().getType();
  if (failed(verifyElementType(*this, "input", input, kSynapseInputKinds)) ||
      failed(verifyMinRank(*this, "input", input, 3, "B... x C x H x W")) ||
      failed(verifyElementType(*this, "weight", weight, ElementKind::Real)) ||
      failed(
          verifyRank(*this, "weight", weight, 4, "O x C/groups x KH x KW")) ||
      failed(verifyElementType(*this, "output", output, ElementKind::Real)))
    return failure();

  ArrayRef<int64_t> inShape = input.getShape();
  int64_t rank = input.getRank();
  int64_t channels = inShape[rank - 3];
  int64_t outChannels = weight.getDimSize(0);
  if (failed(verifyBias(*this, getBias(), outChannels)))
    return failure();
  outChannels = outputsOf(getBias(), outChannels);
  auto groups = static_cast<int64_t>(getGroups());
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return emitOpError() << "attribute 'groups' (" << groups
                         << ") must divide the input channels (" << channels
                         << ")";
  if (!ShapedType::isDynamic(outChannels) && outChannels % groups != 0)
    return emitOpError() << "attribute 'groups' (" << groups
                         << ") must divide the output channels (" << outChannels
                         << ")";
  if (!ShapedType::isDynamic(channels) &&
      !sizesCompatible(weight.getDimSize(1), channels / groups))
    return emitOpError() << "weight has " << weight.getDimSize(1)
                         << " input channels per group, expected "
                         << channels / groups << " (C / groups)";

  ArrayRef<int64_t> strides = getStrides(), padding = getPadding(),
                    dilations = getDilations();
  SmallVector<int64_t> expected(inShape.drop_back(3));
  expected.push_back(outChannels);
  for (int i = 0; i < 2; ++i) {
    StringRef dim = i == 0 ? "height" : "width";
    int64_t kernel = weight.getDimSize(2 + i);
    if (ShapedType::isDynamic(kernel)) {
      expected.push_back(ShapedType::kDynamic);
      continue;
    }
    if (kernel == 0)
      return emitOpError() << "weight has a kernel " << dim
                           << " of 0, expected at least 1";
    std::optional<int64_t> size = slidingWindowOutputSize(
        inShape[rank - 2 + i], padding[i], padding[i + 2], kernel, strides[i],
        dilations[i]);
    if (!size)
      return emitOpError() << "output " << dim
                           << " overflows: kernel, padding or dilation "
                              "attributes are out of range";
    if (*size == 0)
      return emitOpError() << "dilated kernel " << dim << " ("
                           << dilations[i] * (kernel - 1) + 1
                           << ") is larger than the padded input " << dim
                           << " ("
                           << inShape[rank - 2 + i] + padding[i] +
                                  padding[i + 2]
                           << ")";
    expected.push_back(*size);
  }
  return verifyShape(*this, "output", output.getShape(), expected);
}
