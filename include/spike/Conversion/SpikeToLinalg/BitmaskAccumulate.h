//===- BitmaskAccumulate.h - addition-only accumulation over set bits -----===//
//
// The kernel behind every synapse and attention on spikes: instead of
// multiplying by 0/1 (or -1/0/+1), add the weight rows selected by the set
// bits of packed spike words.
//
// The loop nest is register-blocked: the output columns are cut into tiles
// of a few vector registers, and for each tile and output point the partial
// sums live in loop-carried vectors (one per register) while the point's set
// bits are visited with count-trailing-zeros. Every set bit
// costs one load and one add per vector register, nothing is stored until
// the point is done, and the tile's weight columns stay in cache across
// points.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_CONVERSION_SPIKETOLINALG_BITMASKACCUMULATE_H
#define SPIKE_CONVERSION_SPIKETOLINALG_BITMASKACCUMULATE_H

#include "mlir/IR/Builders.h"

#include <functional>

namespace mlir::spike {

/// Where the set bits of an output point come from: `words` packed words
/// per point; `fetch(b, loc, point, slot)` emits word `slot` (0 <=
/// slot < words) of `point` and the index of the weight row of its bit 0.
/// Rows of set bits are added, or subtracted when `subtract`.
///
/// With `rowSums` (f32 [words, M]: the sum of the rows word `slot` can
/// select) and `validBits(b, loc, slot)` (i64: the bits of word `slot` that
/// have rows), a word with more than half of its valid bits set is taken as
/// its complement: its row sum, minus the rows of its clear valid bits.
struct BitSource {
  int64_t words;
  std::function<std::pair<Value, Value>(OpBuilder &, Location, Value point,
                                        Value slot)>
      fetch;
  bool subtract = false;
  Value rowSums;
  std::function<Value(OpBuilder &, Location, Value slot)> validBits;
};

/// The per-word row sums [words, M] of constant rows [K, M], word w covering
/// rows [span(w).first, span(w).first + span(w).second), summed in double
/// and rounded once; null when the rows are not a constant.
Value constantRowSums(
    OpBuilder &b, Location loc, Value rows, int64_t words,
    llvm::function_ref<std::pair<int64_t, int64_t>(int64_t)> span);

/// (1 << count) - 1 for an i64 count in [0, 64].
Value lowBitsMask(OpBuilder &b, Location loc, Value count);

/// The register tile of the accumulation: `registers` vectors of `lanes`
/// f32 each (the target's vector width).
struct AccumulateTiling {
  int64_t lanes = 8;
  int64_t registers = 8;
  /// Run the (column tile, block of points) pairs as the iterations of an
  /// scf.forall.
  bool parallel = false;
  /// Loop over words outside the points (see accumulatePoints).
  bool wordsOuter = false;
  /// One iteration per output element, points outer and columns inner (a
  /// GPU thread per output: the threads of a warp share a point's words and
  /// read consecutive weights of a row). Overrides lanes, registers and
  /// wordsOuter.
  bool perOutput = false;
};

/// The source of words [P, W] (i64): bit l of word w of point p selects row
/// 64 w + l of `rows` (given: dense words may be complemented, see
/// BitSource).
BitSource wordsSource(OpBuilder &b, Location loc, Value words, bool subtract,
                      Value rows = {});

/// Emits, on tensors,
///
///   result[p, :] = init[p, :] ± (sum over the set bits of every source of
///                                the rows they select)
///
/// with `rows` f32 [K, M] and `init` f32 [P, M]; the sources are visited in
/// order and each source's words and bits in increasing order, so every
/// output element adds its rows in increasing row order. No multiplication
/// is emitted; the work is proportional to the number of spikes.
Value accumulateBits(OpBuilder &b, Location loc, ArrayRef<BitSource> sources,
                     Value rows, Value init, const AccumulateTiling &tiling);

/// accumulateBits of one word tensor [P, W] (rows K <= 64 W; bits at or
/// beyond K must be clear).
Value accumulateSetBits(OpBuilder &b, Location loc, Value words, Value rows,
                        Value init, bool subtract,
                        const AccumulateTiling &tiling);

/// init + spikes · rows for spikes given as word planes (see splitPlanes):
/// the rows of +1 spikes (planes[0]) are added and, for ternary spikes, the
/// rows of -1 spikes (planes[1]) subtracted, in one pass.
Value accumulateSpikes(OpBuilder &b, Location loc, ArrayRef<Value> planes,
                       Value rows, Value init, const AccumulateTiling &tiling);

} // namespace mlir::spike

#endif // SPIKE_CONVERSION_SPIKETOLINALG_BITMASKACCUMULATE_H
