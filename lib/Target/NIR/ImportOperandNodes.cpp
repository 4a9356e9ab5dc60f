//===- ImportOperandNodes.cpp - extension nodes with named operands -------===//
//
// Most NIR nodes sum their incoming edges. spike.And, spike.Attention and
// spike.Concat take several distinct operands instead: their `operands` list
// names, in order, the source of each incoming edge (docs/nir-extension.md);
// the importer binds them (Importer::bindOperands) for the types registered
// with NodeTable::addOperandNode. This file emits spike.Attention, the
// attention op on q, k and v computed elsewhere in the graph
// (spike.SelfAttention bundles the projections; converted PyTorch models
// need the bare op).
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"
#include "NodeTable.h"

#include "spike/Dialect/Spike/IR/SpikeOps.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::nir;
using namespace mlir::spike::nir::detail;
using llvm::Expected;
using llvm::Twine;

namespace {

/// spike.Attention(q, k, v): tokens [..., N, D] (q binary; k binary or real;
/// v binary or ternary, [..., N, Dv]); per head scale * (q_h k_h^T) v_h.
Expected<Tensor> emitAttention(Importer &importer, const FlatNode &node,
                               ArrayRef<Tensor> operands) {
  const Tensor &q = operands[0], &k = operands[1], &v = operands[2];
  if (q.kind != Kind::Binary)
    return importer.fail(node, "operand q must be binary spikes");
  if (k.kind == Kind::Ternary)
    return importer.fail(node, "operand k must be binary spikes or real "
                               "(non-negative) values");
  if (v.kind == Kind::Real)
    return importer.fail(node, "operand v must be binary or ternary spikes");
  int64_t rank = q.shape.size();
  if (rank < 2 || k.shape.size() != q.shape.size() ||
      v.shape.size() != q.shape.size())
    return importer.fail(node, "q, k and v must be tokens [..., N, D] of one "
                               "rank");
  if (k.shape != q.shape)
    return importer.fail(node, "k must have the shape of q");
  if (ArrayRef<int64_t>(v.shape).drop_back() !=
      ArrayRef<int64_t>(q.shape).drop_back())
    return importer.fail(node, "v must have the leading dims and tokens of q");
  auto heads = importer.intScalar(node, "num_heads");
  if (!heads)
    return heads.takeError();
  int64_t dim = q.shape.back(), valueDim = v.shape.back();
  if (*heads < 1 || dim % *heads || valueDim % *heads)
    return importer.fail(node, "'num_heads' must divide D = " + Twine(dim) +
                                   " and Dv = " + Twine(valueDim));
  auto scale = importer.floatScalarOr(node, "scale", 1.0);
  if (!scale)
    return scale.takeError();
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  SmallVector<int64_t> shape(v.shape);
  auto type = importer.tensorType(shape, Kind::Real);
  SmallVector<NamedAttribute> attrs{
      b.getNamedAttr("num_heads", b.getI64IntegerAttr(*heads)),
      b.getNamedAttr("scale", b.getF32FloatAttr(static_cast<float>(*scale)))};
  Value out = AttentionOp::create(b, loc, TypeRange{type},
                                  ValueRange{q.value, k.value, v.value}, attrs)
                  .getResult();
  return Tensor{out, shape, Kind::Real};
}

} // namespace

void mlir::spike::nir::detail::populateOperandNodeHandlers(NodeTable &table) {
  table.addOperandNode("spike.Attention", emitAttention, /*operandCount=*/3);
}
