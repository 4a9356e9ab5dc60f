//===- ImportShapeNodes.cpp - reshape, slice and concat nodes -------------===//
//
// spike.Reshape, spike.Slice and spike.Concat (docs/nir-extension.md): the
// shape changes between layers that PyTorch models write as reshape/view,
// chunk/split/indexing and cat. They act on per-sample axes only; the
// leading T x B (or B in the time loop) dimensions are never touched. Spike
// tensors stay spike tensors.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"
#include "NodeTable.h"

#include "spike/Support/Limits.h"

#include "mlir/Dialect/Utils/IndexingUtils.h"
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

/// Collapses the per-sample dims of `value` (per-sample `shape`) into one.
Value collapseSample(Importer &importer, Location loc, Value value,
                     ArrayRef<int64_t> shape, Kind kind) {
  if (shape.size() == 1)
    return value;
  int64_t lead = leadingRank(importer);
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d < lead; ++d)
    groups.push_back({d});
  ReassociationIndices sample;
  for (size_t d = 0; d < shape.size(); ++d)
    sample.push_back(lead + d);
  groups.push_back(sample);
  return tensor::CollapseShapeOp::create(
      importer.builder(), loc, importer.tensorType({computeProduct(shape)}, kind),
      value, groups);
}

/// The offsets, sizes and strides of the slice [offset, offset + size) of
/// dimension `dim` of a tensor of `type` (every other dimension whole).
struct SliceBounds {
  SmallVector<OpFoldResult> offsets, sizes, strides;
};
SliceBounds sliceAlong(OpBuilder &b, RankedTensorType type, int64_t dim,
                       int64_t offset, int64_t size) {
  SliceBounds bounds;
  bounds.offsets.assign(type.getRank(), b.getIndexAttr(0));
  bounds.strides.assign(type.getRank(), b.getIndexAttr(1));
  for (int64_t extent : type.getShape())
    bounds.sizes.push_back(b.getIndexAttr(extent));
  bounds.offsets[dim] = b.getIndexAttr(offset);
  bounds.sizes[dim] = b.getIndexAttr(size);
  return bounds;
}

/// Axis `value` of a per-sample rank, negative counting from the back.
Expected<int64_t> sampleAxis(Importer &importer, const FlatNode &node,
                             int64_t value, int64_t rank) {
  if (value < -rank || value >= rank)
    return importer.fail(node, "'axis' " + Twine(value) +
                                   " is out of range for a per-sample rank of " +
                                   Twine(rank));
  return value < 0 ? value + rank : value;
}

/// spike.Reshape: the per-sample shape becomes `shape` (same element count).
Expected<Tensor> emitReshape(Importer &importer, const FlatNode &node,
                             const Tensor &input) {
  auto shape = importer.ints(node, "shape");
  if (!shape)
    return shape.takeError();
  if (shape->empty() || input.shape.empty())
    return importer.fail(node, "reshapes need per-sample axes: 'shape' and the "
                               "input must have at least one");
  for (int64_t size : *shape)
    if (size < 1 || size > (int64_t(1) << 31))
      return importer.fail(node, "'shape' holds a size of " + Twine(size));
  if (!hasAtMostElements(*shape, computeProduct(input.shape)) ||
      computeProduct(*shape) != computeProduct(input.shape))
    return importer.fail(node, "'shape' does not hold the " +
                                   Twine(computeProduct(input.shape)) +
                                   " elements of the input");
  if (*shape == input.shape)
    return input;
  Location loc = importer.loc(node);
  Value flat = collapseSample(importer, loc, input.value, input.shape,
                              input.kind);
  if (shape->size() == 1)
    return Tensor{flat, *shape, input.kind};
  int64_t lead = leadingRank(importer);
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d < lead; ++d)
    groups.push_back({d});
  ReassociationIndices sample;
  for (size_t d = 0; d < shape->size(); ++d)
    sample.push_back(lead + d);
  groups.push_back(sample);
  Value result = tensor::ExpandShapeOp::create(
      importer.builder(), loc, importer.tensorType(*shape, input.kind), flat,
      groups);
  return Tensor{result, *shape, input.kind};
}

/// spike.Slice: elements [start, stop) of per-sample axis `axis`.
Expected<Tensor> emitSlice(Importer &importer, const FlatNode &node,
                           const Tensor &input) {
  int64_t rank = input.shape.size();
  auto axisValue = importer.intScalar(node, "axis");
  if (!axisValue)
    return axisValue.takeError();
  auto axis = sampleAxis(importer, node, *axisValue, rank);
  if (!axis)
    return axis.takeError();
  auto start = importer.intScalar(node, "start");
  if (!start)
    return start.takeError();
  auto stop = importer.intScalar(node, "stop");
  if (!stop)
    return stop.takeError();
  int64_t size = input.shape[*axis];
  if (*start < 0 || *stop > size || *start >= *stop)
    return importer.fail(node, "the slice [" + Twine(*start) + ", " +
                                   Twine(*stop) + ") does not fit an axis of " +
                                   Twine(size));
  if (*start == 0 && *stop == size)
    return input;
  OpBuilder &b = importer.builder();
  SliceBounds bounds =
      sliceAlong(b, cast<RankedTensorType>(input.value.getType()),
                 leadingRank(importer) + *axis, *start, *stop - *start);
  SmallVector<int64_t> shape(input.shape);
  shape[*axis] = *stop - *start;
  Value result = tensor::ExtractSliceOp::create(
      b, importer.loc(node), importer.tensorType(shape, input.kind),
      input.value, bounds.offsets, bounds.sizes, bounds.strides);
  return Tensor{result, shape, input.kind};
}

/// spike.Concat: the operands joined along per-sample axis `axis`. Spikes
/// stay spikes when every operand has the same kind; otherwise all become
/// f32.
Expected<Tensor> emitConcat(Importer &importer, const FlatNode &node,
                            ArrayRef<Tensor> operands) {
  if (operands.empty())
    return importer.fail(node, "'operands' is empty");
  int64_t rank = operands.front().shape.size();
  auto axisValue = importer.intScalar(node, "axis");
  if (!axisValue)
    return axisValue.takeError();
  auto axis = sampleAxis(importer, node, *axisValue, rank);
  if (!axis)
    return axis.takeError();
  SmallVector<int64_t> shape(operands.front().shape);
  shape[*axis] = 0;
  Kind kind = operands.front().kind;
  for (const Tensor &operand : operands) {
    SmallVector<int64_t> other(operand.shape);
    if (static_cast<int64_t>(other.size()) != rank)
      return importer.fail(node, "its operands have different ranks");
    shape[*axis] += other[*axis];
    other[*axis] = shape[*axis];
    if (other != shape)
      return importer.fail(node, "its operands differ in a dimension other "
                                 "than the axis");
    if (operand.kind != kind)
      kind = Kind::Real;
  }
  if (!hasAtMostElements(shape, int64_t(1) << 31))
    return importer.fail(node, "the result is too large");
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  RankedTensorType type = importer.tensorType(shape, kind);
  Value result = tensor::EmptyOp::create(b, loc, type.getShape(),
                                         type.getElementType());
  int64_t lead = leadingRank(importer), offset = 0;
  for (const Tensor &operand : operands) {
    Value value = kind == operand.kind ? operand.value
                                       : importer.toReal(operand, loc);
    SliceBounds bounds =
        sliceAlong(b, cast<RankedTensorType>(value.getType()), lead + *axis,
                   offset, operand.shape[*axis]);
    offset += operand.shape[*axis];
    result = tensor::InsertSliceOp::create(b, loc, value, result,
                                           bounds.offsets, bounds.sizes,
                                           bounds.strides);
  }
  return Tensor{result, shape, kind};
}

} // namespace

void mlir::spike::nir::detail::populateShapeNodeHandlers(NodeTable &table) {
  table.add("spike.Reshape", emitReshape);
  table.add("spike.Slice", emitSlice);
  table.addOperandNode("spike.Concat", emitConcat);
}
