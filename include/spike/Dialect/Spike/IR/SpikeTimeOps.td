//===- SpikeTimeOps.td - step-by-step evaluation over time -*- tablegen -*-===//
//
// spike.time_loop runs a body once per time step, with loop-carried state:
// the form that recurrent networks (cycles through neurons) are imported in.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKETIMEOPS_TD
#define SPIKE_DIALECT_SPIKE_IR_SPIKETIMEOPS_TD

include "spike/Dialect/Spike/IR/SpikeDialect.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/LoopLikeInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// The carried state is what the interfaces see: it enters from `initArgs`,
// goes around through the yield's last values and leaves as the last
// results. The per-step time slices (block arguments) and the stacked
// outputs are not forwarded values, like scf.for's induction variable, so
// upstream's loop-invariant code motion and region dataflow analyses (SCCP,
// liveness) see into the loop without misreading them.
def Spike_TimeLoopOp : Spike_Op<"time_loop", [
    AttrSizedOperandSegments, RecursiveMemoryEffects,
    DeclareOpInterfaceMethods<LoopLikeOpInterface,
        ["getInitsMutable", "getRegionIterArgs", "getYieldedValuesMutable",
         "getLoopResults"]>,
    DeclareOpInterfaceMethods<RegionBranchOpInterface,
        ["getEntrySuccessorOperands"]>,
    SingleBlockImplicitTerminator<"::mlir::spike::YieldOp">]> {
  let summary = "evaluates a body once per time step with carried state";
  let description = [{
    Runs its body for t = 0 .. T-1. The body's block arguments are, in order,
    the time slices `inputs[i][t]` (each input is `T x S...`) and the current
    values of the carried state (starting at `initArgs`). Its `spike.yield`
    gives this step's outputs, then the next values of the carried state.
    The results are the outputs stacked over time (`T x ...`), then the
    final carried values.

    Recurrent networks are imported this way: membranes and the values of
    recurrent edges (last step's output of a node, zero at t = 0) are carried
    state, and neurons are single-step (`spike.lif_step`, ...). The lowering
    is an `scf.for` over T.

    Example (a LIF layer whose spikes feed back through a weight):

    ```mlir
    %out, %v, %fb = spike.time_loop ins(%x : tensor<8x1x16xf32>)
        carry(%v0, %fb0 : tensor<1x16xf32>, tensor<1x16xf32>)
        -> (tensor<8x1x16xf32>, tensor<1x16xf32>, tensor<1x16xf32>) {
    ^bb0(%xt: tensor<1x16xf32>, %v: tensor<1x16xf32>, %prev: tensor<1x16xf32>):
      %r = spike.linear %prev, %w : (tensor<1x16xf32>, tensor<16x16xf32>) -> tensor<1x16xf32>
      %in = arith.addf %xt, %r : tensor<1x16xf32>
      %s, %v2 = spike.lif_step %in, %v : tensor<1x16xf32> -> tensor<1x16xi1>
      %sf = arith.uitofp %s : tensor<1x16xi1> to tensor<1x16xf32>
      spike.yield %sf, %v2, %sf : tensor<1x16xf32>, tensor<1x16xf32>, tensor<1x16xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$inputs,
                       Variadic<AnyRankedTensor>:$initArgs);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    (`ins` `(` $inputs^ `:` type($inputs) `)`)?
    (`carry` `(` $initArgs^ `:` type($initArgs) `)`)?
    `->` `(` type($results) `)` $body attr-dict
  }];
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::mlir::TypeRange":$resultTypes,
                   "::mlir::ValueRange":$inputs, "::mlir::ValueRange":$initArgs)>
  ];
  let extraClassDeclaration = [{
    /// Number of per-step outputs (the results before the carried ones).
    unsigned getNumOutputs() {
      unsigned carried = getInitArgs().size();
      return getNumResults() > carried ? getNumResults() - carried : 0;
    }
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
  }];
}

def Spike_YieldOp : Spike_Op<"yield", [
    Pure, Terminator, HasParent<"::mlir::spike::TimeLoopOp">,
    DeclareOpInterfaceMethods<RegionBranchTerminatorOpInterface,
        ["getMutableSuccessorOperands"]>]> {
  let summary = "ends a time step: outputs, then the next carried state";
  let description = [{
    The terminator of `spike.time_loop`; see there.
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let builders = [OpBuilder<(ins), [{ /* nothing to yield */ }]>];
}

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKETIMEOPS_TD
