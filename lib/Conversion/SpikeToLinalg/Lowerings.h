//===- Lowerings.h - the spike-to-linalg patterns, one set per op family --===//

#ifndef SPIKE_LIB_CONVERSION_SPIKETOLINALG_LOWERINGS_H
#define SPIKE_LIB_CONVERSION_SPIKETOLINALG_LOWERINGS_H

#include "spike/Conversion/SpikeToLinalg/SpikeToLinalg.h"

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::spike {

void populateNeuronLoweringPatterns(const TypeConverter &typeConverter,
                                    RewritePatternSet &patterns);
void populateSynapseLoweringPatterns(const TypeConverter &typeConverter,
                                     RewritePatternSet &patterns,
                                     const SpikeToLinalgOptions &options);
void populateAttentionLoweringPatterns(const TypeConverter &typeConverter,
                                     RewritePatternSet &patterns,
                                     const SpikeToLinalgOptions &options);
void populatePoolLoweringPatterns(const TypeConverter &typeConverter,
                                  RewritePatternSet &patterns);
void populateBitwiseLoweringPatterns(const TypeConverter &typeConverter,
                                     RewritePatternSet &patterns,
                                     const SpikeToLinalgOptions &options);
void populateGraphLoweringPatterns(const TypeConverter &typeConverter,
                                   RewritePatternSet &patterns);
void populateTimeLoopLoweringPatterns(const TypeConverter &typeConverter,
                                      RewritePatternSet &patterns);

/// True for arith.uitofp of binary and arith.sitofp of ternary spike
/// tensors, which the graph lowering converts from the packed words.
bool isSpikeCast(Operation *op);

/// A constant f32 tensor of `shape` holding `values` (row-major).
Value createF32Constant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                        ArrayRef<float> values);

/// The values of `value` if it is an arith.constant f32 tensor.
std::optional<SmallVector<float>> getConstantF32Values(Value value);

/// Transposes a 2-D f32 matrix [R, C] -> [C, R]; folded at compile time
/// when the matrix is a constant (weights).
Value transposeMatrix(OpBuilder &b, Location loc, Value matrix);

/// An elementwise linalg.generic producing a tensor of `type`; each input is
/// read through its map, `body` computes an element from their elements.
Value elementwise(OpBuilder &b, Location loc, RankedTensorType type,
                  ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                  function_ref<Value(OpBuilder &, Location, ValueRange)> body);

/// `fn` applied to every element of `value` (a tensor of the same type).
Value mapElements(OpBuilder &b, Location loc, Value value,
                  function_ref<Value(OpBuilder &, Location, Value)> fn);

/// A [P, M] f32 tensor whose rows are `bias` (f32 [M]), or zeros when
/// `bias` is null.
Value broadcastRows(OpBuilder &b, Location loc, Value bias, int64_t rows,
                    int64_t columns);

/// A [R, P] f32 tensor whose columns are `bias` (f32 [R]), or zeros when
/// `bias` is null.
Value broadcastColumns(OpBuilder &b, Location loc, Value bias, int64_t rows,
                       int64_t columns);

} // namespace mlir::spike

#endif // SPIKE_LIB_CONVERSION_SPIKETOLINALG_LOWERINGS_H
