//===- SpikeSynapseOps.td - linear and conv2d synapses -----*- tablegen -*-===//
//
// Synapses take binary (i1), ternary (i2) or real (f32) input and produce f32.
// On spike input they need additions only.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKESYNAPSEOPS_TD
#define SPIKE_DIALECT_SPIKE_IR_SPIKESYNAPSEOPS_TD

include "spike/Dialect/Spike/IR/SpikeDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Spike_LinearOp : Spike_Op<"linear", [Pure]> {
  let summary = "fully connected synapse y = W x + b";
  let description = [{
    `input` is `B... x K` with element type `i1` (binary spikes: the weight
    columns of the set bits are accumulated), `i2` (ternary spikes: added for
    +1, subtracted for -1) or `f32` (an ordinary multiply-accumulate, for a
    real-valued first layer). `weight` is `M x K` f32 (PyTorch layout),
    the optional `bias` is `M` f32; the result is `B... x M` f32.

    Example:

    ```mlir
    %y = spike.linear %s, %w, %b
        : (tensor<4x64x384xi1>, tensor<1536x384xf32>, tensor<1536xf32>)
          -> tensor<4x64x1536xf32>
    ```
  }];
  let arguments = (ins Spike_RankedTensor<"i1, i2 or f32 (B... x K)">:$input,
                       Spike_RankedTensor<"f32 (M x K)">:$weight,
                       Optional<Spike_RankedTensor<"f32 (M)">>:$bias);
  let results = (outs Spike_RankedTensor<"f32 (B... x M)">:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Spike_Conv2dOp : Spike_Op<"conv2d", [Pure]> {
  let summary = "2-D convolution synapse (PyTorch semantics, NCHW)";
  let description = [{
    `input` is `B... x C x H x W` with element type `i1`, `i2` or `f32` (as for
    `spike.linear`), `weight` is `O x C/groups x KH x KW` f32 and the optional
    `bias` is `O` f32. The result is `B... x O x H' x W'` f32 with

    ```
    H' = (H + pad_top + pad_bottom - dilation_h * (KH - 1) - 1) / stride_h + 1
    W' = (W + pad_left + pad_right - dilation_w * (KW - 1) - 1) / stride_w + 1
    ```

    Attributes: `strides` (2 positive values, default [1, 1]), `padding`
    (top, left, bottom, right; non-negative zero padding, default 0),
    `dilations` (2 positive values, default [1, 1]) and `groups` (divides C
    and O, default 1).

    Example:

    ```mlir
    %y = spike.conv2d %s, %w {padding = array<i64: 1, 1, 1, 1>,
                              strides = array<i64: 2, 2>}
        : (tensor<4x1x64x32x32xi1>, tensor<128x64x3x3xf32>)
          -> tensor<4x1x128x16x16xf32>
    ```
  }];
  let arguments = (ins
    Spike_RankedTensor<"i1, i2 or f32 (B... x C x H x W)">:$input,
    Spike_RankedTensor<"f32 (O x C/groups x KH x KW)">:$weight,
    Optional<Spike_RankedTensor<"f32 (O)">>:$bias,
    ConfinedAttr<DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">,
                 [DenseArrayCount<2>, DenseArrayStrictlyPositive<DenseI64ArrayAttr>]>:$strides,
    ConfinedAttr<DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">,
                 [DenseArrayCount<4>, DenseArrayNonNegative<DenseI64ArrayAttr>]>:$padding,
    ConfinedAttr<DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">,
                 [DenseArrayCount<2>, DenseArrayStrictlyPositive<DenseI64ArrayAttr>]>:$dilations,
    ConfinedAttr<DefaultValuedAttr<I64Attr, "1">, [IntPositive]>:$groups);
  let results = (outs Spike_RankedTensor<"f32 (B... x O x H' x W')">:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKESYNAPSEOPS_TD
