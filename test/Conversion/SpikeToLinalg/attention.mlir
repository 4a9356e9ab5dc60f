// RUN: spike-opt %s --convert-spike-to-linalg --canonicalize --cse -split-input-file | FileCheck %s

// (q kᵀ) v: scores [N, N] from the bits of q_h and the rows of k_hᵀ, then
// the value spikes re-packed along the tokens select rows of scoresᵀ (added
// for +1, subtracted for -1). One loop iteration per (batch element, head)
// pair; nothing is multiplied.
// CHECK-LABEL: func.func @scores_first(
// CHECK-NOT:     arith.mulf
// CHECK:         scf.for %[[I:.*]] = %c0 to %c4
// CHECK:           %[[B:.*]] = arith.divui %[[I]], %c2
// CHECK:           %[[H:.*]] = arith.remui %[[I]], %c2
// CHECK:           %[[BEGIN:.*]] = arith.muli %[[H]], %c32
// CHECK-COUNT-3:   scf.while
// CHECK:           tensor.insert_slice %{{.*}} into %{{.*}}[%[[B]], 0, %[[BEGIN]]] [1, 16, 32]
// CHECK-NOT:     arith.mulf
// CHECK:         return
func.func @scores_first(%q: tensor<2x16x64xi1>, %k: tensor<2x16x64xf32>, %v: tensor<2x16x64xi2>) -> tensor<2x16x64xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 2 : i64, spike.attention_order = #spike.attention_order<scores_first>}
      : (tensor<2x16x64xi1>, tensor<2x16x64xf32>, tensor<2x16x64xi2>) -> tensor<2x16x64xf32>
  return %o : tensor<2x16x64xf32>
}

// -----

// q (kᵀ v): kvᵀ [Dv/h, D/h] from the token-packed values and the rows of
// k_h, then the bits of q_h select rows of kv.
// CHECK-LABEL: func.func @kv_first(
// CHECK-NOT:     arith.mulf
// CHECK:         linalg.transpose {{.*}} outs(%{{.*}} : tensor<16x128xi8>)
// CHECK:         scf.while
// CHECK:           vector.transfer_read {{.*}} : tensor<128x16xf32>, vector<8xf32>
// CHECK:           arith.addf
// CHECK:         scf.while
// CHECK:           arith.subf
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<16x16xf32>)
// CHECK:         scf.while
// CHECK:           vector.transfer_read {{.*}} : tensor<16x16xf32>, vector<8xf32>
// CHECK-NOT:     arith.mulf
// CHECK:         return
func.func @kv_first(%q: tensor<128x16xi1>, %k: tensor<128x16xf32>, %v: tensor<128x16xi2>) -> tensor<128x16xf32> {
  %o = spike.attention %q, %k, %v {spike.attention_order = #spike.attention_order<kv_first>}
      : (tensor<128x16xi1>, tensor<128x16xf32>, tensor<128x16xi2>) -> tensor<128x16xf32>
  return %o : tensor<128x16xf32>
}

// -----

// Spikformer SSA: binary keys are unpacked to 0.0/1.0 rows, binary values
// need one plane; the scale multiplies the accumulated result only.
// CHECK-LABEL: func.func @ssa(
// CHECK:         arith.uitofp
// CHECK-COUNT-2: scf.while
// CHECK:         arith.mulf %{{.*}}, %cst{{.*}} : f32
func.func @ssa(%q: tensor<8x16xi1>, %k: tensor<8x16xi1>, %v: tensor<8x16xi1>) -> tensor<8x16xf32> {
  %o = spike.attention %q, %k, %v {scale = 1.250000e-01 : f32}
      : (tensor<8x16xi1>, tensor<8x16xi1>, tensor<8x16xi1>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}
