//===- DenseSynapses.cpp - synapses and attentions on dense f32 spikes ----===//

#include "spike/Dialect/Spike/IR/SpikeDialect.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-dense-synapses"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEDENSESYNAPSES
#include "spike/Dialect/Spike/Transforms/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;
using namespace mlir::spike;

namespace {

/// `value` as f32 when it holds spikes: 0/1 (i1) or -1/0/1 (i2).
Value toDense(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  Type element = type.getElementType();
  if (element.isF32())
    return value;
  auto f32Type = type.clone(b.getF32Type());
  if (element.isInteger(1))
    return arith::UIToFPOp::create(b, loc, f32Type, value);
  return arith::SIToFPOp::create(b, loc, f32Type, value);
}

/// [G, A, B] -> [G, B, A].
Value transposeLast(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  Value init = tensor::EmptyOp::create(
      b, loc,
      ArrayRef<int64_t>{type.getDimSize(0), type.getDimSize(2),
                        type.getDimSize(1)},
      type.getElementType());
  return linalg::TransposeOp::create(b, loc, value, init,
                                     ArrayRef<int64_t>{0, 2, 1})
      .getResult()[0];
}

/// lhs [G, M, K] x rhs [G, K, N] -> [G, M, N].
Value batchMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  auto l = cast<RankedTensorType>(lhs.getType());
  auto r = cast<RankedTensorType>(rhs.getType());
  SmallVector<int64_t> shape{l.getDimSize(0), l.getDimSize(1),
                             r.getDimSize(2)};
  Value init = tensor::EmptyOp::create(b, loc, shape, b.getF32Type());
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  Value zeros = linalg::FillOp::create(b, loc, zero, init).getResult(0);
  return linalg::BatchMatmulOp::create(b, loc, ValueRange{lhs, rhs},
                                       ValueRange{zeros})
      .getResult(0);
}

/// [S..., N, D] -> [prod(S) * heads, N, D / heads]: one matrix per batch
/// element and head.
Value toHeads(OpBuilder &b, Location loc, Value value, int64_t heads) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  int64_t tokens = type.getDimSize(rank - 2), dim = type.getDimSize(rank - 1);
  int64_t batch = 1;
  for (int64_t size : type.getShape().drop_back(2))
    batch *= size;
  // [S..., N, D] -> [B, N, h, d]
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices leading;
  for (int64_t d = 0; d + 2 < rank; ++d)
    leading.push_back(d);
  if (leading.empty()) {
    groups = {{0, 1}, {2, 3}};
  } else {
    groups = {leading, {rank - 2}, {rank - 1}};
    // Merge the batch dims first.
    value = tensor::CollapseShapeOp::create(b, loc, value, groups);
    groups = {{0}, {1}, {2, 3}};
  }
  auto split = RankedTensorType::get({batch, tokens, heads, dim / heads},
                                     b.getF32Type());
  value = tensor::ExpandShapeOp::create(b, loc, split, value, groups);
  Value init = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{batch, heads, tokens, dim / heads},
      b.getF32Type());
  value = linalg::TransposeOp::create(b, loc, value, init,
                                      ArrayRef<int64_t>{0, 2, 1, 3})
              .getResult()[0];
  return tensor::CollapseShapeOp::create(
      b, loc, value, SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}});
}

/// The inverse of toHeads into `type` [S..., N, Dv].
Value fromHeads(OpBuilder &b, Location loc, Value value, int64_t heads,
                RankedTensorType type) {
  auto headType = cast<RankedTensorType>(value.getType());
  int64_t tokens = headType.getDimSize(1), dim = headType.getDimSize(2);
  int64_t batch = headType.getDimSize(0) / heads;
  value = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({batch, heads, tokens, dim}, b.getF32Type()),
      value, SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}});
  Value init = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{batch, tokens, heads, dim}, b.getF32Type());
  value = linalg::TransposeOp::create(b, loc, value, init,
                                      ArrayRef<int64_t>{0, 2, 1, 3})
              .getResult()[0];
  auto merged = RankedTensorType::get({batch, tokens, heads * dim},
                                      b.getF32Type());
  value = tensor::CollapseShapeOp::create(
      b, loc, merged, value, SmallVector<ReassociationIndices>{{0}, {1}, {2, 3}});
  int64_t rank = type.getRank();
  if (rank == 2)
    return tensor::CollapseShapeOp::create(
        b, loc, type, value, SmallVector<ReassociationIndices>{{0, 1}, {2}});
  ReassociationIndices leading;
  for (int64_t d = 0; d + 2 < rank; ++d)
    leading.push_back(d);
  return tensor::ExpandShapeOp::create(
      b, loc, type, value,
      SmallVector<ReassociationIndices>{leading, {rank - 2}, {rank - 1}});
}

/// Per head, scale * (q kᵀ) v or scale * q (kᵀ v) as batched matmuls.
Value denseAttention(OpBuilder &b, AttentionOp op) {
  Location loc = op.getLoc();
  auto heads = static_cast<int64_t>(op.getNumHeads());
  Value q = toHeads(b, loc, toDense(b, loc, op.getQ()), heads);
  Value k = toHeads(b, loc, toDense(b, loc, op.getK()), heads);
  Value v = toHeads(b, loc, toDense(b, loc, op.getV()), heads);
  Value out;
  if (op.getEvaluationOrder() == AttentionOrder::scores_first)
    out = batchMatmul(b, loc, batchMatmul(b, loc, q, transposeLast(b, loc, k)),
                      v);
  else
    out = batchMatmul(b, loc, q,
                      batchMatmul(b, loc, transposeLast(b, loc, k), v));
  float scale = op.getScale().convertToFloat();
  if (scale != 1.0f) {
    auto type = cast<RankedTensorType>(out.getType());
    Value factor = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(scale));
    Value init = tensor::EmptyOp::create(b, loc, type.getShape(),
                                         type.getElementType());
    AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
    out = linalg::GenericOp::create(
              b, loc, type, out, init, {identity, identity},
              SmallVector<utils::IteratorType>(type.getRank(),
                                               utils::IteratorType::parallel),
              [&](OpBuilder &nb, Location nl, ValueRange args) {
                linalg::YieldOp::create(
                    nb, nl,
                    arith::MulFOp::create(nb, nl, args[0], factor).getResult());
              })
              .getResult(0);
  }
  return fromHeads(b, loc, out, heads, op.getOutput().getType());
}

struct SpikeDenseSynapses
    : spike::impl::SpikeDenseSynapsesBase<SpikeDenseSynapses> {
  using Base::Base;

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    getOperation()->walk([&](Operation *op) {
      rewriter.setInsertionPoint(op);
      // The synapse's input as f32 (spikes are converted, f32 stays).
      auto denseInput = [&](Value input) {
        if (!getElementTypeOrSelf(input.getType()).isF32())
          LLVM_DEBUG(llvm::dbgs() << op->getName() << " at " << op->getLoc()
                                  << ": input " << input.getType()
                                  << " converted to f32\n");
        return toDense(rewriter, op->getLoc(), input);
      };
      if (auto linear = dyn_cast<LinearOp>(op)) {
        linear.getInputMutable().assign(denseInput(linear.getInput()));
      } else if (auto conv = dyn_cast<Conv2dOp>(op)) {
        conv.getInputMutable().assign(denseInput(conv.getInput()));
      } else if (auto attention = dyn_cast<AttentionOp>(op)) {
        if (attention.getQ().getType().hasStaticShape() &&
            attention.getK().getType().hasStaticShape() &&
            attention.getV().getType().hasStaticShape()) {
          LLVM_DEBUG(llvm::dbgs()
                     << "attention at " << op->getLoc()
                     << ": batched matmuls, order "
                     << stringifyAttentionOrder(attention.getEvaluationOrder())
                     << ", " << attention.getNumHeads() << " heads\n");
          rewriter.replaceOp(op, denseAttention(rewriter, attention));
        } else {
          LLVM_DEBUG(llvm::dbgs() << "skipping attention at " << op->getLoc()
                                  << ": dynamic shape\n");
        }
      }
    });
  }
};

} // namespace
