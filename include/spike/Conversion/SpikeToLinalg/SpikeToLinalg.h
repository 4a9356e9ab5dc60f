//===- SpikeToLinalg.h - lowering spike ops to linalg on tensors ----------===//

#ifndef SPIKE_CONVERSION_SPIKETOLINALG_SPIKETOLINALG_H
#define SPIKE_CONVERSION_SPIKETOLINALG_SPIKETOLINALG_H

#include "spike/Conversion/SpikeToLinalg/BitmaskAccumulate.h"

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::spike {

/// Converts binary (i1) and ternary (i2) spike tensor types to their packed
/// form (see Packing.h) and leaves every other type alone. Values that cross
/// into or out of converted ops from unconverted code (function arguments
/// and results, arith ops on i1 tensors, ...) are packed and unpacked by
/// materializations.
class SpikeTypeConverter : public TypeConverter {
public:
  SpikeTypeConverter();
};

/// Choices of the lowering that do not change what is computed.
struct SpikeToLinalgOptions {
  /// The register tile of bitmask accumulation (see BitmaskAccumulate.h).
  AccumulateTiling accumulate;
};

/// Adds the patterns that lower every spike op to linalg, tensor, arith, scf,
/// vector and math ops on tensors. Spikes become bitmasks and every synapse
/// and attention on spikes becomes addition-only accumulation driven by them.
void populateSpikeToLinalgPatterns(const TypeConverter &typeConverter,
                                   RewritePatternSet &patterns,
                                   const SpikeToLinalgOptions &options = {});

} // namespace mlir::spike

#endif // SPIKE_CONVERSION_SPIKETOLINALG_SPIKETOLINALG_H
