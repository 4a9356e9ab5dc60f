// RUN: spike-opt %s | spike-opt | FileCheck %s
// RUN: spike-opt %s --mlir-print-op-generic | spike-opt | FileCheck %s

// Round trip of spike.attention: A²OS²A (i1 q, f32 k, i2 v) and Spikformer
// SSA (i1 q, k and v), one or several heads, batch dimensions.

// A²OS²A with defaults (num_heads = 1, scale = 1.0 elided), no batch.
// CHECK-LABEL: func.func @a2os2a_defaults(
// CHECK-SAME:      %[[Q:.*]]: tensor<64x384xi1>, %[[K:.*]]: tensor<64x384xf32>, %[[V:.*]]: tensor<64x384xi2>)
// CHECK:         %[[O:.*]] = spike.attention %[[Q]], %[[K]], %[[V]] : (tensor<64x384xi1>, tensor<64x384xf32>, tensor<64x384xi2>) -> tensor<64x384xf32>
// CHECK-NEXT:    return %[[O]]
func.func @a2os2a_defaults(%q: tensor<64x384xi1>, %k: tensor<64x384xf32>,
                           %v: tensor<64x384xi2>) -> tensor<64x384xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 1 : i64, scale = 1.0 : f32}
      : (tensor<64x384xi1>, tensor<64x384xf32>, tensor<64x384xi2>)
        -> tensor<64x384xf32>
  return %o : tensor<64x384xf32>
}

// A²OS²A with 8 heads, one batch dimension, Dv != D.
// CHECK-LABEL: func.func @a2os2a_heads(
// CHECK-SAME:      %[[Q:.*]]: tensor<4x64x384xi1>, %[[K:.*]]: tensor<4x64x384xf32>, %[[V:.*]]: tensor<4x64x256xi2>)
// CHECK:         spike.attention %[[Q]], %[[K]], %[[V]] {num_heads = 8 : i64} : (tensor<4x64x384xi1>, tensor<4x64x384xf32>, tensor<4x64x256xi2>) -> tensor<4x64x256xf32>
func.func @a2os2a_heads(%q: tensor<4x64x384xi1>, %k: tensor<4x64x384xf32>,
                        %v: tensor<4x64x256xi2>) -> tensor<4x64x256xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64}
      : (tensor<4x64x384xi1>, tensor<4x64x384xf32>, tensor<4x64x256xi2>)
        -> tensor<4x64x256xf32>
  return %o : tensor<4x64x256xf32>
}

// Spikformer SSA: binary keys and values, scale 0.125, two batch dimensions.
// CHECK-LABEL: func.func @ssa_scale(
// CHECK-SAME:      %[[Q:.*]]: tensor<4x2x16x64xi1>, %[[K:.*]]: tensor<4x2x16x64xi1>, %[[V:.*]]: tensor<4x2x16x64xi1>)
// CHECK:         spike.attention %[[Q]], %[[K]], %[[V]] {num_heads = 8 : i64, scale = 1.250000e-01 : f32} : (tensor<4x2x16x64xi1>, tensor<4x2x16x64xi1>, tensor<4x2x16x64xi1>) -> tensor<4x2x16x64xf32>
func.func @ssa_scale(%q: tensor<4x2x16x64xi1>, %k: tensor<4x2x16x64xi1>,
                     %v: tensor<4x2x16x64xi1>) -> tensor<4x2x16x64xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64, scale = 0.125 : f32}
      : (tensor<4x2x16x64xi1>, tensor<4x2x16x64xi1>, tensor<4x2x16x64xi1>)
        -> tensor<4x2x16x64xf32>
  return %o : tensor<4x2x16x64xf32>
}

// f32 keys with binary values; i1 keys with ternary values.
// CHECK-LABEL: func.func @mixed_kinds(
// CHECK-SAME:      %[[Q:.*]]: tensor<8x32xi1>, %[[KF:.*]]: tensor<8x32xf32>, %[[KB:.*]]: tensor<8x32xi1>, %[[VB:.*]]: tensor<8x16xi1>, %[[VT:.*]]: tensor<8x16xi2>)
// CHECK:         spike.attention %[[Q]], %[[KF]], %[[VB]] {scale = -5.000000e-01 : f32} : (tensor<8x32xi1>, tensor<8x32xf32>, tensor<8x16xi1>) -> tensor<8x16xf32>
// CHECK:         spike.attention %[[Q]], %[[KB]], %[[VT]] {num_heads = 2 : i64} : (tensor<8x32xi1>, tensor<8x32xi1>, tensor<8x16xi2>) -> tensor<8x16xf32>
func.func @mixed_kinds(%q: tensor<8x32xi1>, %kf: tensor<8x32xf32>, %kb: tensor<8x32xi1>,
                       %vb: tensor<8x16xi1>, %vt: tensor<8x16xi2>)
    -> (tensor<8x16xf32>, tensor<8x16xf32>) {
  %o0 = spike.attention %q, %kf, %vb {scale = -0.5 : f32}
      : (tensor<8x32xi1>, tensor<8x32xf32>, tensor<8x16xi1>) -> tensor<8x16xf32>
  %o1 = spike.attention %q, %kb, %vt {num_heads = 2 : i64}
      : (tensor<8x32xi1>, tensor<8x32xi1>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o0, %o1 : tensor<8x16xf32>, tensor<8x16xf32>
}

// Dynamic batch, tokens and features: num_heads is checked only on static
// feature sizes.
// CHECK-LABEL: func.func @dynamic(
// CHECK-SAME:      %[[Q:.*]]: tensor<?x?x?xi1>, %[[K:.*]]: tensor<2x?x48xf32>, %[[V:.*]]: tensor<?x10x?xi2>)
// CHECK:         spike.attention %[[Q]], %[[K]], %[[V]] {num_heads = 3 : i64} : (tensor<?x?x?xi1>, tensor<2x?x48xf32>, tensor<?x10x?xi2>) -> tensor<2x?x?xf32>
func.func @dynamic(%q: tensor<?x?x?xi1>, %k: tensor<2x?x48xf32>,
                   %v: tensor<?x10x?xi2>) -> tensor<2x?x?xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 3 : i64}
      : (tensor<?x?x?xi1>, tensor<2x?x48xf32>, tensor<?x10x?xi2>) -> tensor<2x?x?xf32>
  return %o : tensor<2x?x?xf32>
}
