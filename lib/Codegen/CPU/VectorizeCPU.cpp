//===- VectorizeCPU.cpp - tile and vectorize linalg ops for the CPU -------===//

#include "spike/Codegen/CPU/Passes.h"

#include "spike/Codegen/CPU/CPUStrategy.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/InterleavedRange.h"

#define DEBUG_TYPE "spike-vectorize-cpu"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEVECTORIZECPU
#include "spike/Codegen/CPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;
using namespace mlir::spike;

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

/// Matmuls (batched or not): their output tile stays in registers over the
/// reduction (a register-blocked GEMM micro-kernel).
bool isMatmul(linalg::LinalgOp op) {
  return isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op);
}

/// Tile sizes of `op`: for matmuls a block of 4 rows x (4 registers with
/// 32 vector registers, 2 with 16) of the output and one step of the
/// reduction; otherwise dimensions from the innermost outwards while the
/// tile stays within kRegistersPerTile registers.
SmallVector<int64_t> chooseTileSizes(linalg::LinalgOp op,
                                     ArrayRef<int64_t> ranges, int64_t lanes) {
  // Masked vectorization mishandles linalg.index: only index-free bodies get
  // partial tiles.
  bool allowPartial = !op.hasIndexSemantics();
  if (isMatmul(op)) {
    int64_t columns = (lanes >= 16 ? 4 : 2) * lanes;
    SmallVector<int64_t> tiles(ranges.size() - 3, 1); // batch
    tiles.push_back(pickTile(ranges[ranges.size() - 3], 4, allowPartial));
    tiles.push_back(pickTile(ranges[ranges.size() - 2], columns, allowPartial));
    tiles.push_back(1);
    return tiles;
  }
  SmallVector<int64_t> tiles(ranges.size(), 1);
  int64_t budget = kRegistersPerTile * lanes;
  for (int64_t d = ranges.size() - 1; d >= 0 && budget > 1; --d) {
    tiles[d] = pickTile(ranges[d], budget, allowPartial);
    budget /= tiles[d];
  }
  return tiles;
}

/// Iterations from which an op is worth running in parallel chunks (a few
/// microseconds of work: more than a parallel loop costs to start).
constexpr int64_t kParallelIterations = 65536;
/// Most chunks a parallel op is cut into.
constexpr int64_t kParallelChunks = 16;

/// Chunk sizes of `op` for an scf.forall (0: not cut) along its outermost
/// parallel dimension of at least two iterations, or none when the op is
/// too small. The chunk count divides that dimension, so chunks stay static.
std::optional<SmallVector<int64_t>> chooseParallelChunks(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t iterations = 1;
  for (int64_t range : ranges)
    iterations *= range;
  if (iterations < kParallelIterations)
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (auto [d, range] : llvm::enumerate(ranges)) {
    if (iterators[d] != utils::IteratorType::parallel || range < 2)
      continue;
    int64_t chunks = std::min(range, kParallelChunks);
    while (range % chunks != 0)
      --chunks;
    if (chunks < 2)
      continue;
    SmallVector<int64_t> sizes(ranges.size(), 0);
    sizes[d] = range / chunks;
    return sizes;
  }
  return std::nullopt;
}

/// Ops that stay scalar: those that gather words with tensor.extract (bit
/// manipulations: packing, maxpool of spikes; f32 gathers, the im2col of a
/// real-valued conv2d, become vector gathers), and those touching tensors of
/// sub-byte integers (unpacked spikes at function boundaries), whose vector
/// loads and stores would be bit-packed while the buffers hold one byte per
/// element.
bool isContiguousGatherSource(Value source);

///
/// f32 gathers also stay scalar when their source may bufferize to a strided
/// buffer (a slice, possibly reshaped, or a loop-carried tensor): the
/// vectorizer linearizes gather indices over the tensor's shape, which is
/// right for a contiguous buffer only.
bool keepScalar(linalg::LinalgOp op) {
  bool subByte = llvm::any_of(op->getOperandTypes(), [](Type type) {
    Type element = getElementTypeOrSelf(type);
    return element.isIntOrFloat() && element.getIntOrFloatBitWidth() < 8;
  });
  bool gathersWords =
      op->walk([](tensor::ExtractOp extract) {
          return extract.getType().isF32() &&
                         isContiguousGatherSource(extract.getTensor())
                     ? WalkResult::advance()
                     : WalkResult::interrupt();
        }).wasInterrupted();
  if (subByte || gathersWords)
    LLVM_DEBUG(llvm::dbgs() << "keeping " << op->getName() << " at "
                            << op->getLoc() << " scalar: "
                            << (subByte ? "sub-byte elements"
                                        : "gathers words or from a strided "
                                          "source")
                            << "\n");
  return subByte || gathersWords;
}

/// Whether `source` bufferizes to a contiguous buffer: a function argument
/// (identity layouts at function boundaries) or the result of an op that
/// allocates, seen through reshapes.
bool isContiguousGatherSource(Value source) {
  while (Operation *def = source.getDefiningOp()) {
    if (isa<tensor::ExtractSliceOp>(def))
      return false;
    if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(def)) {
      source = def->getOperand(0);
      continue;
    }
    return true;
  }
  auto argument = cast<BlockArgument>(source);
  return isa<FunctionOpInterface>(argument.getOwner()->getParentOp());
}

/// Gathers from a slice of a tensor read the tensor itself at the shifted
/// indices, so that the gather's source stays contiguous (unpacked spikes
/// come as a slice of whole 64-lane words, and the im2col of a conv2d on
/// them gathers from it).
void foldGatherSlices(RewriterBase &rewriter, linalg::LinalgOp op) {
  SmallVector<tensor::ExtractOp> extracts;
  op->walk([&](tensor::ExtractOp extract) { extracts.push_back(extract); });
  for (tensor::ExtractOp extract : extracts) {
    auto slice = extract.getTensor().getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice || slice.getSourceType().getRank() !=
                      slice.getResultType().getRank())
      continue;
    rewriter.setInsertionPoint(extract);
    Location loc = extract.getLoc();
    SmallVector<Value> indices;
    for (auto [index, offset, stride] :
         llvm::zip_equal(extract.getIndices(), slice.getMixedOffsets(),
                         slice.getMixedStrides())) {
      Value shifted = arith::MulIOp::create(
          rewriter, loc, index,
          getValueOrCreateConstantIndexOp(rewriter, loc, stride));
      indices.push_back(arith::AddIOp::create(
          rewriter, loc, shifted,
          getValueOrCreateConstantIndexOp(rewriter, loc, offset)));
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractOp>(extract, slice.getSource(),
                                                   indices);
  }
}

/// Gives an all-parallel op that never reads its inits (an elementwise op,
/// whose init convert-elementwise-to-linalg takes from an operand) fresh
/// tensor.empty inits. Tiled, an op that reads and writes the same tensor
/// reads slices of the tensor and writes slices of the loop's copy of it,
/// which one-shot bufferization can only serve with a copy of the whole
/// tensor (a residual add copied its 393 KB residual stream). Upstream's
/// RemoveOutsDependency does this but only comes with the whole elementwise
/// fusion pattern set.
void dropUnreadInits(RewriterBase &rewriter, linalg::LinalgOp op) {
  if (op.getNumReductionLoops() != 0 || !isa<linalg::GenericOp>(op))
    return;
  for (OpOperand &init : op.getDpsInitsMutable()) {
    if (op.payloadUsesValueFromOperand(&init) ||
        init.get().getDefiningOp<tensor::EmptyOp>())
      continue;
    auto type = cast<RankedTensorType>(init.get().getType());
    rewriter.setInsertionPoint(op);
    Value empty = tensor::EmptyOp::create(rewriter, op.getLoc(),
                                          type.getShape(),
                                          type.getElementType());
    rewriter.modifyOpInPlace(op, [&] { init.set(empty); });
    LLVM_DEBUG(llvm::dbgs() << "fresh init for " << op->getName() << " at "
                            << op->getLoc() << "\n");
  }
}

struct SpikeVectorizeCPU
    : spike::impl::SpikeVectorizeCPUBase<SpikeVectorizeCPU> {
  using Base::Base;

  void runOnOperation() override {
    int64_t lanes = vectorWidth;
    if (lanes < 1) {
      std::optional<CPUStrategy> strategy = getCPUStrategy(getOperation());
      if (!strategy) {
        getOperation().emitError()
            << "spike-vectorize-cpu: no vector width: give vector-width or "
               "run spike-select-cpu-strategy first";
        return signalPassFailure();
      }
      lanes = strategy->vectorWidth;
    }
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!op.hasPureTensorSemantics())
        return;
      if (ShapedType::isDynamicShape(op.getStaticLoopRanges())) {
        LLVM_DEBUG(llvm::dbgs() << "skipping " << op->getName() << " at "
                                << op->getLoc() << ": dynamic shape\n");
        return;
      }
      ops.push_back(op);
    });
    LLVM_DEBUG(llvm::dbgs() << "@" << getOperation().getSymName() << ": "
                            << lanes << " lanes, " << ops.size()
                            << " static linalg ops\n");
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      dropUnreadInits(rewriter, op);
      // Ops in a parallel loop body already run in parallel chunks.
      if (parallel && !op->getParentOfType<scf::ForallOp>())
        if (auto chunks = chooseParallelChunks(op)) {
          scf::SCFTilingOptions options;
          options.setTileSizes(getAsIndexOpFoldResult(&getContext(), *chunks));
          options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
          rewriter.setInsertionPoint(op);
          FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
              rewriter, cast<TilingInterface>(op.getOperation()), options);
          LLVM_DEBUG(llvm::dbgs()
                     << "parallel chunks of " << op->getName() << " at "
                     << op->getLoc() << ": "
                     << llvm::interleaved_array(*chunks)
                     << (succeeded(tiled) ? "" : " (tiling failed)") << "\n");
          if (succeeded(tiled)) {
            rewriter.replaceOp(op, tiled->replacements);
            op = cast<linalg::LinalgOp>(tiled->tiledOps.back());
          }
        }
      foldGatherSlices(rewriter, op);
      if (keepScalar(op))
        continue;
      // `op` is erased when it is tiled below.
      bool matmul = isMatmul(op);
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      SmallVector<int64_t> tiles = chooseTileSizes(op, ranges, lanes);
      LLVM_DEBUG(llvm::dbgs() << "tiling " << op->getName() << " at "
                              << op->getLoc() << ": ranges "
                              << llvm::interleaved_array(ranges) << ", tiles "
                              << llvm::interleaved_array(tiles)
                              << (matmul ? " (matmul)" : "") << "\n");
      Operation *target = op;
      LoopLikeOpInterface reductionLoop;
      if (tiles != ranges) {
        SmallVector<OpFoldResult> sizes;
        for (auto [tile, range] : llvm::zip_equal(tiles, ranges))
          sizes.push_back(rewriter.getIndexAttr(tile == range ? 0 : tile));
        scf::SCFTilingOptions options;
        options.setTileSizes(sizes);
        rewriter.setInsertionPoint(op);
        FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
            rewriter, cast<TilingInterface>(op.getOperation()), options);
        if (failed(tiled)) {
          LLVM_DEBUG(llvm::dbgs() << "  tiling failed: left as is\n");
          continue;
        }
        rewriter.replaceOp(op, tiled->replacements);
        target = tiled->tiledOps.back();
        if (matmul && ranges.back() > 1)
          reductionLoop = tiled->loops.back();
      }
      rewriter.setInsertionPoint(target);
      // Vector sizes are only needed to mask partial (dynamic) tiles.
      bool partial = ShapedType::isDynamicShape(
          cast<linalg::LinalgOp>(target).getStaticLoopRanges());
      SmallVector<bool> fixedLength(tiles.size(), false);
      FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
          rewriter, target,
          partial ? ArrayRef<int64_t>(tiles) : ArrayRef<int64_t>(),
          partial ? ArrayRef<bool>(fixedLength) : ArrayRef<bool>(),
          /*vectorizeNDExtract=*/true, /*flatten1DDepthwiseConv=*/false,
          /*assumeDynamicDimsMatchVecSizes=*/false,
          /*createNamedContraction=*/matmul);
      if (failed(vectorized)) {
        LLVM_DEBUG(llvm::dbgs() << "  vectorization failed: left scalar\n");
        continue;
      }
      rewriter.replaceOp(target, vectorized->replacements);
      // The output tile becomes a loop-carried vector of the reduction
      // loop: first its tensor slice, then the vector read from it.
      if (reductionLoop && !partial) {
        reductionLoop = hoistLoopInvariantSubsets(rewriter, reductionLoop);
        // The read and the write must see the same index values, defined
        // outside the loop.
        DominanceInfo dominance;
        eliminateCommonSubExpressions(rewriter, dominance, reductionLoop);
        moveLoopInvariantCode(reductionLoop);
        hoistLoopInvariantSubsets(rewriter, reductionLoop);
      }
    }
  }
};

} // namespace
