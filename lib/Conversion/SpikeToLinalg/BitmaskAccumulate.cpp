//===- BitmaskAccumulate.cpp - addition-only accumulation over set bits ---===//

#include "spike/Support/Limits.h"
#include "spike/Conversion/SpikeToLinalg/BitmaskAccumulate.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/IR/Matchers.h"
#include "spike/Conversion/SpikeToLinalg/Packing.h"
#include "llvm/Support/Debug.h"

#include <numeric>

// Part of the convert-spike-to-linalg lowering.
#define DEBUG_TYPE "convert-spike-to-linalg"

using namespace mlir;
using namespace mlir::spike;

Value mlir::spike::constantRowSums(
    OpBuilder &b, Location loc, Value rows, int64_t words,
    llvm::function_ref<std::pair<int64_t, int64_t>(int64_t)> span) {
  DenseFPElementsAttr attr;
  if (!matchPattern(rows, m_Constant(&attr)) ||
      !attr.getElementType().isF32() ||
      !hasAtMostElements(attr.getType().getShape(), kMaxFoldedElements))
    return {};
  auto values = llvm::to_vector(attr.getValues<float>());
  int64_t columns = cast<RankedTensorType>(rows.getType()).getDimSize(1);
  SmallVector<float> sums(words * columns);
  SmallVector<double> sum(columns);
  for (int64_t w = 0; w < words; ++w) {
    auto [first, count] = span(w);
    std::fill(sum.begin(), sum.end(), 0.0);
    for (int64_t r = first; r < first + count; ++r)
      for (int64_t c = 0; c < columns; ++c)
        sum[c] += values[r * columns + c];
    for (int64_t c = 0; c < columns; ++c)
      sums[w * columns + c] = static_cast<float>(sum[c]);
  }
  auto type = RankedTensorType::get({words, columns}, b.getF32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, ArrayRef(sums)));
}

Value mlir::spike::lowBitsMask(OpBuilder &b, Location loc, Value count) {
  // (1 << count) - 1, with count = 64 giving all ones.
  Value one = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 1);
  Value full = arith::ConstantIntOp::create(b, loc, b.getI64Type(), -1);
  Value sixtyFour = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 64);
  Value isFull = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                       count, sixtyFour);
  Value partial = arith::SubIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, one, count), one);
  return arith::SelectOp::create(b, loc, isFull, full, partial);
}

BitSource mlir::spike::wordsSource(OpBuilder &b, Location loc, Value words,
                                   bool subtract, Value rows) {
  auto type = cast<RankedTensorType>(words.getType());
  BitSource source;
  source.words = type.getDimSize(1);
  source.subtract = subtract;
  if (rows) {
    int64_t rowCount = cast<RankedTensorType>(rows.getType()).getDimSize(0);
    source.rowSums = constantRowSums(
        b, loc, rows, source.words, [&](int64_t w) {
          return std::make_pair(w * kWordBits,
                                std::min(kWordBits, rowCount - w * kWordBits));
        });
    source.validBits = [rowCount](OpBuilder &vb, Location vl,
                                  Value slot) -> Value {
      // Rows left from bit 0 of the word: min(64, K - 64 slot).
      Value first = arith::MulIOp::create(
          vb, vl, slot, arith::ConstantIndexOp::create(vb, vl, kWordBits));
      Value left = arith::SubIOp::create(
          vb, vl, arith::ConstantIndexOp::create(vb, vl, rowCount), first);
      return lowBitsMask(vb, vl,
                         arith::IndexCastOp::create(vb, vl, vb.getI64Type(),
                                                    left));
    };
  }
  source.fetch = [words](OpBuilder &b, Location loc, Value point,
                         Value slot) -> std::pair<Value, Value> {
    Value word =
        tensor::ExtractOp::create(b, loc, words, ValueRange{point, slot});
    Value wordBits = arith::ConstantIndexOp::create(b, loc, kWordBits);
    return {word, arith::MulIOp::create(b, loc, slot, wordBits)};
  };
  return source;
}

namespace {

/// The columns [column, column + width) of `matrix` row `row` as a vector,
/// or the one element as a scalar for a vector of one lane (scalar code).
/// Every read is in bounds by construction.
Value readTile(OpBuilder &b, Location loc, VectorType type, Value matrix,
               Value row, Value column) {
  if (type.getNumElements() == 1)
    return tensor::ExtractOp::create(b, loc, matrix, ValueRange{row, column});
  Value pad = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  return vector::TransferReadOp::create(b, loc, type, matrix,
                                        ValueRange{row, column}, pad,
                                        ArrayRef<bool>{true});
}

/// A tile's partial sums before any row: `start` (f32) in every lane, a
/// scalar for a vector of one lane (as readTile).
Value startTile(OpBuilder &b, Location loc, VectorType type, Value start) {
  if (type.getNumElements() == 1)
    return start;
  return vector::BroadcastOp::create(b, loc, type, start);
}

/// `matrix` with `value` (from readTile) written back at (row, column).
Value writeTile(OpBuilder &b, Location loc, Value value, Value matrix,
                Value row, Value column) {
  if (!isa<VectorType>(value.getType()))
    return tensor::InsertOp::create(b, loc, value, matrix,
                                    ValueRange{row, column});
  return vector::TransferWriteOp::create(b, loc, value, matrix,
                                         ValueRange{row, column},
                                         ArrayRef<bool>{true})
      .getResult();
}

/// The partial sums of one tile: a vector per register, at column offsets
/// `offsets` from the tile's first column.
struct TileShape {
  SmallVector<VectorType> vectors;
  SmallVector<int64_t> offsets;
  int64_t width = 0;

  void add(VectorType type) {
    vectors.push_back(type);
    offsets.push_back(width);
    width += type.getDimSize(0);
  }
};

/// `column` + `offset`.
Value offsetColumn(OpBuilder &b, Location loc, Value column, int64_t offset) {
  if (offset == 0)
    return column;
  return arith::AddIOp::create(
      b, loc, column, arith::ConstantIndexOp::create(b, loc, offset));
}

/// acc ± the rows of the set bits of `word` (rows from `firstRow`).
SmallVector<Value> addSetBits(OpBuilder &b, Location loc, Value word,
                              Value firstRow, ValueRange acc, Value rows,
                              Value column, const TileShape &shape,
                              bool subtract) {
  SmallVector<Type> types{word.getType()};
  llvm::append_range(types, acc.getTypes());
  SmallVector<Value> init{word};
  llvm::append_range(init, acc);
  Value noBits = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
  Value lowestBit = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 1);
  auto bitLoop = scf::WhileOp::create(
      b, loc, types, init,
      [&](OpBuilder &cb, Location cl, ValueRange args) {
        Value any = arith::CmpIOp::create(cb, cl, arith::CmpIPredicate::ne,
                                          args[0], noBits);
        scf::ConditionOp::create(cb, cl, any, args);
      },
      [&](OpBuilder &ab, Location al, ValueRange args) {
        Value bit = math::CountTrailingZerosOp::create(ab, al, args[0]);
        Value offset =
            arith::IndexCastOp::create(ab, al, ab.getIndexType(), bit);
        Value k = arith::AddIOp::create(ab, al, firstRow, offset);
        // Clear the lowest set bit.
        Value below = arith::SubIOp::create(ab, al, args[0], lowestBit);
        SmallVector<Value> next{arith::AndIOp::create(ab, al, args[0], below)};
        for (auto [i, type] : llvm::enumerate(shape.vectors)) {
          Value row = readTile(ab, al, type, rows, k,
                               offsetColumn(ab, al, column, shape.offsets[i]));
          Value sum = args[i + 1];
          next.push_back(
              subtract ? arith::SubFOp::create(ab, al, sum, row).getResult()
                       : arith::AddFOp::create(ab, al, sum, row).getResult());
        }
        scf::YieldOp::create(ab, al, next);
      });
  return SmallVector<Value>(bitLoop.getResults().drop_front());
}

/// acc ± the rows of the set bits of word `slot` of `source`. A word with
/// more than half of its bits set (max-pooled spikes often are) is taken as
/// its complement: the sum of all its rows (source.rowSums) ± ...minus the
/// rows of its clear bits, so the work never exceeds half a word.
SmallVector<Value> accumulateWord(OpBuilder &b, Location loc,
                                  const BitSource &source, Value slot,
                                  Value word, Value firstRow, ValueRange acc,
                                  Value rows, Value column,
                                  const TileShape &shape) {
  if (!source.rowSums)
    return addSetBits(b, loc, word, firstRow, acc, rows, column, shape,
                      source.subtract);
  Value valid = source.validBits(b, loc, slot);
  Value set = math::CtPopOp::create(b, loc, word);
  Value twice = arith::AddIOp::create(b, loc, set, set);
  Value dense = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, twice,
                                      math::CtPopOp::create(b, loc, valid));
  auto choice = scf::IfOp::create(
      b, loc, dense,
      [&](OpBuilder &tb, Location tl) {
        SmallVector<Value> sums;
        for (auto [i, type] : llvm::enumerate(shape.vectors)) {
          Value all = readTile(tb, tl, type, source.rowSums, slot,
                               offsetColumn(tb, tl, column, shape.offsets[i]));
          sums.push_back(
              source.subtract
                  ? arith::SubFOp::create(tb, tl, acc[i], all).getResult()
                  : arith::AddFOp::create(tb, tl, acc[i], all).getResult());
        }
        Value ones = arith::ConstantIntOp::create(tb, tl, tb.getI64Type(), -1);
        Value clear = arith::AndIOp::create(
            tb, tl, arith::XOrIOp::create(tb, tl, word, ones), valid);
        scf::YieldOp::create(tb, tl,
                             addSetBits(tb, tl, clear, firstRow, sums, rows,
                                        column, shape, !source.subtract));
      },
      [&](OpBuilder &eb, Location el) {
        scf::YieldOp::create(eb, el,
                             addSetBits(eb, el, word, firstRow, acc, rows,
                                        column, shape, source.subtract));
      });
  return SmallVector<Value>(choice.getResults());
}

/// out[local, outColumn + ...] ± the rows (read at `column`) of the set bits
/// of word `slot` of `source`; with `start`, `start` ± those rows (out is not
/// read: the first word of a zero-filled accumulation).
Value addWordToPoint(OpBuilder &b, Location loc, Value out, Value local,
                     Value outColumn, Value column, const BitSource &source,
                     Value slot, Value word, Value firstRow, Value rows,
                     const TileShape &shape, Value start) {
  SmallVector<Value> acc;
  for (auto [i, type] : llvm::enumerate(shape.vectors))
    acc.push_back(start ? startTile(b, loc, type, start)
                        : readTile(b, loc, type, out, local,
                                   offsetColumn(b, loc, outColumn,
                                                shape.offsets[i])));
  acc = accumulateWord(b, loc, source, slot, word, firstRow, acc, rows, column,
                       shape);
  for (auto [i, sum] : llvm::enumerate(acc))
    out = writeTile(b, loc, sum, out, local,
                    offsetColumn(b, loc, outColumn, shape.offsets[i]));
  return out;
}

/// The points [first, first + count) of one column tile: out[p - first,
/// outColumn + ...] (out holds those points' rows) ± the rows of their set
/// bits, read at `column`.
///
/// Points outer (default): a point's partial sums are loop-carried vectors
/// over all its words, stored once. Words outer (`wordsOuter`): for each
/// word, all points; the partial sums go through `out` for every word, but
/// the rows one word selects (64 x the tile) stay in L1 across the points.
///
/// With `start` (f32), the partial sums start at `start` instead of `out`'s
/// values, which are never read (an accumulation into a filled tensor that
/// is left unfilled): the first word of the first source writes them.
Value accumulatePoints(OpBuilder &b, Location loc, ArrayRef<BitSource> sources,
                       Value rows, Value out, Value outColumn, Value column,
                       Value first, Value count, const TileShape &shape,
                       bool wordsOuter, Value start) {
  auto index = [&](OpBuilder &ib, int64_t v) {
    return arith::ConstantIndexOp::create(ib, loc, v).getResult();
  };
  if (wordsOuter) {
    // One word of `source` for all points.
    auto addWord = [&](OpBuilder &wb, Location wl, const BitSource &source,
                       Value slot, Value into, Value wordStart) {
      auto pointLoop = scf::ForOp::create(
          wb, wl, index(wb, 0), count, index(wb, 1), ValueRange{into},
          [&](OpBuilder &pb, Location pl, Value local, ValueRange pointArgs) {
            Value point = arith::AddIOp::create(pb, pl, first, local);
            auto [word, firstRow] = source.fetch(pb, pl, point, slot);
            scf::YieldOp::create(
                pb, pl,
                addWordToPoint(pb, pl, pointArgs[0], local, outColumn, column,
                               source, slot, word, firstRow, rows, shape,
                               wordStart));
          });
      return pointLoop.getResult(0);
    };
    for (size_t s = 0; s < sources.size(); ++s) {
      const BitSource &source = sources[s];
      int64_t firstSlot = 0;
      if (start && s == 0) {
        out = addWord(b, loc, source, index(b, 0), out, start);
        firstSlot = 1;
      }
      if (firstSlot >= source.words)
        continue;
      auto wordLoop = scf::ForOp::create(
          b, loc, index(b, firstSlot), index(b, source.words), index(b, 1),
          ValueRange{out},
          [&](OpBuilder &wb, Location wl, Value slot, ValueRange wordArgs) {
            scf::YieldOp::create(
                wb, wl, addWord(wb, wl, source, slot, wordArgs[0], Value()));
          });
      out = wordLoop.getResult(0);
    }
    return out;
  }
  auto pointLoop = scf::ForOp::create(
      b, loc, index(b, 0), count, index(b, 1), ValueRange{out},
      [&](OpBuilder &pb, Location pl, Value local, ValueRange pointArgs) {
        Value point = arith::AddIOp::create(pb, pl, first, local);
        SmallVector<Value> acc;
        for (auto [i, type] : llvm::enumerate(shape.vectors))
          acc.push_back(start ? startTile(pb, pl, type, start)
                              : readTile(pb, pl, type, pointArgs[0], local,
                                         offsetColumn(pb, pl, outColumn,
                                                      shape.offsets[i])));
        for (const BitSource &source : sources) {
          auto wordLoop = scf::ForOp::create(
              pb, pl, index(pb, 0), index(pb, source.words), index(pb, 1), acc,
              [&](OpBuilder &wb, Location wl, Value slot, ValueRange wordArgs) {
                auto [word, firstRow] = source.fetch(wb, wl, point, slot);
                scf::YieldOp::create(wb, wl,
                                     accumulateWord(wb, wl, source, slot, word,
                                                    firstRow, wordArgs, rows,
                                                    column, shape));
              });
          acc = SmallVector<Value>(wordLoop.getResults());
        }
        Value updated = pointArgs[0];
        for (auto [i, sum] : llvm::enumerate(acc))
          updated = writeTile(pb, pl, sum, updated, local,
                              offsetColumn(pb, pl, outColumn, shape.offsets[i]));
        scf::YieldOp::create(pb, pl, updated);
      });
  return pointLoop.getResult(0);
}

/// Blocks of points: the partial sums of a block (block x tile floats) stay
/// within kBlockBytes (a share of L2, as the words-outer order reloads them
/// for every word), and a parallel loop gets at least kParallelBlocks
/// (tile, block) iterations to share out.
constexpr int64_t kBlockBytes = 256 * 1024;
constexpr int64_t kParallelBlocks = 16;

/// `count` column tiles of `shape` from column `firstColumn`, all points:
/// for each tile (outer, so the tile's rows stay in cache) the blocks of
/// points in order. The (tile, block) pairs are the iterations of one loop,
/// tile-major: an scf.forall when `parallel`, so that each thread works on
/// few tiles' rows. `pointMajor` (AccumulateTiling::perOutput): blocks of
/// one point, the iterations point-major.
Value accumulateTiles(OpBuilder &b, Location loc, ArrayRef<BitSource> sources,
                      Value rows, Value init, int64_t firstColumn,
                      int64_t count, const TileShape &shape, bool parallel,
                      bool wordsOuter, bool pointMajor, Value start) {
  int64_t points = cast<RankedTensorType>(init.getType()).getDimSize(0);
  auto ceilDiv = [](int64_t a, int64_t b) { return (a + b - 1) / b; };
  int64_t maxBlock = std::max<int64_t>(1, kBlockBytes / (4 * shape.width));
  int64_t blocks = std::min(
      points, std::max(ceilDiv(points, maxBlock),
                       parallel ? ceilDiv(kParallelBlocks, count) : 1));
  // Equal blocks where a divisor of the points is near (static shapes).
  for (int64_t candidate = blocks; candidate <= std::min(points, 2 * blocks);
       ++candidate)
    if (points % candidate == 0) {
      blocks = candidate;
      break;
    }
  // Point-major order: blocks of one point, the tiles of a point adjacent.
  if (pointMajor)
    blocks = points;
  int64_t blockSize = ceilDiv(points, blocks);
  blocks = ceilDiv(points, blockSize);
  auto index = [&](OpBuilder &ib, int64_t v) {
    return arith::ConstantIndexOp::create(ib, loc, v).getResult();
  };

  // One (tile, block) iteration on `out`: the updated slice and where it goes.
  struct Block {
    Value updated;
    SmallVector<OpFoldResult> offsets, sizes;
  };
  auto accumulateBlock = [&](OpBuilder &bb, Value iteration, Value out) {
    Value tile, blockIndex;
    if (pointMajor) {
      tile = arith::RemUIOp::create(bb, loc, iteration, index(bb, count));
      blockIndex = arith::DivUIOp::create(bb, loc, iteration, index(bb, count));
    } else {
      tile = arith::DivUIOp::create(bb, loc, iteration, index(bb, blocks));
      blockIndex = arith::RemUIOp::create(bb, loc, iteration, index(bb, blocks));
    }
    Value first =
        arith::MulIOp::create(bb, loc, blockIndex, index(bb, blockSize));
    Value column = arith::AddIOp::create(
        bb, loc, index(bb, firstColumn),
        arith::MulIOp::create(bb, loc, tile, index(bb, shape.width)));
    // The last block may be shorter.
    OpFoldResult size = bb.getIndexAttr(blockSize);
    if (points % blockSize != 0)
      size = arith::MinUIOp::create(
                 bb, loc, index(bb, blockSize),
                 arith::SubIOp::create(bb, loc, index(bb, points), first))
                 .getResult();
    Block block{{}, {first, column}, {size, bb.getIndexAttr(shape.width)}};
    SmallVector<OpFoldResult> strides(2, bb.getIndexAttr(1));
    Value slice = tensor::ExtractSliceOp::create(bb, loc, out, block.offsets,
                                                 block.sizes, strides);
    block.updated = accumulatePoints(
        bb, loc, sources, rows, slice, index(bb, 0), column, first,
        getValueOrCreateConstantIndexOp(bb, loc, size), shape, wordsOuter,
        start);
    return block;
  };
  SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));

  if (!parallel) {
    auto loop = scf::ForOp::create(
        b, loc, index(b, 0), index(b, count * blocks), index(b, 1),
        ValueRange{init},
        [&](OpBuilder &lb, Location ll, Value iteration, ValueRange args) {
          Block block = accumulateBlock(lb, iteration, args[0]);
          scf::YieldOp::create(
              lb, ll,
              tensor::InsertSliceOp::create(lb, ll, block.updated, args[0],
                                            block.offsets, block.sizes, strides)
                  .getResult());
        });
    return loop.getResult(0);
  }
  auto forall = scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(count * blocks)},
      ValueRange{init}, std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(forall.getBody());
  Value out = forall.getRegionIterArgs()[0];
  Block block = accumulateBlock(b, forall.getInductionVar(0), out);
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(b, loc, block.updated, out,
                                        block.offsets, block.sizes, strides);
  return forall.getResult(0);
}

/// A tile of `width` columns as vectors of `lanes` floats (the last one
/// shorter when `lanes` does not divide `width`).
TileShape tileShape(MLIRContext *ctx, int64_t width, int64_t lanes) {
  TileShape shape;
  Type f32 = Float32Type::get(ctx);
  for (int64_t column = 0; column < width; column += lanes)
    shape.add(VectorType::get({std::min(lanes, width - column)}, f32));
  return shape;
}

/// Constant `rows` [K, M] f32 stored with a row stride that spreads the
/// rows one word selects over all of L1's sets (zero columns appended), or
/// `rows` itself. The words-outer order keeps those rows (64 of them, one
/// tile of `tileFloats` each) in L1 for reuse across points; with a stride
/// of s cache lines they start on sets that are multiples of gcd(s, 64)
/// apart, so when that exceeds the tile's lines they fall on a fraction of
/// the sets and evict each other (1536 floats, 96 lines: a 128-float tile's
/// 64 rows on 16 of 64 sets, served from L2). An odd stride does not alias.
/// Reads stay below M.
Value padRowStride(OpBuilder &b, Location loc, Value rows,
                   int64_t tileFloats) {
  constexpr int64_t kLineFloats = 16, kL1Sets = 64;
  auto type = cast<RankedTensorType>(rows.getType());
  int64_t k = type.getDimSize(0), m = type.getDimSize(1);
  int64_t tileLines = llvm::divideCeil(tileFloats, kLineFloats);
  if (m % kLineFloats != 0 ||
      std::gcd(m / kLineFloats, kL1Sets) <= tileLines)
    return rows;
  int64_t padded = m + kLineFloats; // m / 16 is even here: now odd
  DenseFPElementsAttr attr;
  if (!matchPattern(rows, m_Constant(&attr)) ||
      !attr.getElementType().isF32() ||
      !hasAtMostElements({k, padded}, kMaxFoldedElements))
    return rows;
  LLVM_DEBUG(llvm::dbgs() << "  rows [" << k << ", " << m
                          << "] stored with a stride of " << padded
                          << " floats\n");
  SmallVector<float> values(k * padded, 0.0f);
  auto source = attr.getValues<float>();
  auto it = source.begin();
  for (int64_t r = 0; r < k; ++r)
    for (int64_t c = 0; c < m; ++c, ++it)
      values[r * padded + c] = *it;
  auto paddedType = RankedTensorType::get({k, padded}, b.getF32Type());
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(paddedType, ArrayRef(values)));
}

} // namespace

Value mlir::spike::accumulateBits(OpBuilder &b, Location loc,
                                  ArrayRef<BitSource> sources, Value rows,
                                  Value init, const AccumulateTiling &tiling) {
  int64_t outputs = cast<RankedTensorType>(init.getType()).getDimSize(1);
  int64_t lanes = tiling.perOutput ? 1 : std::max<int64_t>(tiling.lanes, 1);
  int64_t registers =
      tiling.perOutput ? 1 : std::max<int64_t>(tiling.registers, 1);
  bool wordsOuter = tiling.wordsOuter && !tiling.perOutput;
  int64_t width = std::min(lanes * registers, outputs);
  int64_t fullTiles = outputs / width, rest = outputs % width;
  LLVM_DEBUG(llvm::dbgs() << "bitmask accumulation at " << loc << ": "
                          << outputs << " outputs in tiles of " << lanes
                          << " lanes x " << registers << " registers, "
                          << fullTiles << " full tiles + " << rest
                          << " columns, "
                          << (wordsOuter ? "words" : "points") << " outer"
                          << (tiling.parallel ? ", parallel" : "")
                          << (tiling.perOutput ? ", per output" : "") << "\n");
  if (wordsOuter)
    rows = padRowStride(b, loc, rows, width);
  // An init filled with a constant (zeros without a bias) is not filled:
  // the partial sums start at the constant, and the first word writes every
  // element (no memset of the output, one read of it less per point).
  Value start;
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    if (matchPattern(fill.value(), m_Constant()) &&
        fill.getOutputs()[0].getDefiningOp<tensor::EmptyOp>()) {
      start = fill.value();
      init = fill.getOutputs()[0];
      LLVM_DEBUG(llvm::dbgs() << "  constant init: not filled, sums start "
                                 "at it\n");
    }
  Value result = init;
  if (fullTiles > 0)
    result = accumulateTiles(b, loc, sources, rows, result, 0, fullTiles,
                             tileShape(b.getContext(), width, lanes),
                             tiling.parallel, wordsOuter, tiling.perOutput,
                             start);
  // The last columns: one narrower tile.
  if (rest > 0)
    result = accumulateTiles(b, loc, sources, rows, result, fullTiles * width,
                             1, tileShape(b.getContext(), rest, lanes),
                             tiling.parallel, wordsOuter, tiling.perOutput,
                             start);
  return result;
}

Value mlir::spike::accumulateSetBits(OpBuilder &b, Location loc, Value words,
                                     Value rows, Value init, bool subtract,
                                     const AccumulateTiling &tiling) {
  return accumulateBits(b, loc, {wordsSource(b, loc, words, subtract, rows)},
                        rows, init, tiling);
}

Value mlir::spike::accumulateSpikes(OpBuilder &b, Location loc,
                                    ArrayRef<Value> planes, Value rows,
                                    Value init, const AccumulateTiling &tiling) {
  SmallVector<BitSource, 2> sources;
  for (auto [i, plane] : llvm::enumerate(planes))
    sources.push_back(wordsSource(b, loc, plane, /*subtract=*/i == 1, rows));
  return accumulateBits(b, loc, sources, rows, init, tiling);
}
