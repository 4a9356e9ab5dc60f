//===- Passes.td - spike-level transformations -------------*- tablegen -*-===//

#ifndef SPIKE_DIALECT_SPIKE_TRANSFORMS_PASSES_TD
#define SPIKE_DIALECT_SPIKE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def SpikeFoldBatchNorm : Pass<"spike-fold-batchnorm"> {
  let summary = "Fold a batch norm into the linear or conv2d that feeds it";
  let description = [{
    Rewrites `spike.batch_norm(spike.linear(x, W, b))` (and the same with
    `spike.conv2d`) into a single synapse with

    ```
    scale = gamma / sqrt(var + epsilon)
    W'    = W * scale        (per output row / output channel)
    b'    = (b - mean) * scale + beta        (b = 0 when absent)
    ```

    when the batch norm normalises the synapse's output-feature axis (the
    last one for linear, the channel axis for conv2d) and is the synapse's
    only user. A batch norm on a `tensor.collapse_shape` of a synapse (a
    conv1d imported as a conv2d of height 1) first moves above the collapse
    when its axis is not merged. Constant operands fold at compile time (in double precision,
    rounded once to f32); otherwise the new weights are computed on tensors
    ahead of the synapse.

    Example:

    ```mlir
    %y = spike.linear %s, %w : (tensor<8x16xi1>, tensor<4x16xf32>) -> tensor<8x4xf32>
    %z = spike.batch_norm %y, %g, %b, %m, %v {axis = -1 : i64}
        : tensor<8x4xf32>, tensor<4xf32>
    // becomes
    %z = spike.linear %s, %w2, %b2
        : (tensor<8x16xi1>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<8x4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

def SpikeReassociateAttention : Pass<"spike-reassociate-attention"> {
  let summary = "Choose the cheaper evaluation order of each spike.attention";
  let description = [{
    Without softmax, `(q kᵀ) v = q (kᵀ v)`. Per batch element the first
    order costs N² (D + Dv) additions, the second 2 N D Dv / heads. This pass
    writes the chosen order into the `spike.attention_order` attribute,
    which `--convert-spike-to-linalg` follows:

    ```mlir
    %o = spike.attention %q, %k, %v {num_heads = 8 : i64,
                                     spike.attention_order = #spike.attention_order<kv_first>}
        : (...) -> tensor<4x64x384xf32>
    ```

    With `order=auto` (the default) attentions that already carry the
    attribute keep it, and attentions with dynamic shapes get
    `scores_first`; `order=scores_first` or `order=kv_first` forces one.
  }];
  let options = [
    Option<"order", "order", "::mlir::spike::AttentionOrderPolicy",
           /*default=*/"::mlir::spike::AttentionOrderPolicy::automatic",
           "auto (cheaper order from the static shapes), scores_first or kv_first",
           "::mlir::spike::attentionOrderPolicyValues()">
  ];
}

def SpikeDenseSynapses : Pass<"spike-dense-synapses"> {
  let summary = "Feed every synapse and attention its spikes as dense f32";
  let description = [{
    The baseline that shows what bitmask accumulation buys: every
    `spike.linear` and `spike.conv2d` on spikes gets them as 0.0/1.0 floats
    (`arith.uitofp`; ternary -1.0/0.0/1.0 through `arith.sitofp`) and so
    lowers to `linalg.matmul` (after an im2col for conv2d), and every
    `spike.attention` becomes batched matmuls over its heads on f32 q, k
    and v, in its `spike.attention_order` (then the scale). Neurons and
    pools are unchanged. The results equal the bitmask lowering's up to
    the order of float additions.

    ```mlir
    %y = spike.linear %s, %w : (tensor<8x16xi1>, tensor<4x16xf32>) -> tensor<8x4xf32>
    // becomes
    %f = arith.uitofp %s : tensor<8x16xi1> to tensor<8x16xf32>
    %y = spike.linear %f, %w : (tensor<8x16xf32>, tensor<4x16xf32>) -> tensor<8x4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // SPIKE_DIALECT_SPIKE_TRANSFORMS_PASSES_TD
