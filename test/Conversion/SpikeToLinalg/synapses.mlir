// RUN: spike-opt %s --convert-spike-to-linalg --canonicalize --cse -split-input-file | FileCheck %s

// Binary spikes: packed 64 per i64 word (70 features -> 2 words, padding
// bits zero), then every set bit found with cttz adds one row of the
// transposed weight. No multiplication anywhere on this path.
// CHECK-LABEL: func.func @linear_binary(
// CHECK-NOT:     arith.mulf
// CHECK:         tensor.pad {{.*}} high[0, 58]
// CHECK:         tensor.expand_shape {{.*}} into tensor<4x2x64xi1>
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK:           arith.shli
// CHECK:           arith.ori
// CHECK:         -> tensor<4x2xi64>
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<16x70xf32>) outs(%{{.*}} : tensor<70x16xf32>)
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             tensor.extract %{{.*}} : tensor<4x2xi64>
// CHECK:             scf.while
// CHECK:               arith.cmpi ne
// CHECK:               math.cttz
// CHECK:               tensor.extract_slice %{{.*}} : tensor<70x16xf32> to tensor<16xf32>
// CHECK:               linalg.generic {{.*}} attrs = {spike.accumulate_row}
// CHECK-NEXT:          ^bb0(%[[IN:.*]]: f32, %[[OUT:.*]]: f32):
// CHECK-NEXT:            arith.addf %[[OUT]], %[[IN]] : f32
// CHECK-NOT:     arith.mulf
// CHECK:         return
func.func @linear_binary(%s: tensor<4x70xi1>, %w: tensor<16x70xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %y = spike.linear %s, %w, %b : (tensor<4x70xi1>, tensor<16x70xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// Ternary spikes: two bit planes; +1 rows are added, -1 rows subtracted.
// CHECK-LABEL: func.func @linear_ternary(
// CHECK-NOT:     arith.mulf
// CHECK:         tensor<2x3x1xi64>
// CHECK:         scf.while
// CHECK:           arith.addf
// CHECK:         scf.while
// CHECK:           arith.subf
// CHECK-NOT:     arith.mulf
// CHECK:         return
func.func @linear_ternary(%s: tensor<3x40xi2>, %w: tensor<8x40xf32>) -> tensor<3x8xf32> {
  %y = spike.linear %s, %w : (tensor<3x40xi2>, tensor<8x40xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// -----

// Real input (a first layer): an ordinary matmul; batch dims are merged.
// CHECK-LABEL: func.func @linear_real(
// CHECK:         tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x3x10xf32> into tensor<6x10xf32>
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<6x10xf32>, tensor<10x4xf32>)
// CHECK:         tensor.expand_shape %{{.*}} into tensor<2x3x4xf32>
func.func @linear_real(%x: tensor<2x3x10xf32>, %w: tensor<4x10xf32>) -> tensor<2x3x4xf32> {
  %y = spike.linear %x, %w : (tensor<2x3x10xf32>, tensor<4x10xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

// Constant weights are transposed at compile time.
// CHECK-LABEL: func.func @linear_constant_weight(
// CHECK:         arith.constant dense<{{\[}}[1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NOT:     linalg.transpose
func.func @linear_constant_weight(%s: tensor<5x2xi1>) -> tensor<5x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %y = spike.linear %s, %w : (tensor<5x2xi1>, tensor<2x2xf32>) -> tensor<5x2xf32>
  return %y : tensor<5x2xf32>
}

// -----

// conv2d on spikes: a bit-level im2col gathers the spikes under each output
// position into packed patch words (C/groups*KH*KW = 36 bits -> 1 word), then
// the same accumulation; the result is transposed back to NCHW.
// CHECK-LABEL: func.func @conv_binary(
// CHECK-NOT:     arith.mulf
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK:           tensor.extract %{{.*}} : tensor<2x4x9x1xi64>
// CHECK:           arith.shrui
// CHECK:         -> tensor<2x5x5x1xi64>
// CHECK:         scf.while
// CHECK:           math.cttz
// CHECK:           arith.addf
// CHECK:         linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NOT:     arith.mulf
// CHECK:         return
func.func @conv_binary(%s: tensor<2x4x9x9xi1>, %w: tensor<8x4x3x3xf32>) -> tensor<2x8x5x5xf32> {
  %y = spike.conv2d %s, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<2x4x9x9xi1>, tensor<8x4x3x3xf32>) -> tensor<2x8x5x5xf32>
  return %y : tensor<2x8x5x5xf32>
}

// -----

// Grouped convolution: one accumulation per group, inserted at its channels.
// CHECK-LABEL: func.func @conv_groups(
// CHECK-COUNT-2: tensor.insert_slice %{{.*}} into %{{.*}}[0, {{[04]}}, 0, 0] [1, 4, 6, 6]
func.func @conv_groups(%s: tensor<4x6x6xi1>, %w: tensor<8x2x1x1xf32>) -> tensor<8x6x6xf32> {
  %y = spike.conv2d %s, %w {groups = 2 : i64}
      : (tensor<4x6x6xi1>, tensor<8x2x1x1xf32>) -> tensor<8x6x6xf32>
  return %y : tensor<8x6x6xf32>
}

// -----

// Real-valued conv2d: f32 im2col and a matmul.
// CHECK-LABEL: func.func @conv_real(
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK:           tensor.extract %{{.*}} : tensor<1x3x8x8xf32>
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<64x27xf32>, tensor<27x16xf32>)
func.func @conv_real(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  %y = spike.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}
