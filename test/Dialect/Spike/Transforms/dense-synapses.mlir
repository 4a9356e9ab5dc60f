// RUN: spike-opt %s --spike-dense-synapses -split-input-file | FileCheck %s

// Binary spikes become 0.0/1.0 floats (arith.uitofp) and the linear runs on
// them; weight and bias are untouched.
// CHECK-LABEL: func.func @linear_binary(
// CHECK-SAME:      %[[S:.*]]: tensor<8x16xi1>, %[[W:.*]]: tensor<4x16xf32>, %[[B:.*]]: tensor<4xf32>
// CHECK:         %[[F:.*]] = arith.uitofp %[[S]] : tensor<8x16xi1> to tensor<8x16xf32>
// CHECK:         %[[Y:.*]] = spike.linear %[[F]], %[[W]], %[[B]] : (tensor<8x16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<8x4xf32>
// CHECK:         return %[[Y]]
func.func @linear_binary(%s: tensor<8x16xi1>, %w: tensor<4x16xf32>, %b: tensor<4xf32>) -> tensor<8x4xf32> {
  %y = spike.linear %s, %w, %b : (tensor<8x16xi1>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

// -----

// Ternary spikes become -1.0/0.0/1.0 (arith.sitofp, not uitofp: -1 is 0b11).
// CHECK-LABEL: func.func @linear_ternary(
// CHECK-SAME:      %[[S:.*]]: tensor<4x2x16xi2>, %[[W:.*]]: tensor<4x16xf32>
// CHECK-NOT:     arith.uitofp
// CHECK:         %[[F:.*]] = arith.sitofp %[[S]] : tensor<4x2x16xi2> to tensor<4x2x16xf32>
// CHECK:         %[[Y:.*]] = spike.linear %[[F]], %[[W]] : (tensor<4x2x16xf32>, tensor<4x16xf32>) -> tensor<4x2x4xf32>
// CHECK:         return %[[Y]]
func.func @linear_ternary(%s: tensor<4x2x16xi2>, %w: tensor<4x16xf32>) -> tensor<4x2x4xf32> {
  %y = spike.linear %s, %w : (tensor<4x2x16xi2>, tensor<4x16xf32>) -> tensor<4x2x4xf32>
  return %y : tensor<4x2x4xf32>
}

// -----

// conv2d on spikes likewise; its attributes are kept.
// CHECK-LABEL: func.func @conv2d_binary(
// CHECK-SAME:      %[[S:.*]]: tensor<2x3x8x8xi1>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>
// CHECK:         %[[F:.*]] = arith.uitofp %[[S]] : tensor<2x3x8x8xi1> to tensor<2x3x8x8xf32>
// CHECK:         %[[Y:.*]] = spike.conv2d %[[F]], %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
// CHECK:         return %[[Y]]
func.func @conv2d_binary(%s: tensor<2x3x8x8xi1>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<2x4x4x4xf32> {
  %y = spike.conv2d %s, %w, %b {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<2x3x8x8xi1>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_ternary(
// CHECK-SAME:      %[[S:.*]]: tensor<1x2x4x4xi2>, %[[W:.*]]: tensor<3x2x3x3xf32>
// CHECK:         %[[F:.*]] = arith.sitofp %[[S]] : tensor<1x2x4x4xi2> to tensor<1x2x4x4xf32>
// CHECK:         %[[Y:.*]] = spike.conv2d %[[F]], %[[W]] : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
// CHECK:         return %[[Y]]
func.func @conv2d_ternary(%s: tensor<1x2x4x4xi2>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32> {
  %y = spike.conv2d %s, %w : (tensor<1x2x4x4xi2>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// -----

// Real-valued (f32) input is already dense: nothing is inserted.
// CHECK-LABEL: func.func @f32_input(
// CHECK-SAME:      %[[X:.*]]: tensor<8x16xf32>, %[[W:.*]]: tensor<4x16xf32>, %[[I:.*]]: tensor<1x3x4x4xf32>, %[[K:.*]]: tensor<2x3x1x1xf32>
// CHECK-NOT:     arith.uitofp
// CHECK-NOT:     arith.sitofp
// CHECK:         %[[Y:.*]] = spike.linear %[[X]], %[[W]] : (tensor<8x16xf32>, tensor<4x16xf32>) -> tensor<8x4xf32>
// CHECK-NOT:     arith.uitofp
// CHECK-NOT:     arith.sitofp
// CHECK:         %[[Z:.*]] = spike.conv2d %[[I]], %[[K]] : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
// CHECK:         return %[[Y]], %[[Z]]
func.func @f32_input(%x: tensor<8x16xf32>, %w: tensor<4x16xf32>, %i: tensor<1x3x4x4xf32>, %k: tensor<2x3x1x1xf32>)
    -> (tensor<8x4xf32>, tensor<1x2x4x4xf32>) {
  %y = spike.linear %x, %w : (tensor<8x16xf32>, tensor<4x16xf32>) -> tensor<8x4xf32>
  %z = spike.conv2d %i, %k : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %y, %z : tensor<8x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// Neurons and pools are unchanged: the max pool still ORs i1 spikes and only
// the synapse's operand is converted.
// CHECK-LABEL: func.func @neurons_and_pools(
// CHECK-SAME:      %[[X:.*]]: tensor<4x1x2x8x8xf32>, %[[W:.*]]: tensor<3x2x3x3xf32>
// CHECK:         %[[S:.*]] = spike.lif %[[X]] {v_threshold = 5.000000e-01 : f32} : tensor<4x1x2x8x8xf32> -> tensor<4x1x2x8x8xi1>
// CHECK:         %[[P:.*]] = spike.maxpool2d %[[S]] {kernel = array<i64: 2, 2>} : tensor<4x1x2x8x8xi1> -> tensor<4x1x2x4x4xi1>
// CHECK:         %[[F:.*]] = arith.uitofp %[[P]] : tensor<4x1x2x4x4xi1> to tensor<4x1x2x4x4xf32>
// CHECK:         %[[Y:.*]] = spike.conv2d %[[F]], %[[W]] : (tensor<4x1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<4x1x3x2x2xf32>
// CHECK:         %[[T:.*]] = spike.ternary_lif %[[Y]] : tensor<4x1x3x2x2xf32> -> tensor<4x1x3x2x2xi2>
// CHECK-NOT:     arith.sitofp
// CHECK:         return %[[T]]
func.func @neurons_and_pools(%x: tensor<4x1x2x8x8xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<4x1x3x2x2xi2> {
  %s = spike.lif %x {v_threshold = 5.000000e-01 : f32} : tensor<4x1x2x8x8xf32> -> tensor<4x1x2x8x8xi1>
  %p = spike.maxpool2d %s {kernel = array<i64: 2, 2>} : tensor<4x1x2x8x8xi1> -> tensor<4x1x2x4x4xi1>
  %y = spike.conv2d %p, %w : (tensor<4x1x2x4x4xi1>, tensor<3x2x3x3xf32>) -> tensor<4x1x3x2x2xf32>
  %t = spike.ternary_lif %y : tensor<4x1x3x2x2xf32> -> tensor<4x1x3x2x2xi2>
  return %t : tensor<4x1x3x2x2xi2>
}

// -----

// Attention in the order scores_first (forced by the attribute; the cheaper
// order of these shapes would be kv_first), A²OS²A element types: q i1 goes
// through uitofp, k is already f32, v i2 goes through sitofp. Each is split
// into [heads, N, D / heads] (N = 32, D = 16, Dv = 8, 2 heads), then
// (q kᵀ) v as two batched matmuls on zero-filled accumulators, then the scale,
// then the heads are concatenated back.
// CHECK-LABEL: func.func @attention_scores_first(
// CHECK-SAME:      %[[Q:.*]]: tensor<32x16xi1>, %[[K:.*]]: tensor<32x16xf32>, %[[V:.*]]: tensor<32x8xi2>
// CHECK:         %[[QF:.*]] = arith.uitofp %[[Q]] : tensor<32x16xi1> to tensor<32x16xf32>
// CHECK:         %[[QE:.*]] = tensor.expand_shape %[[QF]] {{\[}}[0, 1], [2, 3]] output_shape [1, 32, 2, 8] : tensor<32x16xf32> into tensor<1x32x2x8xf32>
// CHECK:         %[[QT:.*]] = linalg.transpose ins(%[[QE]] : tensor<1x32x2x8xf32>) outs(%{{.*}} : tensor<1x2x32x8xf32>) permutation = [0, 2, 1, 3]
// CHECK:         %[[QH:.*]] = tensor.collapse_shape %[[QT]] {{\[}}[0, 1], [2], [3]] : tensor<1x2x32x8xf32> into tensor<2x32x8xf32>
// CHECK-NOT:     arith.uitofp %[[K]]
// CHECK-NOT:     arith.sitofp %[[K]]
// CHECK:         %[[KE:.*]] = tensor.expand_shape %[[K]] {{\[}}[0, 1], [2, 3]] output_shape [1, 32, 2, 8] : tensor<32x16xf32> into tensor<1x32x2x8xf32>
// CHECK:         %[[KT:.*]] = linalg.transpose ins(%[[KE]] : tensor<1x32x2x8xf32>) outs(%{{.*}} : tensor<1x2x32x8xf32>) permutation = [0, 2, 1, 3]
// CHECK:         %[[KH:.*]] = tensor.collapse_shape %[[KT]] {{\[}}[0, 1], [2], [3]] : tensor<1x2x32x8xf32> into tensor<2x32x8xf32>
// CHECK:         %[[VF:.*]] = arith.sitofp %[[V]] : tensor<32x8xi2> to tensor<32x8xf32>
// CHECK:         %[[VE:.*]] = tensor.expand_shape %[[VF]] {{\[}}[0, 1], [2, 3]] output_shape [1, 32, 2, 4] : tensor<32x8xf32> into tensor<1x32x2x4xf32>
// CHECK:         %[[VT:.*]] = linalg.transpose ins(%[[VE]] : tensor<1x32x2x4xf32>) outs(%{{.*}} : tensor<1x2x32x4xf32>) permutation = [0, 2, 1, 3]
// CHECK:         %[[VH:.*]] = tensor.collapse_shape %[[VT]] {{\[}}[0, 1], [2], [3]] : tensor<1x2x32x4xf32> into tensor<2x32x4xf32>
// CHECK:         %[[KTR:.*]] = linalg.transpose ins(%[[KH]] : tensor<2x32x8xf32>) outs(%{{.*}} : tensor<2x8x32xf32>) permutation = [0, 2, 1]
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[ACC1:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x32x32xf32>) -> tensor<2x32x32xf32>
// CHECK:         %[[SCORES:.*]] = linalg.batch_matmul ins(%[[QH]], %[[KTR]] : tensor<2x32x8xf32>, tensor<2x8x32xf32>) outs(%[[ACC1]] : tensor<2x32x32xf32>) -> tensor<2x32x32xf32>
// CHECK:         %[[ACC2:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x32x4xf32>) -> tensor<2x32x4xf32>
// CHECK:         %[[OUT:.*]] = linalg.batch_matmul ins(%[[SCORES]], %[[VH]] : tensor<2x32x32xf32>, tensor<2x32x4xf32>) outs(%[[ACC2]] : tensor<2x32x4xf32>) -> tensor<2x32x4xf32>
// CHECK:         %[[SCALE:.*]] = arith.constant 1.250000e-01 : f32
// CHECK:         %[[SCALED:.*]] = linalg.generic {{.*}} ins(%[[OUT]] : tensor<2x32x4xf32>) outs(%{{.*}} : tensor<2x32x4xf32>)
// CHECK:           %[[M:.*]] = arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK:           linalg.yield %[[M]] : f32
// CHECK:         %[[OE:.*]] = tensor.expand_shape %[[SCALED]] {{\[}}[0, 1], [2], [3]] output_shape [1, 2, 32, 4] : tensor<2x32x4xf32> into tensor<1x2x32x4xf32>
// CHECK:         %[[OT:.*]] = linalg.transpose ins(%[[OE]] : tensor<1x2x32x4xf32>) outs(%{{.*}} : tensor<1x32x2x4xf32>) permutation = [0, 2, 1, 3]
// CHECK:         %[[OC:.*]] = tensor.collapse_shape %[[OT]] {{\[}}[0], [1], [2, 3]] : tensor<1x32x2x4xf32> into tensor<1x32x8xf32>
// CHECK:         %[[R:.*]] = tensor.collapse_shape %[[OC]] {{\[}}[0, 1], [2]] : tensor<1x32x8xf32> into tensor<32x8xf32>
// CHECK-NOT:     spike.attention
// CHECK:         return %[[R]] : tensor<32x8xf32>
func.func @attention_scores_first(%q: tensor<32x16xi1>, %k: tensor<32x16xf32>, %v: tensor<32x8xi2>) -> tensor<32x8xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 2 : i64, scale = 1.250000e-01 : f32,
                                   spike.attention_order = #spike.attention_order<scores_first>}
      : (tensor<32x16xi1>, tensor<32x16xf32>, tensor<32x8xi2>) -> tensor<32x8xf32>
  return %o : tensor<32x8xf32>
}

// -----

// Attention in the order kv_first (forced by the attribute; with N = 4 the
// cheaper order would be scores_first), SSA element types (k and v i1, both
// through uitofp), batch dims 2x3 merged into 6 batch elements x 2 heads:
// q (kᵀ v). The default scale 1.0 multiplies nothing.
// CHECK-LABEL: func.func @attention_kv_first(
// CHECK-SAME:      %[[Q:.*]]: tensor<2x3x4x16xi1>, %[[K:.*]]: tensor<2x3x4x16xi1>, %[[V:.*]]: tensor<2x3x4x8xi1>
// CHECK:         %[[QF:.*]] = arith.uitofp %[[Q]] : tensor<2x3x4x16xi1> to tensor<2x3x4x16xf32>
// CHECK:         %[[QB:.*]] = tensor.collapse_shape %[[QF]] {{\[}}[0, 1], [2], [3]] : tensor<2x3x4x16xf32> into tensor<6x4x16xf32>
// CHECK:         %[[QE:.*]] = tensor.expand_shape %[[QB]] {{\[}}[0], [1], [2, 3]] output_shape [6, 4, 2, 8] : tensor<6x4x16xf32> into tensor<6x4x2x8xf32>
// CHECK:         %[[QT:.*]] = linalg.transpose ins(%[[QE]] : tensor<6x4x2x8xf32>) outs(%{{.*}} : tensor<6x2x4x8xf32>) permutation = [0, 2, 1, 3]
// CHECK:         %[[QH:.*]] = tensor.collapse_shape %[[QT]] {{\[}}[0, 1], [2], [3]] : tensor<6x2x4x8xf32> into tensor<12x4x8xf32>
// CHECK:         %[[KF:.*]] = arith.uitofp %[[K]] : tensor<2x3x4x16xi1> to tensor<2x3x4x16xf32>
// CHECK:         %[[KB:.*]] = tensor.collapse_shape %[[KF]] {{\[}}[0, 1], [2], [3]] : tensor<2x3x4x16xf32> into tensor<6x4x16xf32>
// CHECK:         %[[KE:.*]] = tensor.expand_shape %[[KB]] {{\[}}[0], [1], [2, 3]] output_shape [6, 4, 2, 8] : tensor<6x4x16xf32> into tensor<6x4x2x8xf32>
// CHECK:         %[[KT:.*]] = linalg.transpose ins(%[[KE]] : tensor<6x4x2x8xf32>) outs(%{{.*}} : tensor<6x2x4x8xf32>) permutation = [0, 2, 1, 3]
// CHECK:         %[[KH:.*]] = tensor.collapse_shape %[[KT]] {{\[}}[0, 1], [2], [3]] : tensor<6x2x4x8xf32> into tensor<12x4x8xf32>
// CHECK:         %[[VF:.*]] = arith.uitofp %[[V]] : tensor<2x3x4x8xi1> to tensor<2x3x4x8xf32>
// CHECK:         %[[VB:.*]] = tensor.collapse_shape %[[VF]] {{\[}}[0, 1], [2], [3]] : tensor<2x3x4x8xf32> into tensor<6x4x8xf32>
// CHECK:         %[[VE:.*]] = tensor.expand_shape %[[VB]] {{\[}}[0], [1], [2, 3]] output_shape [6, 4, 2, 4] : tensor<6x4x8xf32> into tensor<6x4x2x4xf32>
// CHECK:         %[[VT:.*]] = linalg.transpose ins(%[[VE]] : tensor<6x4x2x4xf32>) outs(%{{.*}} : tensor<6x2x4x4xf32>) permutation = [0, 2, 1, 3]
// CHECK:         %[[VH:.*]] = tensor.collapse_shape %[[VT]] {{\[}}[0, 1], [2], [3]] : tensor<6x2x4x4xf32> into tensor<12x4x4xf32>
// CHECK:         %[[KTR:.*]] = linalg.transpose ins(%[[KH]] : tensor<12x4x8xf32>) outs(%{{.*}} : tensor<12x8x4xf32>) permutation = [0, 2, 1]
// CHECK:         %[[ACC1:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<12x8x4xf32>) -> tensor<12x8x4xf32>
// CHECK:         %[[KV:.*]] = linalg.batch_matmul ins(%[[KTR]], %[[VH]] : tensor<12x8x4xf32>, tensor<12x4x4xf32>) outs(%[[ACC1]] : tensor<12x8x4xf32>) -> tensor<12x8x4xf32>
// CHECK:         %[[ACC2:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<12x4x4xf32>) -> tensor<12x4x4xf32>
// CHECK:         %[[OUT:.*]] = linalg.batch_matmul ins(%[[QH]], %[[KV]] : tensor<12x4x8xf32>, tensor<12x8x4xf32>) outs(%[[ACC2]] : tensor<12x4x4xf32>) -> tensor<12x4x4xf32>
// CHECK-NOT:     linalg.generic
// CHECK-NOT:     arith.mulf
// CHECK:         %[[OE:.*]] = tensor.expand_shape %[[OUT]] {{\[}}[0, 1], [2], [3]] output_shape [6, 2, 4, 4] : tensor<12x4x4xf32> into tensor<6x2x4x4xf32>
// CHECK:         %[[OT:.*]] = linalg.transpose ins(%[[OE]] : tensor<6x2x4x4xf32>) outs(%{{.*}} : tensor<6x4x2x4xf32>) permutation = [0, 2, 1, 3]
// CHECK:         %[[OC:.*]] = tensor.collapse_shape %[[OT]] {{\[}}[0], [1], [2, 3]] : tensor<6x4x2x4xf32> into tensor<6x4x8xf32>
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[OC]] {{\[}}[0, 1], [2], [3]] output_shape [2, 3, 4, 8] : tensor<6x4x8xf32> into tensor<2x3x4x8xf32>
// CHECK-NOT:     spike.attention
// CHECK:         return %[[R]] : tensor<2x3x4x8xf32>
func.func @attention_kv_first(%q: tensor<2x3x4x16xi1>, %k: tensor<2x3x4x16xi1>, %v: tensor<2x3x4x8xi1>) -> tensor<2x3x4x8xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 2 : i64, spike.attention_order = #spike.attention_order<kv_first>}
      : (tensor<2x3x4x16xi1>, tensor<2x3x4x16xi1>, tensor<2x3x4x8xi1>) -> tensor<2x3x4x8xf32>
  return %o : tensor<2x3x4x8xf32>
}

// -----

// Without the attribute the cheaper order of the static shapes is used:
// N = 32, D = 16, Dv = 8, 2 heads: (q kᵀ) v costs 32² · 24 = 24576 additions,
// q (kᵀ v) 2 · 32 · 16 · 8 / 2 = 4096, so kv_first.
// CHECK-LABEL: func.func @attention_default_order(
// CHECK:         %[[KTR:.*]] = linalg.transpose ins(%{{.*}} : tensor<2x32x8xf32>) outs(%{{.*}} : tensor<2x8x32xf32>) permutation = [0, 2, 1]
// CHECK:         %[[KV:.*]] = linalg.batch_matmul ins(%[[KTR]], %{{.*}} : tensor<2x8x32xf32>, tensor<2x32x4xf32>) outs(%{{.*}} : tensor<2x8x4xf32>)
// CHECK:         linalg.batch_matmul ins(%{{.*}}, %[[KV]] : tensor<2x32x8xf32>, tensor<2x8x4xf32>) outs(%{{.*}} : tensor<2x32x4xf32>)
// CHECK-NOT:     spike.attention
func.func @attention_default_order(%q: tensor<32x16xi1>, %k: tensor<32x16xi1>, %v: tensor<32x8xi1>) -> tensor<32x8xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 2 : i64}
      : (tensor<32x16xi1>, tensor<32x16xi1>, tensor<32x8xi1>) -> tensor<32x8xf32>
  return %o : tensor<32x8xf32>
}

// -----

// Only attentions with static shapes are rewritten: a dynamic batch keeps the
// spike.attention (and its spike operands).
// CHECK-LABEL: func.func @attention_dynamic(
// CHECK-SAME:      %[[Q:.*]]: tensor<?x32x16xi1>, %[[K:.*]]: tensor<?x32x16xi1>, %[[V:.*]]: tensor<?x32x8xi1>
// CHECK-NOT:     arith.uitofp
// CHECK:         %[[O:.*]] = spike.attention %[[Q]], %[[K]], %[[V]] {num_heads = 2 : i64}
// CHECK-NOT:     linalg.batch_matmul
// CHECK:         return %[[O]]
func.func @attention_dynamic(%q: tensor<?x32x16xi1>, %k: tensor<?x32x16xi1>, %v: tensor<?x32x8xi1>) -> tensor<?x32x8xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 2 : i64}
      : (tensor<?x32x16xi1>, tensor<?x32x16xi1>, tensor<?x32x8xi1>) -> tensor<?x32x8xf32>
  return %o : tensor<?x32x8xf32>
}
