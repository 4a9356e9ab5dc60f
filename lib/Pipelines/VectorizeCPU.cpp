//===- VectorizeCPU.cpp - tile and vectorize linalg ops for the CPU -------===//

#include "spike/Pipelines/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/TargetParser/Host.h"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEVECTORIZECPU
#include "spike/Pipelines/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;
using namespace mlir::spike;

int64_t mlir::spike::getHostVectorWidth() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (features.lookup("avx512f"))
    return 16;
  if (features.lookup("avx"))
    return 8;
  return 4;
}

namespace {

/// Vector registers of f32 that one tile may fill.
constexpr int64_t kRegistersPerTile = 16;

/// Tile size along a dimension of `range` iterations with room for `budget`
/// elements: the whole dimension when it fits, else a divisor of the range
/// close to the budget, or (when `allowPartial`) the budget itself with a
/// masked last tile.
int64_t pickTile(int64_t range, int64_t budget, bool allowPartial) {
  if (range <= budget)
    return range;
  int64_t divisor = budget;
  while (range % divisor != 0)
    --divisor;
  return divisor * 2 >= budget || !allowPartial ? divisor : budget;
}

/// Tile sizes of `op`: a 4 x (4 registers) block of the output for matmuls;
/// otherwise dimensions from the innermost outwards while the tile stays
/// within kRegistersPerTile registers.
SmallVector<int64_t> chooseTileSizes(linalg::LinalgOp op,
                                     ArrayRef<int64_t> ranges, int64_t lanes) {
  // Masked vectorization mishandles linalg.index: only index-free bodies get
  // partial tiles.
  bool allowPartial = !op.hasIndexSemantics();
  if (isa<linalg::MatmulOp>(op))
    return {pickTile(ranges[0], 4, allowPartial),
            pickTile(ranges[1], 4 * lanes, allowPartial), 1};
  SmallVector<int64_t> tiles(ranges.size(), 1);
  int64_t budget = kRegistersPerTile * lanes;
  for (int64_t d = ranges.size() - 1; d >= 0 && budget > 1; --d) {
    tiles[d] = pickTile(ranges[d], budget, allowPartial);
    budget /= tiles[d];
  }
  return tiles;
}

/// Ops that stay scalar: those that gather with tensor.extract, and those
/// touching tensors of sub-byte integers (unpacked spikes at function
/// boundaries), whose vector loads and stores would be bit-packed while the
/// buffers hold one byte per element.
bool keepScalar(linalg::LinalgOp op) {
  bool subByte = llvm::any_of(op->getOperandTypes(), [](Type type) {
    Type element = getElementTypeOrSelf(type);
    return element.isIntOrFloat() && element.getIntOrFloatBitWidth() < 8;
  });
  return subByte ||
         op->walk([](tensor::ExtractOp) { return WalkResult::interrupt(); })
             .wasInterrupted();
}

struct SpikeVectorizeCPU
    : spike::impl::SpikeVectorizeCPUBase<SpikeVectorizeCPU> {
  using Base::Base;

  void runOnOperation() override {
    int64_t lanes = vectorWidth > 0 ? int64_t(vectorWidth) : getHostVectorWidth();
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && !keepScalar(op) &&
          !ShapedType::isDynamicShape(op.getStaticLoopRanges()))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      SmallVector<int64_t> tiles = chooseTileSizes(op, ranges, lanes);
      Operation *target = op;
      if (tiles != ranges) {
        SmallVector<OpFoldResult> sizes;
        for (auto [tile, range] : llvm::zip_equal(tiles, ranges))
          sizes.push_back(rewriter.getIndexAttr(tile == range ? 0 : tile));
        scf::SCFTilingOptions options;
        options.setTileSizes(sizes);
        rewriter.setInsertionPoint(op);
        FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
            rewriter, cast<TilingInterface>(op.getOperation()), options);
        if (failed(tiled))
          continue;
        rewriter.replaceOp(op, tiled->replacements);
        target = tiled->tiledOps.back();
      }
      rewriter.setInsertionPoint(target);
      // Vector sizes are only needed to mask partial (dynamic) tiles.
      bool partial = ShapedType::isDynamicShape(
          cast<linalg::LinalgOp>(target).getStaticLoopRanges());
      SmallVector<bool> fixedLength(tiles.size(), false);
      FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
          rewriter, target,
          partial ? ArrayRef<int64_t>(tiles) : ArrayRef<int64_t>(),
          partial ? ArrayRef<bool>(fixedLength) : ArrayRef<bool>());
      if (succeeded(vectorized))
        rewriter.replaceOp(target, vectorized->replacements);
    }
  }
};

} // namespace
