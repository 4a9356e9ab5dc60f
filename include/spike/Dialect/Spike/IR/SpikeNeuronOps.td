//===- SpikeNeuronOps.td - multi-step neuron ops -----------*- tablegen -*-===//
//
// lif, ternary_lif and leaky_integrate: dimension 0 of operand and result is
// time; the membrane state starts at v_init before t = 0.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKENEURONOPS_TD
#define SPIKE_DIALECT_SPIKE_IR_SPIKENEURONOPS_TD

include "spike/Dialect/Spike/IR/SpikeDialect.td"
include "spike/Dialect/Spike/IR/SpikeEnums.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Spike_LIFOp : Spike_Op<"lif", [Pure]> {
  let summary = "binary leaky integrate-and-fire neuron over T time steps";
  let description = [{
    Integrates `input` (`T x S...`, f32) step by step and emits binary spikes
    of the same shape. With the membrane `v[-1] = v_init`:

    ```
    h[t] = decay * v[t-1] + gain * x[t] + bias
    s[t] = h[t] >= v_threshold          (compare = ge)  or  h[t] > v_threshold (compare = gt)
    v[t] = s[t] ? v_reset : h[t]        (reset = hard)
    v[t] = h[t] - s[t] * v_threshold    (reset = soft)
    v[t] = h[t]                         (reset = none)
    ```

    Every parameter is an f32 scalar or dense f32 elements broadcastable (NumPy
    rules) to `S...`, giving per-neuron values; all must be finite. The
    defaults (decay 0.5, gain 0.5, bias 0, v_threshold 1, v_reset 0, v_init 0,
    ge, hard) are SpikingJelly's LIF with tau = 2 and a hard reset to 0.

    Example:

    ```mlir
    %s = spike.lif %x {v_threshold = 5.000000e-01 : f32,
                       reset = #spike.reset<soft>}
        : tensor<4x2x64xf32> -> tensor<4x2x64xi1>
    %p = spike.lif %y {decay = dense<[0.5, 0.75, 0.875]> : tensor<3xf32>,
                       compare = #spike.compare<gt>}
        : tensor<8x3xf32> -> tensor<8x3xi1>
    ```
  }];
  let arguments = (ins
    Spike_RankedTensor<"f32 (T x S...)">:$input,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$decay,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$gain,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$bias,
    DefaultValuedAttr<Spike_NeuronParamAttr, "1.0f">:$v_threshold,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$v_reset,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$v_init,
    DefaultValuedAttr<Spike_CompareModeAttr,
                      "::mlir::spike::CompareMode::ge">:$compare,
    DefaultValuedAttr<Spike_ResetModeAttr,
                      "::mlir::spike::ResetMode::hard">:$reset);
  let results = (outs Spike_RankedTensor<"i1 (T x S...)">:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Spike_TernaryLIFOp : Spike_Op<"ternary_lif", [Pure]> {
  let summary = "ternary leaky integrate-and-fire neuron (spikes in {-1, 0, +1})";
  let description = [{
    Like `spike.lif`, but fires +1 above the threshold and -1 below its
    negation; the result has element type `i2`:

    ```
    h[t] = decay * v[t-1] + gain * x[t] + bias
    s[t] = +1 if h[t] >= v_threshold;  -1 if h[t] <= -v_threshold;  0 otherwise
    v[t] = s[t] != 0 ? v_reset : h[t]   (reset = hard)
    v[t] = h[t] - s[t] * v_threshold    (reset = soft)
    v[t] = h[t]                         (reset = none)
    ```

    Same parameters and defaults as `spike.lif` (there is no `compare`);
    `v_threshold` must be positive so that the two firing regions are
    disjoint. A²OS²A produces its values `V` with this neuron.

    Example:

    ```mlir
    %v = spike.ternary_lif %x {reset = #spike.reset<soft>}
        : tensor<4x64x384xf32> -> tensor<4x64x384xi2>
    ```
  }];
  let arguments = (ins
    Spike_RankedTensor<"f32 (T x S...)">:$input,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$decay,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$gain,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$bias,
    DefaultValuedAttr<Spike_NeuronParamAttr, "1.0f">:$v_threshold,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$v_reset,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$v_init,
    DefaultValuedAttr<Spike_ResetModeAttr,
                      "::mlir::spike::ResetMode::hard">:$reset);
  let results = (outs Spike_RankedTensor<"i2 (T x S...)">:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Spike_LeakyIntegrateOp : Spike_Op<"leaky_integrate", [Pure]> {
  let summary = "non-spiking leaky integrator over T time steps";
  let description = [{
    The membrane trace of a neuron that never fires (NIR LI, the synaptic
    current stage of NIR CubaLIF, readout layers), with `v[-1] = v_init`:

    ```
    v[t] = decay * v[t-1] + gain * x[t] + bias
    ```

    Parameters as for `spike.lif` (scalar or per-neuron, finite), same
    defaults. The result is `v`, with the shape of the input.

    Example:

    ```mlir
    %i = spike.leaky_integrate %x {decay = 9.000000e-01 : f32,
                                   gain = 1.000000e+00 : f32}
        : tensor<16x1x10xf32> -> tensor<16x1x10xf32>
    ```
  }];
  let arguments = (ins
    Spike_RankedTensor<"f32 (T x S...)">:$input,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$decay,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$gain,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$bias,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$v_init);
  let results = (outs Spike_RankedTensor<"f32 (T x S...)">:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Single-step neurons (inside spike.time_loop)
//===----------------------------------------------------------------------===//

def Spike_LIFStepOp : Spike_Op<"lif_step",
    [Pure, AllTypesMatch<["input", "v", "v_next"]>]> {
  let summary = "one time step of a binary LIF neuron with explicit membrane";
  let description = [{
    One step of `spike.lif`: from the input `input` and the membrane `v`
    (both `S...` f32) computes the spikes and the membrane after the reset,
    with the attributes and rules of `spike.lif` (parameters broadcast to the
    trailing dimensions of `S...`). Used in `spike.time_loop`, which carries
    the membrane from step to step; the initial membrane is the loop's init.

    ```mlir
    %s, %v2 = spike.lif_step %x, %v {v_threshold = 5.000000e-01 : f32}
        : tensor<1x16xf32> -> tensor<1x16xi1>
    ```
  }];
  let arguments = (ins
    Spike_RankedTensor<"f32 (S...)">:$input,
    Spike_RankedTensor<"f32 (S...)">:$v,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$decay,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$gain,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$bias,
    DefaultValuedAttr<Spike_NeuronParamAttr, "1.0f">:$v_threshold,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$v_reset,
    DefaultValuedAttr<Spike_CompareModeAttr,
                      "::mlir::spike::CompareMode::ge">:$compare,
    DefaultValuedAttr<Spike_ResetModeAttr,
                      "::mlir::spike::ResetMode::hard">:$reset);
  let results = (outs Spike_RankedTensor<"i1 (S...)">:$output,
                      Spike_RankedTensor<"f32 (S...)">:$v_next);
  let assemblyFormat = [{
    $input `,` $v attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Spike_TernaryLIFStepOp : Spike_Op<"ternary_lif_step",
    [Pure, AllTypesMatch<["input", "v", "v_next"]>]> {
  let summary = "one time step of a ternary LIF neuron with explicit membrane";
  let description = [{
    One step of `spike.ternary_lif` (see `spike.lif_step`).

    ```mlir
    %s, %v2 = spike.ternary_lif_step %x, %v : tensor<1x16xf32> -> tensor<1x16xi2>
    ```
  }];
  let arguments = (ins
    Spike_RankedTensor<"f32 (S...)">:$input,
    Spike_RankedTensor<"f32 (S...)">:$v,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$decay,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$gain,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$bias,
    DefaultValuedAttr<Spike_NeuronParamAttr, "1.0f">:$v_threshold,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$v_reset,
    DefaultValuedAttr<Spike_ResetModeAttr,
                      "::mlir::spike::ResetMode::hard">:$reset);
  let results = (outs Spike_RankedTensor<"i2 (S...)">:$output,
                      Spike_RankedTensor<"f32 (S...)">:$v_next);
  let assemblyFormat = [{
    $input `,` $v attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Spike_LeakyIntegrateStepOp : Spike_Op<"leaky_integrate_step",
    [Pure, AllTypesMatch<["input", "v", "v_next"]>]> {
  let summary = "one time step of a leaky integrator with explicit membrane";
  let description = [{
    One step of `spike.leaky_integrate`: `v_next = decay * v + gain * x + bias`.

    ```mlir
    %v2 = spike.leaky_integrate_step %x, %v {decay = 9.000000e-01 : f32} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins
    Spike_RankedTensor<"f32 (S...)">:$input,
    Spike_RankedTensor<"f32 (S...)">:$v,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$decay,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.5f">:$gain,
    DefaultValuedAttr<Spike_NeuronParamAttr, "0.0f">:$bias);
  let results = (outs Spike_RankedTensor<"f32 (S...)">:$v_next);
  let assemblyFormat = "$input `,` $v attr-dict `:` type($input)";
  let hasVerifier = 1;
}

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKENEURONOPS_TD
