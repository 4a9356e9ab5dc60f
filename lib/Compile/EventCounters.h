//===- EventCounters.h - counting spikes and accumulates per layer --------===//

#ifndef SPIKE_LIB_COMPILE_EVENTCOUNTERS_H
#define SPIKE_LIB_COMPILE_EVENTCOUNTERS_H

#include "mlir/IR/BuiltinOps.h"
#include "spike-c/ModelABI.h"

#include <string>
#include <vector>

namespace mlir::spike {

/// One counted layer of a model.
struct LayerInfo {
  /// spike_model_layer_kind's values.
  enum Kind { Neuron = SPIKE_LAYER_NEURON, Synapse = SPIKE_LAYER_SYNAPSE };
  std::string name;
  Kind kind;
  /// Neurons: neuron-steps per run (the spikes' element count).
  int64_t size = 0;
  /// Synapses: multiply-accumulates per run (static: real-valued inputs).
  int64_t macs = 0;
  /// Synapses: the multiply-accumulates of the same layer with every input
  /// real-valued (the network as an ANN), per run.
  int64_t denseMacs = 0;
};

/// Adds func.func @forward_stats: @forward that also returns a tensor of
/// event counts, one per layer: the spikes of every neuron op, the
/// accumulates (ACs) of every synapse and attention on spikes (SPEC section
/// 6: one AC per set input bit per output it feeds; the attention in the
/// order it is compiled in). Ops inside spike.time_loop are not counted.
/// Returns the layers in counter order.
std::vector<LayerInfo> addEventCounters(ModuleOp module);

} // namespace mlir::spike

#endif // SPIKE_LIB_COMPILE_EVENTCOUNTERS_H
