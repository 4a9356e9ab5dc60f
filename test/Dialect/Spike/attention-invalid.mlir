// RUN: spike-opt %s -split-input-file -verify-diagnostics

// Every verifier message and ODS constraint of spike.attention.

//===----------------------------------------------------------------------===//
// Element types and ranks
//===----------------------------------------------------------------------===//

func.func @q_not_binary(%q: tensor<8x16xf32>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op q must have element type i1, got 'tensor<8x16xf32>'}}
  %o = spike.attention %q, %k, %v : (tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @q_ternary(%q: tensor<8x16xi2>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op q must have element type i1, got 'tensor<8x16xi2>'}}
  %o = spike.attention %q, %k, %v : (tensor<8x16xi2>, tensor<8x16xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @k_ternary(%q: tensor<8x16xi1>, %k: tensor<8x16xi2>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op k must have element type f32 or i1, got 'tensor<8x16xi2>'}}
  %o = spike.attention %q, %k, %v : (tensor<8x16xi1>, tensor<8x16xi2>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @k_f16(%q: tensor<8x16xi1>, %k: tensor<8x16xf16>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op k must have element type f32 or i1, got 'tensor<8x16xf16>'}}
  %o = spike.attention %q, %k, %v : (tensor<8x16xi1>, tensor<8x16xf16>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

// Real-valued values would need multiplications.
func.func @v_f32(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x16xf32>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op v must have element type i2 or i1, got 'tensor<8x16xf32>'}}
  %o = spike.attention %q, %k, %v : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @output_i1(%q: tensor<8x16xi1>, %k: tensor<8x16xi1>, %v: tensor<8x16xi1>) -> tensor<8x16xi1> {
  // expected-error @+1 {{'spike.attention' op output must have element type f32, got 'tensor<8x16xi1>'}}
  %o = spike.attention %q, %k, %v : (tensor<8x16xi1>, tensor<8x16xi1>, tensor<8x16xi1>) -> tensor<8x16xi1>
  return %o : tensor<8x16xi1>
}

// -----

func.func @q_rank1(%q: tensor<16xi1>, %k: tensor<16xf32>, %v: tensor<16xi2>) -> tensor<16xf32> {
  // expected-error @+1 {{'spike.attention' op q must have rank >= 2 (B... x N x D), got 'tensor<16xi1>'}}
  %o = spike.attention %q, %k, %v : (tensor<16xi1>, tensor<16xf32>, tensor<16xi2>) -> tensor<16xf32>
  return %o : tensor<16xf32>
}

// -----

func.func @k_unranked(%q: tensor<8x16xi1>, %k: tensor<*xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op operand #1 must be ranked tensor of f32 or i1 (B... x N x D), but got 'tensor<*xf32>'}}
  %o = "spike.attention"(%q, %k, %v) : (tensor<8x16xi1>, tensor<*xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @result_vector(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> vector<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op result #0 must be ranked tensor of f32 (B... x N x Dv), but got 'vector<8x16xf32>'}}
  %o = "spike.attention"(%q, %k, %v) : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x16xi2>) -> vector<8x16xf32>
  return %o : vector<8x16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

func.func @k_feature_mismatch(%q: tensor<8x16xi1>, %k: tensor<8x32xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op k has shape [8, 32], expected [8, 16]}}
  %o = spike.attention %q, %k, %v : (tensor<8x16xi1>, tensor<8x32xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @k_tokens_mismatch(%q: tensor<2x8x16xi1>, %k: tensor<2x9x16xf32>, %v: tensor<2x8x16xi2>) -> tensor<2x8x16xf32> {
  // expected-error @+1 {{'spike.attention' op k has shape [2, 9, 16], expected [2, 8, 16]}}
  %o = spike.attention %q, %k, %v : (tensor<2x8x16xi1>, tensor<2x9x16xf32>, tensor<2x8x16xi2>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

func.func @k_batch_mismatch(%q: tensor<4x2x8x16xi1>, %k: tensor<4x3x8x16xi1>, %v: tensor<4x2x8x16xi1>) -> tensor<4x2x8x16xf32> {
  // expected-error @+1 {{'spike.attention' op k has shape [4, 3, 8, 16], expected [4, 2, 8, 16]}}
  %o = spike.attention %q, %k, %v : (tensor<4x2x8x16xi1>, tensor<4x3x8x16xi1>, tensor<4x2x8x16xi1>) -> tensor<4x2x8x16xf32>
  return %o : tensor<4x2x8x16xf32>
}

// -----

func.func @k_rank_mismatch(%q: tensor<2x8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<2x8x16xi2>) -> tensor<2x8x16xf32> {
  // expected-error @+1 {{'spike.attention' op k has shape [8, 16], expected [2, 8, 16]}}
  %o = spike.attention %q, %k, %v : (tensor<2x8x16xi1>, tensor<8x16xf32>, tensor<2x8x16xi2>) -> tensor<2x8x16xf32>
  return %o : tensor<2x8x16xf32>
}

// -----

func.func @v_tokens_mismatch(%q: tensor<2x8x16xi1>, %k: tensor<2x8x16xf32>, %v: tensor<2x7x16xi2>) -> tensor<2x7x16xf32> {
  // expected-error @+1 {{'spike.attention' op v has shape [2, 7, 16], expected [2, 8, 16]}}
  %o = spike.attention %q, %k, %v : (tensor<2x8x16xi1>, tensor<2x8x16xf32>, tensor<2x7x16xi2>) -> tensor<2x7x16xf32>
  return %o : tensor<2x7x16xf32>
}

// -----

func.func @v_batch_mismatch(%q: tensor<2x8x16xi1>, %k: tensor<2x8x16xf32>, %v: tensor<3x8x16xi2>) -> tensor<3x8x16xf32> {
  // expected-error @+1 {{'spike.attention' op v has shape [3, 8, 16], expected [2, 8, 16]}}
  %o = spike.attention %q, %k, %v : (tensor<2x8x16xi1>, tensor<2x8x16xf32>, tensor<3x8x16xi2>) -> tensor<3x8x16xf32>
  return %o : tensor<3x8x16xf32>
}

// -----

func.func @v_rank_mismatch(%q: tensor<2x8x16xi1>, %k: tensor<2x8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op v has shape [8, 16], expected [2, 8, ?]}}
  %o = spike.attention %q, %k, %v : (tensor<2x8x16xi1>, tensor<2x8x16xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

// k and v must agree on N even when q leaves it dynamic.
func.func @k_v_tokens_mismatch_dynamic_q(%q: tensor<?x?x?xi1>, %k: tensor<2x5x48xf32>, %v: tensor<2x6x16xi2>) -> tensor<2x6x16xf32> {
  // expected-error @+1 {{'spike.attention' op v has shape [2, 6, 16], expected [2, 5, 16]}}
  %o = spike.attention %q, %k, %v : (tensor<?x?x?xi1>, tensor<2x5x48xf32>, tensor<2x6x16xi2>) -> tensor<2x6x16xf32>
  return %o : tensor<2x6x16xf32>
}

// -----

func.func @k_v_batch_mismatch_dynamic_q(%q: tensor<?x4x8xi1>, %k: tensor<3x4x8xi1>, %v: tensor<2x4x8xi1>) -> tensor<2x4x8xf32> {
  // expected-error @+1 {{'spike.attention' op v has shape [2, 4, 8], expected [3, 4, 8]}}
  %o = spike.attention %q, %k, %v : (tensor<?x4x8xi1>, tensor<3x4x8xi1>, tensor<2x4x8xi1>) -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}

// -----

func.func @output_features(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x32xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op output has shape [8, 16], expected [8, 32]}}
  %o = spike.attention %q, %k, %v : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x32xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

// The output is N x N only for the attention matrix; the op returns N x Dv.
func.func @output_attention_matrix(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x8xf32> {
  // expected-error @+1 {{'spike.attention' op output has shape [8, 8], expected [8, 16]}}
  %o = spike.attention %q, %k, %v : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x16xi2>) -> tensor<8x8xf32>
  return %o : tensor<8x8xf32>
}

// -----

func.func @output_batch(%q: tensor<4x8x16xi1>, %k: tensor<4x8x16xf32>, %v: tensor<4x8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op output has shape [8, 16], expected [4, 8, 16]}}
  %o = spike.attention %q, %k, %v : (tensor<4x8x16xi1>, tensor<4x8x16xf32>, tensor<4x8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

// The output must agree with the batch size that k fixes.
func.func @output_batch_from_k(%q: tensor<?x8x16xi1>, %k: tensor<4x8x16xf32>, %v: tensor<?x8x16xi2>) -> tensor<5x8x16xf32> {
  // expected-error @+1 {{'spike.attention' op output has shape [5, 8, 16], expected [4, 8, 16]}}
  %o = spike.attention %q, %k, %v : (tensor<?x8x16xi1>, tensor<4x8x16xf32>, tensor<?x8x16xi2>) -> tensor<5x8x16xf32>
  return %o : tensor<5x8x16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// num_heads
//===----------------------------------------------------------------------===//

func.func @heads_not_dividing_d(%q: tensor<8x20xi1>, %k: tensor<8x20xf32>, %v: tensor<8x24xi2>) -> tensor<8x24xf32> {
  // expected-error @+1 {{'spike.attention' op attribute 'num_heads' (8) must divide the q/k feature dimension D (20)}}
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64} : (tensor<8x20xi1>, tensor<8x20xf32>, tensor<8x24xi2>) -> tensor<8x24xf32>
  return %o : tensor<8x24xf32>
}

// -----

func.func @heads_not_dividing_dv(%q: tensor<8x24xi1>, %k: tensor<8x24xf32>, %v: tensor<8x20xi2>) -> tensor<8x20xf32> {
  // expected-error @+1 {{'spike.attention' op attribute 'num_heads' (8) must divide the v feature dimension Dv (20)}}
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64} : (tensor<8x24xi1>, tensor<8x24xf32>, tensor<8x20xi2>) -> tensor<8x20xf32>
  return %o : tensor<8x20xf32>
}

// -----

// More heads than features.
func.func @heads_larger_than_d(%q: tensor<8x4xi1>, %k: tensor<8x4xi1>, %v: tensor<8x4xi1>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'spike.attention' op attribute 'num_heads' (8) must divide the q/k feature dimension D (4)}}
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64} : (tensor<8x4xi1>, tensor<8x4xi1>, tensor<8x4xi1>) -> tensor<8x4xf32>
  return %o : tensor<8x4xf32>
}

// -----

// D is fixed by k when q leaves it dynamic.
func.func @heads_not_dividing_d_from_k(%q: tensor<8x?xi1>, %k: tensor<8x48xf32>, %v: tensor<8x?xi2>) -> tensor<8x?xf32> {
  // expected-error @+1 {{'spike.attention' op attribute 'num_heads' (7) must divide the q/k feature dimension D (48)}}
  %o = spike.attention %q, %k, %v {num_heads = 7 : i64} : (tensor<8x?xi1>, tensor<8x48xf32>, tensor<8x?xi2>) -> tensor<8x?xf32>
  return %o : tensor<8x?xf32>
}

// -----

// Dv is fixed by the output when v leaves it dynamic.
func.func @heads_not_dividing_dv_from_output(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x?xi2>) -> tensor<8x10xf32> {
  // expected-error @+1 {{'spike.attention' op attribute 'num_heads' (4) must divide the v feature dimension Dv (10)}}
  %o = spike.attention %q, %k, %v {num_heads = 4 : i64} : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x?xi2>) -> tensor<8x10xf32>
  return %o : tensor<8x10xf32>
}

// -----

func.func @heads_zero(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %o = spike.attention %q, %k, %v {num_heads = 0 : i64} : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @heads_negative(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %o = spike.attention %q, %k, %v {num_heads = -8 : i64} : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @heads_i32(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{attribute 'num_heads' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %o = spike.attention %q, %k, %v {num_heads = 8 : i32} : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// scale
//===----------------------------------------------------------------------===//

func.func @scale_nan(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op attribute 'scale' must be finite}}
  %o = spike.attention %q, %k, %v {scale = 0x7FC00000 : f32} : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @scale_inf(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{'spike.attention' op attribute 'scale' must be finite}}
  %o = spike.attention %q, %k, %v {scale = 0xFF800000 : f32} : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @scale_f64(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{attribute 'scale' failed to satisfy constraint: 32-bit float attribute}}
  %o = spike.attention %q, %k, %v {scale = 1.250000e-01 : f64} : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}

// -----

func.func @scale_dense(%q: tensor<8x16xi1>, %k: tensor<8x16xf32>, %v: tensor<8x16xi2>) -> tensor<8x16xf32> {
  // expected-error @+1 {{attribute 'scale' failed to satisfy constraint: 32-bit float attribute}}
  %o = spike.attention %q, %k, %v {scale = dense<1.0> : tensor<1xf32>} : (tensor<8x16xi1>, tensor<8x16xf32>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}
