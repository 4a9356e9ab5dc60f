// RUN: spike-opt %s --spike-reassociate-attention -split-input-file | FileCheck %s
// RUN: spike-opt %s --spike-reassociate-attention=order=kv_first -split-input-file | FileCheck %s --check-prefix=FORCED
// RUN: not spike-opt %s --spike-reassociate-attention=order=bogus 2>&1 | FileCheck %s --check-prefix=BAD

// D = Dv = 384, 8 heads: (q kᵀ) v costs N² · 768 additions, q (kᵀ v) costs
// 2 N · 384 · 384 / 8 = 36864 N; the crossover is at N = 48.

// CHECK-LABEL: func.func @short_sequence(
// CHECK:         spike.attention_order = #spike.attention_order<scores_first>
// FORCED-LABEL:  func.func @short_sequence(
// FORCED:          spike.attention_order = #spike.attention_order<kv_first>
func.func @short_sequence(%q: tensor<32x384xi1>, %k: tensor<32x384xf32>, %v: tensor<32x384xi2>) -> tensor<32x384xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64}
      : (tensor<32x384xi1>, tensor<32x384xf32>, tensor<32x384xi2>) -> tensor<32x384xf32>
  return %o : tensor<32x384xf32>
}

// -----

// CHECK-LABEL: func.func @long_sequence(
// CHECK:         spike.attention_order = #spike.attention_order<kv_first>
func.func @long_sequence(%q: tensor<64x384xi1>, %k: tensor<64x384xf32>, %v: tensor<64x384xi2>) -> tensor<64x384xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64}
      : (tensor<64x384xi1>, tensor<64x384xf32>, tensor<64x384xi2>) -> tensor<64x384xf32>
  return %o : tensor<64x384xf32>
}

// -----

// At the crossover both cost the same: scores_first.
// CHECK-LABEL: func.func @crossover(
// CHECK:         spike.attention_order = #spike.attention_order<scores_first>
func.func @crossover(%q: tensor<48x384xi1>, %k: tensor<48x384xf32>, %v: tensor<48x384xi2>) -> tensor<48x384xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64}
      : (tensor<48x384xi1>, tensor<48x384xf32>, tensor<48x384xi2>) -> tensor<48x384xf32>
  return %o : tensor<48x384xf32>
}

// -----

// An order chosen by hand is kept (unless forced).
// CHECK-LABEL: func.func @chosen_by_hand(
// CHECK:         spike.attention_order = #spike.attention_order<scores_first>
func.func @chosen_by_hand(%q: tensor<4x64x384xi1>, %k: tensor<4x64x384xf32>, %v: tensor<4x64x384xi2>) -> tensor<4x64x384xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64, spike.attention_order = #spike.attention_order<scores_first>}
      : (tensor<4x64x384xi1>, tensor<4x64x384xf32>, tensor<4x64x384xi2>) -> tensor<4x64x384xf32>
  return %o : tensor<4x64x384xf32>
}

// BAD: for the --order option: Cannot find option named 'bogus'!
