//===- SpikeGraphOps.td - batch norm, relu, time helpers ---*- tablegen -*-===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKEGRAPHOPS_TD
#define SPIKE_DIALECT_SPIKE_IR_SPIKEGRAPHOPS_TD

include "spike/Dialect/Spike/IR/SpikeDialect.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Spike_BatchNormOp : Spike_Op<"batch_norm",
    [Pure, AllTypesMatch<["input", "output"]>,
     AllTypesMatch<["gamma", "beta", "mean", "var"]>]> {
  let summary = "batch normalisation, inference form";
  let description = [{
    Normalises `input` along dimension `axis` (negative values count from the
    back, as in NumPy; default 1, PyTorch's channel axis) with per-channel
    running statistics:

    ```
    y = (x - mean) / sqrt(var + epsilon) * gamma + beta
    ```

    `gamma`, `beta`, `mean` and `var` are 1-D f32 tensors of the size of that
    dimension; `epsilon` is a non-negative finite f32 (default 1e-5). A batch
    norm that follows a `spike.linear` or `spike.conv2d` is folded into its
    weights by `--spike-fold-batchnorm`.

    Example (BN over the feature axis of tokens):

    ```mlir
    %y = spike.batch_norm %x, %g, %b, %m, %v {axis = -1 : i64}
        : tensor<4x64x384xf32>, tensor<384xf32>
    ```
  }];
  let arguments = (ins Spike_RankedTensor<"f32">:$input,
                       Spike_RankedTensor<"f32 (C)">:$gamma,
                       Spike_RankedTensor<"f32 (C)">:$beta,
                       Spike_RankedTensor<"f32 (C)">:$mean,
                       Spike_RankedTensor<"f32 (C)">:$var,
                       DefaultValuedAttr<Spike_F32ScalarAttr, "1.0e-5f">:$epsilon,
                       DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Spike_RankedTensor<"f32">:$output);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta `,` $mean `,` $var attr-dict
    `:` type($input) `,` type($gamma)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// `axis` as a non-negative dimension index.
    int64_t getNormalizedAxis() {
      auto axis = static_cast<int64_t>(getAxis());
      return axis < 0 ? axis + getInput().getType().getRank() : axis;
    }
  }];
}

def Spike_ReLUOp : Spike_Op<"relu", [Pure, SameOperandsAndResultType]> {
  let summary = "rectified linear unit max(x, 0)";
  let description = [{
    Elementwise `max(x, 0)` on f32 (A²OS²A produces its keys `K` this way).
    Folds away on values that cannot be negative (another relu, spikes
    converted to f32 with `arith.uitofp`) and on constants.

    Example:

    ```mlir
    %k = spike.relu %x : tensor<4x64x384xf32>
    ```
  }];
  let arguments = (ins Spike_RankedTensor<"f32">:$input);
  let results = (outs Spike_RankedTensor<"f32">:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Spike_RepeatOp : Spike_Op<"repeat", [Pure]> {
  let summary = "adds a leading time dimension (direct encoding)";
  let description = [{
    Repeats `input` (`S...`, element type i1, i2 or f32) `timesteps` times
    along a new leading dimension: the result is `timesteps x S...` with the
    same element type. This is the direct encoding of a static input (an
    image shown at every time step).

    Example:

    ```mlir
    %xt = spike.repeat %img {timesteps = 4 : i64}
        : tensor<1x3x32x32xf32> -> tensor<4x1x3x32x32xf32>
    ```
  }];
  let arguments = (ins Spike_RankedTensor<"i1, i2 or f32 (S...)">:$input,
                       ConfinedAttr<I64Attr, [IntPositive]>:$timesteps);
  let results = (outs Spike_RankedTensor<"i1, i2 or f32 (T x S...)">:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Spike_MeanTimeOp : Spike_Op<"mean_time", [Pure]> {
  let summary = "average over the time dimension";
  let description = [{
    Averages `input` (`T x S...`, element type i1, i2 or f32) over dimension
    0; the result is `S...` f32. On spikes this is the firing rate. A
    `spike.mean_time` of a `spike.repeat` canonicalizes to the repeated value
    (converted to f32 for spikes).

    Example:

    ```mlir
    %logits = spike.mean_time %y : tensor<4x1x10xf32> -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Spike_RankedTensor<"i1, i2 or f32 (T x S...)">:$input);
  let results = (outs Spike_RankedTensor<"f32 (S...)">:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKEGRAPHOPS_TD
