//===- BitmaskAccumulate.h - addition-only accumulation over set bits -----===//
//
// The kernel behind every synapse and attention on spikes: instead of
// multiplying by 0/1 (or -1/0/+1), add the weight rows selected by the set
// bits of packed spike words.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_CONVERSION_SPIKETOLINALG_BITMASKACCUMULATE_H
#define SPIKE_CONVERSION_SPIKETOLINALG_BITMASKACCUMULATE_H

#include "mlir/IR/Builders.h"

namespace mlir::spike {

/// Emits, on tensors,
///
///   result[p, :] = init[p, :] + sum over set bits k of words[p, :] of rows[k, :]
///
/// (subtracting instead when `subtract`). `words` is i64 [P, W] with bit k%64
/// of word k/64 for row k, `rows` is f32 [K, M] with K <= 64 W (bits at or
/// beyond K must be clear), `init` is f32 [P, M]. Set bits are visited with
/// count-trailing-zeros, so the work is proportional to the number of spikes;
/// no multiplication is emitted.
Value accumulateSetBits(OpBuilder &b, Location loc, Value words, Value rows,
                        Value init, bool subtract);

/// init + spikes · rows for spikes given as word planes (see splitPlanes):
/// the rows of +1 spikes (planes[0]) are added and, for ternary spikes, the
/// rows of -1 spikes (planes[1]) subtracted.
Value accumulateSpikes(OpBuilder &b, Location loc, ArrayRef<Value> planes,
                       Value rows, Value init);

} // namespace mlir::spike

#endif // SPIKE_CONVERSION_SPIKETOLINALG_BITMASKACCUMULATE_H
