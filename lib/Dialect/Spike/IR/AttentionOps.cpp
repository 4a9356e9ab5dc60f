//===- AttentionOps.cpp - verifier of spike.attention ---------------------===//

#include "VerifyUtils.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

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

  // k has q's shape; v shares the batch and token dimensions.
  if (failed(verifyShape(*this, "k", k.getShape(), q.getShape())))
    return failure();
  SmallVector<int64_t> vShape(q.getShape().drop_back());
  int64_t valueDim = v.getRank() == q.getRank() ? v.getShape().back()
                                                : ShapedType::kDynamic;
  vShape.push_back(valueDim);
  if (failed(verifyShape(*this, "v", v.getShape(), vShape)))
    return failure();

  auto heads = static_cast<int64_t>(getNumHeads());
  int64_t keyDim = q.getShape().back();
  if (!ShapedType::isDynamic(keyDim) && keyDim % heads != 0)
    return emitOpError() << "attribute 'num_heads' (" << heads
                         << ") must divide the q/k feature dimension D ("
                         << keyDim << ")";
  if (!ShapedType::isDynamic(valueDim) && valueDim % heads != 0)
    return emitOpError() << "attribute 'num_heads' (" << heads
                         << ") must divide the v feature dimension Dv ("
                         << valueDim << ")";
  return verifyShape(*this, "output", output.getShape(), v.getShape());
}
