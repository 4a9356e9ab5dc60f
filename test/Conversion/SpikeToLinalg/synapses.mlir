// RUN: spike-opt %s --convert-spike-to-linalg --canonicalize --cse -split-input-file | FileCheck %s

// Binary spikes: packed 64 per i64 word (70 features -> 2 words, padding
// bits zero), then every set bit found with cttz adds one row of the
// transposed weight. The 16 outputs of a token are partial sums in two
// loop-carried vector<8xf32> (accumulate-lanes 8) while its bits are
// visited; they are stored once per token. No multiplication anywhere.
// CHECK-LABEL: func.func @linear_binary(
// CHECK-NOT:     arith.mulf
// CHECK:         tensor.pad {{.*}} high[0, 58]
// CHECK:         tensor.expand_shape {{.*}} into tensor<4x2x64xi1>
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK:           arith.shli
// CHECK:           arith.ori
// CHECK:         -> tensor<4x2xi64>
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<16x70xf32>) outs(%{{.*}} : tensor<70x16xf32>)
// CHECK:         scf.for %[[P:.*]] = %c0 to %c4
// CHECK-COUNT-2:   vector.transfer_read %{{.*}}[%[[P]], %{{.*}}]{{.*}} : tensor<4x16xf32>, vector<8xf32>
// CHECK:           scf.for %[[W:.*]] = %c0 to %c2 {{.*}} -> (vector<8xf32>, vector<8xf32>)
// CHECK:             tensor.extract %{{.*}}[%[[P]], %[[W]]] : tensor<4x2xi64>
// CHECK:             scf.while
// CHECK:               arith.cmpi ne
// CHECK:               math.cttz
// CHECK:               vector.transfer_read {{.*}} : tensor<70x16xf32>, vector<8xf32>
// CHECK-NEXT:          arith.addf {{.*}} : vector<8xf32>
// CHECK-NEXT:          vector.transfer_read {{.*}} : tensor<70x16xf32>, vector<8xf32>
// CHECK-NEXT:          arith.addf {{.*}} : vector<8xf32>
// CHECK-COUNT-2:   vector.transfer_write {{.*}} : vector<8xf32>, tensor<4x16xf32>
// CHECK-NOT:     arith.mulf
// CHECK:         return
func.func @linear_binary(%s: tensor<4x70xi1>, %w: tensor<16x70xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %y = spike.linear %s, %w, %b : (tensor<4x70xi1>, tensor<16x70xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// Ternary spikes: two bit planes; +1 rows are added, -1 rows subtracted,
// into the same partial sums.
// CHECK-LABEL: func.func @linear_ternary(
// CHECK-NOT:     arith.mulf
// CHECK:         tensor<2x3x1xi64>
// CHECK:         scf.while
// CHECK:           arith.addf
// CHECK:         scf.while
// CHECK:           arith.subf
// CHECK:         vector.transfer_write
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

// conv2d on spikes: the spikes are re-packed along the channels ([N, H, W,
// W(C)], 4 channels -> 1 word), the weights ordered tap by tap ([KH*KW*C,
// O]); each output point then visits, for each of the 9 taps, the channel
// word of the input pixel under it (none on padding), and the same
// accumulation adds the rows. The result is transposed back to NCHW.
// CHECK-LABEL: func.func @conv_binary(
// CHECK-NOT:     arith.mulf
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<8x4x3x3xf32>) outs(%{{.*}} : tensor<3x3x4x8xf32>) permutation = [2, 3, 1, 0]
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK:           tensor.extract %{{.*}} : tensor<2x4x9x1xi64>
// CHECK:           arith.shrui
// CHECK:         -> tensor<2x9x9x1xi64>
// CHECK:         scf.for %{{.*}} = %c0 to %c50
// CHECK:           scf.for %{{.*}} = %c0 to %c9
// CHECK:             tensor.extract %{{.*}} : tensor<2x9x9x1xi64>
// CHECK:             arith.select %{{.*}}, %{{.*}}, %c0_i64 : i64
// CHECK:             scf.while
// CHECK:               math.cttz
// CHECK:               vector.transfer_read {{.*}} : tensor<36x8xf32>, vector<8xf32>
// CHECK:               arith.addf
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

// Real-valued conv2d: the zero-padded input, one row block of patches per
// kernel tap (a shifted slice, channels moved outside the points: no
// per-element gather), and a matmul weights [O, 27] x patches [27, points]
// whose result is NCHW up to a transpose of its outer dims.
// CHECK-LABEL: func.func @conv_real(
// CHECK:         %[[PADDED:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1] : tensor<1x3x8x8xf32> into tensor<1x3x10x10xf32>
// CHECK:         tensor.extract_slice %[[PADDED]][0, 0, 0, 0] [1, 3, 8, 8] [1, 1, 1, 1]
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<1x3x8x8xf32>) outs(%{{.*}} : tensor<3x1x8x8xf32>) permutation = [1, 0, 2, 3]
// CHECK:         tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [3, 1, 8, 8]
// CHECK:         tensor.extract_slice %[[PADDED]][0, 0, 2, 2] [1, 3, 8, 8] [1, 1, 1, 1]
// CHECK:         %[[PATCHES:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[24, 0, 0, 0] [3, 1, 8, 8]
// CHECK:         %[[ROWS:.*]] = tensor.collapse_shape %[[PATCHES]] {{\[}}[0], [1, 2, 3]] : tensor<27x1x8x8xf32> into tensor<27x64xf32>
// CHECK-NOT:     tensor.extract %
// CHECK:         %[[Y:.*]] = linalg.matmul ins(%{{.*}}, %[[ROWS]] : tensor<16x27xf32>, tensor<27x64xf32>)
// CHECK:         %[[PLANES:.*]] = tensor.expand_shape %[[Y]]
// CHECK:         linalg.transpose ins(%[[PLANES]] : tensor<16x1x8x8xf32>) outs(%{{.*}} : tensor<1x16x8x8xf32>) permutation = [1, 0, 2, 3]
func.func @conv_real(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  %y = spike.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

// Constant weights: a word with more than half of its valid bits set (70
// features: all 64 bits of word 0, 6 of word 1) is taken as its complement,
// its precomputed row sum (2 words x 16 outputs, 64 x 0.5 = 32 and 6 x 0.5
// = 3) minus the rows of its clear valid bits.
// CHECK-LABEL: func.func @linear_dense_words(
// CHECK:         %[[SUMS:.*]] = arith.constant dense<{{\[}}[3.200000e+01, {{.*}}], [3.000000e+00, {{.*}}]]> : tensor<2x16xf32>
// CHECK:         math.ctpop
// CHECK:         %[[DENSE:.*]] = arith.cmpi ugt
// CHECK:         scf.if %[[DENSE]]
// CHECK:           vector.transfer_read %[[SUMS]]
// CHECK:           arith.addf
// CHECK:           arith.xori
// CHECK:           scf.while
// CHECK:             arith.subf
// CHECK:         } else {
// CHECK:           scf.while
// CHECK:             arith.addf
// CHECK-NOT:     arith.mulf
func.func @linear_dense_words(%s: tensor<4x70xi1>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x70xf32>
  %y = spike.linear %s, %w : (tensor<4x70xi1>, tensor<16x70xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
