//===- SpikeTraits.h - op traits of the spike dialect ---------------------===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKETRAITS_H
#define SPIKE_DIALECT_SPIKE_IR_SPIKETRAITS_H

#include "mlir/IR/OpDefinition.h"

namespace mlir::spike {
namespace detail {
LogicalResult verifyStrictAttributes(Operation *op);
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
} // namespace OpTrait
} // namespace mlir::spike

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKETRAITS_H
