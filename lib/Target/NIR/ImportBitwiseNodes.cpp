//===- ImportBitwiseNodes.cpp - spike.And and spike.Count nodes -----------===//
//
// The primitives of spike-driven (SDT) and Q-K (QKFormer) attention: the
// Hadamard product of binary spikes (a bitwise AND) and the number of spikes
// along some axes (a popcount). docs/nir-extension.md.
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"
#include "NodeTable.h"

#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::nir;
using namespace mlir::spike::nir::detail;
using llvm::Expected;
using llvm::Twine;

namespace {

/// spike.And on its two operands: their (broadcast) elementwise AND.
Expected<Tensor> emitAnd(Importer &importer, const FlatNode &node,
                         ArrayRef<Tensor> operands) {
  const Tensor &lhs = operands[0], &rhs = operands[1];
  if (lhs.kind != Kind::Binary || rhs.kind != Kind::Binary)
    return importer.fail(node, "both operands must be binary spikes");
  if (lhs.shape.size() != rhs.shape.size())
    return importer.fail(node, "its operands must have the same per-sample "
                               "rank (insert size-1 axes to broadcast)");
  SmallVector<int64_t> shape;
  for (auto [l, r] : llvm::zip_equal(lhs.shape, rhs.shape)) {
    if (l != r && l != 1 && r != 1)
      return importer.fail(node, "operand shapes do not broadcast");
    shape.push_back(std::max(l, r));
  }
  OpBuilder &b = importer.builder();
  Value result = AndOp::create(b, importer.loc(node),
                               importer.tensorType(shape, Kind::Binary),
                               lhs.value, rhs.value)
                     .getResult();
  return Tensor{result, shape, Kind::Binary};
}

/// spike.Count: the number of spikes along `dims`, which stay as size 1.
Expected<Tensor> emitCount(Importer &importer, const FlatNode &node,
                           const Tensor &input) {
  if (input.kind == Kind::Real)
    return importer.fail(node, "the input must be binary or ternary spikes");
  auto dims = importer.ints(node, "dims");
  if (!dims)
    return dims.takeError();
  int64_t rank = input.shape.size();
  if (dims->empty())
    return importer.fail(node, "'dims' is empty");
  SmallVector<int64_t> normalized;
  for (int64_t d : *dims) {
    if (d < -rank || d >= rank)
      return importer.fail(node, "'dims' holds " + Twine(d) +
                                     ", out of range for a per-sample rank of " +
                                     Twine(rank));
    normalized.push_back(d < 0 ? d + rank : d);
  }
  llvm::sort(normalized);
  if (std::adjacent_find(normalized.begin(), normalized.end()) !=
      normalized.end())
    return importer.fail(node, "'dims' names an axis twice");
  SmallVector<int64_t> shape(input.shape), fullDims;
  int64_t lead = leadingRank(importer);
  for (int64_t d : normalized) {
    shape[d] = 1;
    fullDims.push_back(lead + d);
  }
  OpBuilder &b = importer.builder();
  Value result =
      CountOp::create(b, importer.loc(node),
                      importer.tensorType(shape, Kind::Real), input.value,
                      b.getDenseI64ArrayAttr(fullDims))
          .getResult();
  return Tensor{result, shape, Kind::Real};
}

} // namespace

void mlir::spike::nir::detail::populateBitwiseNodeHandlers(NodeTable &table) {
  table.addOperandNode("spike.And", emitAnd, /*operandCount=*/2);
  table.add("spike.Count", emitCount);
}
