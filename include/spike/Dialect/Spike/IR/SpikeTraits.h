//===- SpikeTraits.h - op traits of the spike dialect ---------------------===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKETRAITS_H
#define SPIKE_DIALECT_SPIKE_IR_SPIKETRAITS_H

#include "mlir/IR/OpDefinition.h"

namespace mlir::spike {
namespace detail {
LogicalResult verifyStrictAttributes(Operation *op);
LogicalResult verifyBoundedShapes(Operation *op);
} // namespace detail

namespace OpTrait {
/// Rejects attributes that are neither the op's own nor dialect-prefixed
/// (`name.attr`): a misspelt parameter such as `v_treshold` would otherwise
/// be kept as an unused discardable attribute while the default is used.
template <typename ConcreteType>
class StrictAttributes
    : public ::mlir::OpTrait::TraitBase<ConcreteType, StrictAttributes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifyStrictAttributes(op);
  }
};

/// Rejects operands and results whose static element count overflows
/// int64: no lowering can index such a tensor, and sizes computed from it
/// would wrap around.
template <typename ConcreteType>
class BoundedShapes
    : public ::mlir::OpTrait::TraitBase<ConcreteType, BoundedShapes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifyBoundedShapes(op);
  }
};
} // namespace OpTrait
} // namespace mlir::spike

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKETRAITS_H
