//===- Packing.h - bit-packed spike tensors -------------------------------===//
//
// After --convert-spike-to-linalg, spike tensors are bit-packed along their
// innermost (feature) dimension (SPEC section 2):
//
//   binary  i1 [A..., F]  ->  i64 [A..., W]       W = ceil(F / 64)
//   ternary i2 [A..., F]  ->  i64 [2, A..., W]    plane 0: +1 bits, 1: -1 bits
//
// Bit l of word w holds feature 64 w + l; bits at or beyond F are zero. These
// builders create linalg/tensor/arith code on tensors with static shapes.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_CONVERSION_SPIKETOLINALG_PACKING_H
#define SPIKE_CONVERSION_SPIKETOLINALG_PACKING_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::spike {

/// Spikes per packed word.
constexpr int64_t kWordBits = 64;

/// Number of words that hold `features` spikes.
inline int64_t packedWordCount(int64_t features) {
  return (features + kWordBits - 1) / kWordBits;
}

/// True for ranked tensors of binary (i1) or ternary (i2) spikes.
bool isBinarySpikeTensor(Type type);
bool isTernarySpikeTensor(Type type);

/// The packed type of a binary or ternary spike tensor type (rank >= 1).
RankedTensorType getPackedType(RankedTensorType spikeType);

/// [A..., F] padded with `padValue` to [A..., W, 64]: the lane layout in
/// which one iteration of the innermost dimension fills one word.
Value toLanes(OpBuilder &b, Location loc, Value value, TypedAttr padValue);

/// [A..., W, 64] -> [A..., F]: merges the lanes and drops the padding.
Value fromLanes(OpBuilder &b, Location loc, Value lanes, int64_t features);

/// Stacks two word tensors of equal shape into ternary planes [2, ...].
Value stackPlanes(OpBuilder &b, Location loc, Value positive, Value negative);

/// Ors the 64 lanes of the innermost dimension of `lanes` (i1, [A..., W,
/// 64]) into words ([A..., W] i64): lane l becomes bit l.
Value packLanes(OpBuilder &b, Location loc, Value lanes);

/// In the body of a linalg op whose dimension `laneDim` runs over the 64
/// lanes of a word: returns `word | (bit << lane)`.
Value orLaneIntoWord(OpBuilder &b, Location loc, Value bit, Value word,
                     int64_t laneDim);

/// The constant [0, 1, ..., 63] (i64): the shift of each lane. Gathering
/// linalg ops that build words without reading lane-shaped inputs take it as
/// the input that spans (and names) their lane dimension.
Value createLaneShifts(OpBuilder &b, Location loc);

/// `word | (bit << shift)` for an i64 `shift`.
Value orShiftedBit(OpBuilder &b, Location loc, Value bit, Value word,
                   Value shift);

/// Bit `bit` (an index) of the packed row `words[leading..., :]`, as i1:
/// word bit / 64, lane bit % 64. A gather, for linalg bodies that read
/// spikes at computed positions.
Value extractPackedBit(OpBuilder &b, Location loc, Value words,
                       ValueRange leading, Value bit);

/// i1 [A..., F] -> i64 [A..., W].
Value packBinary(OpBuilder &b, Location loc, Value bits);

/// i64 [A..., W] -> i1 [A..., F].
Value unpackBinary(OpBuilder &b, Location loc, Value words, int64_t features);

/// i64 [A..., W] -> f32 [A..., F] holding 0.0 or 1.0.
Value unpackBinaryToFloat(OpBuilder &b, Location loc, Value words,
                          int64_t features);

/// Packed binary or ternary spikes of logical type `spikeType` as f32
/// [A..., F]: 0.0/1.0, or -1.0/0.0/1.0 (the +1 plane minus the -1 plane).
Value spikesToFloat(OpBuilder &b, Location loc, Value packed,
                    RankedTensorType spikeType);

/// i2 [A..., F] -> i64 [2, A..., W].
Value packTernary(OpBuilder &b, Location loc, Value trits);

/// i64 [2, A..., W] -> i2 [A..., F].
Value unpackTernary(OpBuilder &b, Location loc, Value planes,
                    int64_t features);

/// Plane `plane` (0: +1 bits, 1: -1 bits) of packed ternary spikes.
Value ternaryPlane(OpBuilder &b, Location loc, Value planes, int64_t plane);

/// The word tensors of packed spikes: {words} for binary spikes, the two
/// planes {+1, -1} for ternary ones.
SmallVector<Value, 2> splitPlanes(OpBuilder &b, Location loc, Value packed,
                                  bool ternary);

/// Bits [begin, begin + count) of every row of `words` (features
/// `features`), moved to start at bit 0: i64 [A..., W] -> [A..., W']. A
/// dynamic `begin` must be a multiple of `count` (a head of an attention).
Value sliceBits(OpBuilder &b, Location loc, Value words, int64_t features,
                OpFoldResult begin, int64_t count);

/// Transposes the two innermost logical dimensions of packed spikes:
/// i64 [A..., N, W(F)] with F features -> i64 [A..., F, W(N)].
Value transposeBits(OpBuilder &b, Location loc, Value words, int64_t features);

//===----------------------------------------------------------------------===//
// Small tensor helpers shared by the spike lowerings.
//===----------------------------------------------------------------------===//

/// A tensor of `shape` filled with `value`.
Value createFilledTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                         TypedAttr value);

/// Merges the leading `count` dimensions of `value` into one (count >= 1; a
/// count of 0 adds a leading unit dimension).
Value collapseLeadingDims(OpBuilder &b, Location loc, Value value,
                          int64_t count);

/// Splits the leading dimension of `value` into `leading` (the inverse of
/// collapseLeadingDims).
Value expandLeadingDim(OpBuilder &b, Location loc, Value value,
                       ArrayRef<int64_t> leading);

/// Pads the innermost dimension of `value` up to `size` with `padValue`.
Value padInnermostDim(OpBuilder &b, Location loc, Value value, int64_t size,
                      TypedAttr padValue);

/// `value` with its dimensions permuted: result dimension i is dimension
/// permutation[i] of `value` (linalg.transpose).
Value transposeDims(OpBuilder &b, Location loc, Value value,
                    ArrayRef<int64_t> permutation);

/// Swaps the two innermost dimensions.
Value transposeInnermost(OpBuilder &b, Location loc, Value value);

} // namespace mlir::spike

#endif // SPIKE_CONVERSION_SPIKETOLINALG_PACKING_H
