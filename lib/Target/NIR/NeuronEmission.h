//===- NeuronEmission.h - neurons for the NIR importer --------------------===//

#ifndef SPIKE_LIB_TARGET_NIR_NEURONEMISSION_H
#define SPIKE_LIB_TARGET_NIR_NEURONEMISSION_H

#include "ImporterImpl.h"

namespace mlir::spike::nir::detail {

/// Discrete-time neuron parameters (SPEC section 3), before they become
/// attributes.
struct NeuronParams {
  Array decay, gain, bias, vThreshold, vReset, vInit;
  bool greater = false; // compare = gt
  std::string reset = "hard";
};

enum class NeuronKind { Binary, Ternary, Integrator };

/// Emits a neuron on `input` (converted to f32): spike.lif /
/// spike.ternary_lif / spike.leaky_integrate on whole [T, B, ...] tensors,
/// or their single-step forms with the membrane carried across the time
/// loop's steps.
llvm::Expected<Tensor> emitNeuron(Importer &importer, const FlatNode &node,
                                  const Tensor &input, NeuronKind kind,
                                  const NeuronParams &params);

} // namespace mlir::spike::nir::detail

#endif // SPIKE_LIB_TARGET_NIR_NEURONEMISSION_H
