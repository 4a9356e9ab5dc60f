//===- Passes.td - the downstream example's passes -------------*- tablegen -*-===//

#ifndef SYNAPSECOUNT_PASSES
#define SYNAPSECOUNT_PASSES

include "mlir/Pass/PassBase.td"

def CountSpikeSynapses : Pass<"count-spike-synapses", "mlir::ModuleOp"> {
  let summary = "Annotate every spike synapse with its number of synapses";
  let description = [{
    Sets `synapse_count.synapses` (i64) on every `spike.linear` (out x in)
    and `spike.conv2d` (out x in/groups x KH x KW: the weights, i.e. the
    connections of one output position), and reports the total per function
    as a remark. An example of a pass built outside spike on its installed
    package: it reads the dialect's ops through their C++ accessors.
  }];
  let dependentDialects = ["mlir::spike::SpikeDialect"];
}

#endif // SYNAPSECOUNT_PASSES
