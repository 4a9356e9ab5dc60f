//===- SpikeOps.td - all ops of the spike dialect ----------*- tablegen -*-===//
//
// One op family per file; this file gathers them for TableGen.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKEOPS_TD
#define SPIKE_DIALECT_SPIKE_IR_SPIKEOPS_TD

include "spike/Dialect/Spike/IR/SpikeDialect.td"
include "spike/Dialect/Spike/IR/SpikeEnums.td"
include "spike/Dialect/Spike/IR/SpikeNeuronOps.td"
include "spike/Dialect/Spike/IR/SpikeSynapseOps.td"
include "spike/Dialect/Spike/IR/SpikeAttentionOps.td"
include "spike/Dialect/Spike/IR/SpikePoolOps.td"
include "spike/Dialect/Spike/IR/SpikeBitwiseOps.td"
include "spike/Dialect/Spike/IR/SpikeGraphOps.td"
include "spike/Dialect/Spike/IR/SpikeTimeOps.td"

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKEOPS_TD
