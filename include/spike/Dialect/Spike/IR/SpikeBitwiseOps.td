//===- SpikeBitwiseOps.td - bitwise ops on spikes ----------*- tablegen -*-===//
//
// The spike-driven attention primitives (SPEC section 3): the Hadamard
// product of binary spikes (spike.and) and the number of spikes along
// dimensions (spike.count). Both lower to word-wide bit operations on the
// packed spikes.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKEBITWISEOPS_TD
#define SPIKE_DIALECT_SPIKE_IR_SPIKEBITWISEOPS_TD

include "spike/Dialect/Spike/IR/SpikeDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Spike_AndOp : Spike_Op<"and", [Pure, Commutative]> {
  let summary = "Hadamard product (bitwise AND) of binary spikes, broadcasting";
  let description = [{
    The elementwise AND of two binary spike tensors (`i1`): the Hadamard
    product of spikes, as in spike-driven self-attention
    (`q AND lif(count(k AND v))`) and Q-K attention. `lhs` and `rhs` are broadcast against each other as in NumPy:
    their shapes are aligned at the innermost dimension (the ranks may
    differ), and in every dimension the sizes must be equal or one of them
    must be 1. The result is `i1` of the broadcast shape.

    The lowering ANDs the packed 64-bit words of both operands; an operand
    whose innermost size 1 is broadcast becomes a word mask of all ones or
    all zeros, and outer dimensions of size 1 are broadcast by the indexing
    of the words.

    Folds: `and(x, x) = x`; an all-zero splat constant operand gives zeros;
    an all-one splat constant operand gives the other operand when that has
    the result's type.

    Example (a per-token mask broadcast over 196 tokens of 48 channels):

    ```mlir
    %r = spike.and %a, %b : tensor<4x2x8x1x48xi1>, tensor<4x2x8x196x48xi1>
        -> tensor<4x2x8x196x48xi1>
    ```
  }];
  let arguments = (ins Spike_RankedTensor<"i1 (S1...)">:$lhs,
                       Spike_RankedTensor<"i1 (S2...)">:$rhs);
  let results = (outs Spike_RankedTensor<"i1 (broadcast of S1 and S2)">:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($output)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Spike_CountOp : Spike_Op<"count", [Pure]> {
  let summary = "number of spikes (sum of ternary spikes) along dimensions";
  let description = [{
    Sums `input` (`S...`, binary `i1` or ternary `i2` spikes) along the
    dimensions `dims`: for `i1` the number of set spikes, for `i2` the sum of
    the -1/+1 values. `dims` is a non-empty list of dimension indices in
    `[0, rank)`, strictly increasing (sorted, no repeats). Every reduced
    dimension is kept with size 1, so the f32 result has the input's rank.

    Counts are exact integers, converted to f32 once (exact up to 2^24).
    The lowering sums popcounts of the packed words when the innermost
    dimension is reduced, and extracts the bit of every lane (no unpacking
    to floats) when only outer dimensions are.

    A count over dimensions that all have size 1 canonicalizes to
    `arith.uitofp` (`i1`) or `arith.sitofp` (`i2`) of the input; the count
    of a splat constant folds to a constant.

    Example (spikes per channel over 196 tokens, spike-driven
    self-attention):

    ```mlir
    %c = spike.count %x {dims = array<i64: 3>}
        : tensor<4x2x8x196x48xi1> -> tensor<4x2x8x1x48xf32>
    ```
  }];
  let arguments = (ins Spike_RankedTensor<"i1 or i2 (S...)">:$input,
                       DenseI64ArrayAttr:$dims);
  let results = (outs Spike_RankedTensor<"f32 (S... with size 1 in dims)">:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKEBITWISEOPS_TD
