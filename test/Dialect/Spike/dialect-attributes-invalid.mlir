// RUN: spike-opt %s -split-input-file -verify-diagnostics

// The dialect's discardable attributes are checked where they appear.

func.func @order_on_wrong_op(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.attention_order' is only valid on spike.attention}}
  %y = spike.relu %x {spike.attention_order = #spike.attention_order<kv_first>} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @order_not_an_order(%q: tensor<4x8xi1>, %k: tensor<4x8xf32>, %v: tensor<4x8xi2>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.attention_order' must be #spike.attention_order<...>}}
  %o = spike.attention %q, %k, %v {spike.attention_order = "kv_first"}
      : (tensor<4x8xi1>, tensor<4x8xf32>, tensor<4x8xi2>) -> tensor<4x8xf32>
  return %o : tensor<4x8xf32>
}

// -----

func.func @unknown(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{unknown spike attribute 'spike.layer'}}
  %y = arith.addf %x, %x {spike.layer = 3 : i32} : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// An unknown evaluation order does not parse.
func.func @bad_order(%q: tensor<4x8xi1>, %k: tensor<4x8xf32>, %v: tensor<4x8xi2>) -> tensor<4x8xf32> {
  // expected-error @+2 {{expected ::mlir::spike::AttentionOrder to be one of: scores_first, kv_first}}
  // expected-error @+1 {{failed to parse Spike_AttentionOrderAttr parameter 'value'}}
  %o = spike.attention %q, %k, %v {spike.attention_order = #spike.attention_order<fastest>}
      : (tensor<4x8xi1>, tensor<4x8xf32>, tensor<4x8xi2>) -> tensor<4x8xf32>
  return %o : tensor<4x8xf32>
}
