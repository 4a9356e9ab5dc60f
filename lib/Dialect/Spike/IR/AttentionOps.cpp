//===- AttentionOps.cpp - verifier of spike.attention ---------------------===//

#include "VerifyUtils.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::detail;

LogicalResult AttentionOp::verify() {
  RankedTensorType q = getQ().getType();
  RankedTensorType k = getK().getType();
  RankedTensorType v = getV().getType();
  RankedTensorType output = getOutput().getType();
  if (failed(verifyElementType(*this, "q", q, ElementKind::Binary)) ||
      failed(verifyElementType(*this, "k", k,
                               {ElementKind::Real, ElementKind::Binary})) ||
      failed(verifyElementType(*this, "v", v,
                               {ElementKind::Ternary, ElementKind::Binary})) ||
      failed(verifyElementType(*this, "output", output, ElementKind::Real)) ||
      failed(verifyMinRank(*this, "q", q, 2, "B... x N x D")))
    return failure();
  if (!getScale().isFinite())
    return emitOpError("attribute 'scale' must be finite");

  // k has q's shape; v and the output share their batch and token
  // dimensions. Each shape is checked against the sizes that all the shapes
  // before it fix, so that two operands cannot disagree on a size that a
  // third one leaves dynamic.
  if (failed(verifyShape(*this, "k", k.getShape(), q.getShape())))
    return failure();
  SmallVector<int64_t> qkShape = mergeShapes(q.getShape(), k.getShape());
  SmallVector<int64_t> vShape(ArrayRef<int64_t>(qkShape).drop_back());
  vShape.push_back(v.getRank() == q.getRank() ? v.getShape().back()
                                              : ShapedType::kDynamic);
  if (failed(verifyShape(*this, "v", v.getShape(), vShape)))
    return failure();
  vShape = mergeShapes(vShape, v.getShape());

  auto heads = static_cast<int64_t>(getNumHeads());
  int64_t keyDim = qkShape.back();
  int64_t valueDim = vShape.back();
  if (ShapedType::isDynamic(valueDim) && output.getRank() == v.getRank())
    valueDim = output.getShape().back();
  if (!ShapedType::isDynamic(keyDim) && keyDim % heads != 0)
    return emitOpError() << "attribute 'num_heads' (" << heads
                         << ") must divide the q/k feature dimension D ("
                         << keyDim << ")";
  if (!ShapedType::isDynamic(valueDim) && valueDim % heads != 0)
    return emitOpError() << "attribute 'num_heads' (" << heads
                         << ") must divide the v feature dimension Dv ("
                         << valueDim << ")";
  return verifyShape(*this, "output", output.getShape(), vShape);
}

uint64_t AttentionOp::getAdditionCount(AttentionOrder order) {
  ArrayRef<int64_t> qShape = getQ().getType().getShape();
  auto tokens = static_cast<uint64_t>(qShape[qShape.size() - 2]);
  auto keyDim = static_cast<uint64_t>(qShape.back());
  auto valueDim = static_cast<uint64_t>(getV().getType().getShape().back());
  uint64_t heads = getNumHeads();
  // Saturating: hostile shapes must not wrap around.
  using llvm::SaturatingAdd, llvm::SaturatingMultiply;
  if (order == AttentionOrder::scores_first)
    return SaturatingMultiply(SaturatingMultiply(tokens, tokens),
                              SaturatingAdd(keyDim, valueDim));
  return SaturatingMultiply(
             SaturatingMultiply(uint64_t(2), tokens),
             SaturatingMultiply(keyDim, valueDim)) /
         heads;
}

AttentionOrder AttentionOp::getCheaperOrder() {
  if (!getQ().getType().hasStaticShape() || !getV().getType().hasStaticShape())
    return AttentionOrder::scores_first;
  return getAdditionCount(AttentionOrder::kv_first) <
                 getAdditionCount(AttentionOrder::scores_first)
             ? AttentionOrder::kv_first
             : AttentionOrder::scores_first;
}

AttentionOrder AttentionOp::getEvaluationOrder() {
  if (auto order = (*this)->getAttrOfType<AttentionOrderAttr>(
          SpikeDialect::kAttentionOrderAttrName))
    return order.getValue();
  return getCheaperOrder();
}
