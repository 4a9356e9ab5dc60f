//===- SpikePoolOps.td - 2-D pooling ops --------------------*- tablegen -*-===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKEPOOLOPS_TD
#define SPIKE_DIALECT_SPIKE_IR_SPIKEPOOLOPS_TD

include "spike/Dialect/Spike/IR/SpikeDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

/// Common operands and attributes of the 2-D pools: `input` is
/// `B... x C x H x W`, the result `B... x C x H' x W'`.
class Spike_Pool2dOp<string mnemonic, string resultWhat>
    : Spike_Op<mnemonic, [Pure]> {
  let arguments = (ins
    Spike_RankedTensor<"i1 or f32 (B... x C x H x W)">:$input,
    ConfinedAttr<DenseI64ArrayAttr,
                 [DenseArrayCount<2>, DenseArrayStrictlyPositive<DenseI64ArrayAttr>]>:$kernel,
    OptionalAttr<ConfinedAttr<DenseI64ArrayAttr,
                 [DenseArrayCount<2>, DenseArrayStrictlyPositive<DenseI64ArrayAttr>]>>:$strides,
    ConfinedAttr<DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">,
                 [DenseArrayCount<4>, DenseArrayNonNegative<DenseI64ArrayAttr>]>:$padding);
  let results = (outs Spike_RankedTensor<resultWhat # " (B... x C x H' x W')">:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The window step: `strides` when given, else the kernel size (PyTorch).
    ::llvm::SmallVector<int64_t, 2> getEffectiveStrides() {
      if (auto strides = getStrides())
        return ::llvm::SmallVector<int64_t, 2>(*strides);
      return ::llvm::SmallVector<int64_t, 2>(getKernel());
    }
  }];
  string commonDescription = [{
    `input` is `B... x C x H x W`; the window is `kernel` (2 positive values),
    moved by `strides` (2 positive values; when absent, the kernel size, as in
    PyTorch), over the input padded by `padding` (top, left, bottom, right;
    non-negative). The output size is

    ```
    H' = (H + pad_top + pad_bottom - KH) / stride_h + 1
    W' = (W + pad_left + pad_right - KW) / stride_w + 1
    ```
  }];
}

def Spike_MaxPool2dOp : Spike_Pool2dOp<"maxpool2d", "i1 or f32"> {
  let summary = "2-D max pooling; on binary spikes a bitwise OR";
  let description = commonDescription # [{

    The result has the input's element type. On `i1` spikes the maximum of a
    window is the OR of its bits and padding is 0; on `f32` padding is -inf
    (it never wins), so every window must overlap the input.

    Example:

    ```mlir
    %p = spike.maxpool2d %s {kernel = array<i64: 3, 3>,
                             strides = array<i64: 2, 2>,
                             padding = array<i64: 1, 1, 1, 1>}
        : tensor<4x1x64x32x32xi1> -> tensor<4x1x64x16x16xi1>
    ```
  }];
}

def Spike_AvgPool2dOp : Spike_Pool2dOp<"avgpool2d", "f32"> {
  let summary = "2-D average pooling (zero padding counted, as NIR AvgPool2d)";
  let description = commonDescription # [{

    Each output is the sum of its window divided by `KH * KW`; padded
    positions count as zeros (PyTorch `count_include_pad = True`, NIR
    AvgPool2d). Spike input (`i1`) gives firing fractions. The result is f32.

    Example:

    ```mlir
    %p = spike.avgpool2d %x {kernel = array<i64: 2, 2>}
        : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
    ```
  }];
}

def Spike_SumPool2dOp : Spike_Pool2dOp<"sumpool2d", "f32"> {
  let summary = "2-D sum pooling (NIR SumPool2d)";
  let description = commonDescription # [{

    Each output is the sum of its window (zero padding); on spike input
    (`i1`) the count of spikes in the window. The result is f32.

    Example:

    ```mlir
    %p = spike.sumpool2d %s {kernel = array<i64: 2, 2>}
        : tensor<8x1x16x34x34xi1> -> tensor<8x1x16x17x17xf32>
    ```
  }];
}

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKEPOOLOPS_TD
