//===- SpikeAttentionOps.td - softmax-free spiking attention *- tablegen -*-===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKEATTENTIONOPS_TD
#define SPIKE_DIALECT_SPIKE_IR_SPIKEATTENTIONOPS_TD

include "spike/Dialect/Spike/IR/SpikeDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Spike_AttentionOp : Spike_Op<"attention", [Pure]> {
  let summary = "multi-head spiking self-attention without softmax";
  let description = [{
    `q` is `B... x N x D` binary spikes (`i1`), `k` is `B... x N x D` with
    element type `f32` (A²OS²A: ReLU keys) or `i1` (Spikformer SSA), `v` is
    `B... x N x Dv` with element type `i2` (A²OS²A: ternary values) or `i1`
    (SSA). For every head `h` (the `h`-th of `num_heads` equal slices of D and
    Dv):

    ```
    out_h = scale * (q_h · k_hᵀ) · v_h
    ```

    and the heads are concatenated along the last dimension of the `B... x N x
    Dv` f32 result. The element types make every product a selection, so no
    multiplication is needed. With no softmax, `(q kᵀ) v = q (kᵀ v)`: the
    compiler picks the cheaper order from the static shapes.

    Attributes: `num_heads` (positive, divides D and Dv; default 1) and
    `scale` (finite f32, default 1.0; SSA uses 0.125).

    Example (A²OS²A, 8 heads):

    ```mlir
    %o = spike.attention %q, %k, %v {num_heads = 8 : i64}
        : (tensor<4x64x384xi1>, tensor<4x64x384xf32>, tensor<4x64x384xi2>)
          -> tensor<4x64x384xf32>
    ```
  }];
  let arguments = (ins
    Spike_RankedTensor<"i1 (B... x N x D)">:$q,
    Spike_RankedTensor<"f32 or i1 (B... x N x D)">:$k,
    Spike_RankedTensor<"i2 or i1 (B... x N x Dv)">:$v,
    ConfinedAttr<DefaultValuedAttr<I64Attr, "1">, [IntPositive]>:$num_heads,
    DefaultValuedAttr<Spike_F32ScalarAttr, "1.0f">:$scale);
  let results = (outs Spike_RankedTensor<"f32 (B... x N x Dv)">:$output);
  let assemblyFormat = [{
    $q `,` $k `,` $v attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Additions per batch element of each order, counted as if every spike
    /// were set: (q kᵀ) v costs N² (D + Dv), q (kᵀ v) costs 2 N D Dv / heads.
    /// Requires static N, D and Dv; saturates instead of overflowing.
    uint64_t getAdditionCount(::mlir::spike::AttentionOrder order);

    /// The order with fewer additions (ties and dynamic shapes go to
    /// scores_first).
    ::mlir::spike::AttentionOrder getCheaperOrder();

    /// The order fixed by the `spike.attention_order` attribute if present,
    /// else the cheaper one.
    ::mlir::spike::AttentionOrder getEvaluationOrder();
  }];
}

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKEATTENTIONOPS_TD
