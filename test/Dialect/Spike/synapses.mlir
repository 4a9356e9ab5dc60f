// RUN: spike-opt %s | spike-opt | FileCheck %s
// RUN: spike-opt %s --mlir-print-op-generic | spike-opt | FileCheck %s

// Round trip of the synapse ops: spike.linear and spike.conv2d, on binary
// (i1), ternary (i2) and real (f32) input.

//===----------------------------------------------------------------------===//
// spike.linear
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @linear_i1_bias(
// CHECK-SAME:      %[[S:.*]]: tensor<4x64x384xi1>, %[[W:.*]]: tensor<1536x384xf32>, %[[B:.*]]: tensor<1536xf32>)
// CHECK:         %[[Y:.*]] = spike.linear %[[S]], %[[W]], %[[B]] : (tensor<4x64x384xi1>, tensor<1536x384xf32>, tensor<1536xf32>) -> tensor<4x64x1536xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @linear_i1_bias(%s: tensor<4x64x384xi1>, %w: tensor<1536x384xf32>,
                          %b: tensor<1536xf32>) -> tensor<4x64x1536xf32> {
  %y = spike.linear %s, %w, %b
      : (tensor<4x64x384xi1>, tensor<1536x384xf32>, tensor<1536xf32>)
        -> tensor<4x64x1536xf32>
  return %y : tensor<4x64x1536xf32>
}

// No batch dimensions, no bias.
// CHECK-LABEL: func.func @linear_i1_no_batch(
// CHECK-SAME:      %[[S:.*]]: tensor<384xi1>, %[[W:.*]]: tensor<10x384xf32>)
// CHECK:         spike.linear %[[S]], %[[W]] : (tensor<384xi1>, tensor<10x384xf32>) -> tensor<10xf32>
func.func @linear_i1_no_batch(%s: tensor<384xi1>, %w: tensor<10x384xf32>) -> tensor<10xf32> {
  %y = spike.linear %s, %w : (tensor<384xi1>, tensor<10x384xf32>) -> tensor<10xf32>
  return %y : tensor<10xf32>
}

// Ternary input, one batch dimension.
// CHECK-LABEL: func.func @linear_i2(
// CHECK-SAME:      %[[S:.*]]: tensor<8x96xi2>, %[[W:.*]]: tensor<32x96xf32>, %[[B:.*]]: tensor<32xf32>)
// CHECK:         spike.linear %[[S]], %[[W]], %[[B]] : (tensor<8x96xi2>, tensor<32x96xf32>, tensor<32xf32>) -> tensor<8x32xf32>
func.func @linear_i2(%s: tensor<8x96xi2>, %w: tensor<32x96xf32>, %b: tensor<32xf32>) -> tensor<8x32xf32> {
  %y = spike.linear %s, %w, %b : (tensor<8x96xi2>, tensor<32x96xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  return %y : tensor<8x32xf32>
}

// Real-valued input (first layer), several batch dimensions, no bias.
// CHECK-LABEL: func.func @linear_f32(
// CHECK-SAME:      %[[X:.*]]: tensor<4x2x3x5x7xf32>, %[[W:.*]]: tensor<6x7xf32>)
// CHECK:         spike.linear %[[X]], %[[W]] : (tensor<4x2x3x5x7xf32>, tensor<6x7xf32>) -> tensor<4x2x3x5x6xf32>
func.func @linear_f32(%x: tensor<4x2x3x5x7xf32>, %w: tensor<6x7xf32>) -> tensor<4x2x3x5x6xf32> {
  %y = spike.linear %x, %w : (tensor<4x2x3x5x7xf32>, tensor<6x7xf32>) -> tensor<4x2x3x5x6xf32>
  return %y : tensor<4x2x3x5x6xf32>
}

// Dynamic batch, features and outputs.
// CHECK-LABEL: func.func @linear_dynamic(
// CHECK-SAME:      %[[S:.*]]: tensor<?x4x?xi1>, %[[W:.*]]: tensor<?x16xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK:         spike.linear %[[S]], %[[W]], %[[B]] : (tensor<?x4x?xi1>, tensor<?x16xf32>, tensor<8xf32>) -> tensor<?x4x8xf32>
func.func @linear_dynamic(%s: tensor<?x4x?xi1>, %w: tensor<?x16xf32>, %b: tensor<8xf32>) -> tensor<?x4x8xf32> {
  %y = spike.linear %s, %w, %b : (tensor<?x4x?xi1>, tensor<?x16xf32>, tensor<8xf32>) -> tensor<?x4x8xf32>
  return %y : tensor<?x4x8xf32>
}

//===----------------------------------------------------------------------===//
// spike.conv2d
//===----------------------------------------------------------------------===//

// Default attributes are elided. One batch dimension, no bias.
// CHECK-LABEL: func.func @conv_i1_defaults(
// CHECK-SAME:      %[[S:.*]]: tensor<2x3x8x8xi1>, %[[W:.*]]: tensor<16x3x3x3xf32>)
// CHECK:         %[[Y:.*]] = spike.conv2d %[[S]], %[[W]] : (tensor<2x3x8x8xi1>, tensor<16x3x3x3xf32>) -> tensor<2x16x6x6xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @conv_i1_defaults(%s: tensor<2x3x8x8xi1>, %w: tensor<16x3x3x3xf32>) -> tensor<2x16x6x6xf32> {
  %y = spike.conv2d %s, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
                            dilations = array<i64: 1, 1>, groups = 1 : i64}
      : (tensor<2x3x8x8xi1>, tensor<16x3x3x3xf32>) -> tensor<2x16x6x6xf32>
  return %y : tensor<2x16x6x6xf32>
}

// Strides and symmetric padding, two batch dimensions (T x B), bias.
// CHECK-LABEL: func.func @conv_i1_strided(
// CHECK-SAME:      %[[S:.*]]: tensor<4x1x64x32x32xi1>, %[[W:.*]]: tensor<128x64x3x3xf32>, %[[B:.*]]: tensor<128xf32>)
// CHECK:         spike.conv2d %[[S]], %[[W]], %[[B]] {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<4x1x64x32x32xi1>, tensor<128x64x3x3xf32>, tensor<128xf32>) -> tensor<4x1x128x16x16xf32>
func.func @conv_i1_strided(%s: tensor<4x1x64x32x32xi1>, %w: tensor<128x64x3x3xf32>,
                           %b: tensor<128xf32>) -> tensor<4x1x128x16x16xf32> {
  %y = spike.conv2d %s, %w, %b {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<4x1x64x32x32xi1>, tensor<128x64x3x3xf32>, tensor<128xf32>)
        -> tensor<4x1x128x16x16xf32>
  return %y : tensor<4x1x128x16x16xf32>
}

// Every attribute non-default: asymmetric padding, unequal strides,
// dilations, groups. H' = (10 + 1 + 2 - 2*2 - 1) / 2 + 1 = 5,
// W' = (9 + 0 + 3 - 3*1 - 1) / 3 + 1 = 3.
// CHECK-LABEL: func.func @conv_i2_all_attrs(
// CHECK-SAME:      %[[S:.*]]: tensor<4x10x9xi2>, %[[W:.*]]: tensor<6x2x3x2xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK:         spike.conv2d %[[S]], %[[W]], %[[B]] {
// CHECK-SAME:        dilations = array<i64: 2, 3>
// CHECK-SAME:        groups = 2 : i64
// CHECK-SAME:        padding = array<i64: 1, 0, 2, 3>
// CHECK-SAME:        strides = array<i64: 2, 3>
// CHECK-SAME:      } : (tensor<4x10x9xi2>, tensor<6x2x3x2xf32>, tensor<6xf32>) -> tensor<6x5x3xf32>
func.func @conv_i2_all_attrs(%s: tensor<4x10x9xi2>, %w: tensor<6x2x3x2xf32>,
                             %b: tensor<6xf32>) -> tensor<6x5x3xf32> {
  %y = spike.conv2d %s, %w, %b {strides = array<i64: 2, 3>, padding = array<i64: 1, 0, 2, 3>,
                                dilations = array<i64: 2, 3>, groups = 2 : i64}
      : (tensor<4x10x9xi2>, tensor<6x2x3x2xf32>, tensor<6xf32>) -> tensor<6x5x3xf32>
  return %y : tensor<6x5x3xf32>
}

// Real-valued input (first layer), depthwise (groups = C), no batch dimension.
// CHECK-LABEL: func.func @conv_f32_depthwise(
// CHECK-SAME:      %[[X:.*]]: tensor<8x5x5xf32>, %[[W:.*]]: tensor<8x1x3x3xf32>)
// CHECK:         spike.conv2d %[[X]], %[[W]] {groups = 8 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<8x5x5xf32>, tensor<8x1x3x3xf32>) -> tensor<8x5x5xf32>
func.func @conv_f32_depthwise(%x: tensor<8x5x5xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<8x5x5xf32> {
  %y = spike.conv2d %x, %w {groups = 8 : i64, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<8x5x5xf32>, tensor<8x1x3x3xf32>) -> tensor<8x5x5xf32>
  return %y : tensor<8x5x5xf32>
}

// Several batch dimensions, 1x1 kernel.
// CHECK-LABEL: func.func @conv_f32_batches(
// CHECK:         spike.conv2d %{{.*}}, %{{.*}} : (tensor<2x3x4x5x6x7xf32>, tensor<9x5x1x1xf32>) -> tensor<2x3x4x9x6x7xf32>
func.func @conv_f32_batches(%x: tensor<2x3x4x5x6x7xf32>, %w: tensor<9x5x1x1xf32>) -> tensor<2x3x4x9x6x7xf32> {
  %y = spike.conv2d %x, %w : (tensor<2x3x4x5x6x7xf32>, tensor<9x5x1x1xf32>) -> tensor<2x3x4x9x6x7xf32>
  return %y : tensor<2x3x4x9x6x7xf32>
}

// Dynamic batch, spatial and kernel sizes.
// CHECK-LABEL: func.func @conv_dynamic(
// CHECK-SAME:      %[[S:.*]]: tensor<?x3x?x16xi1>, %[[W:.*]]: tensor<4x3x?x3xf32>, %[[B:.*]]: tensor<?xf32>)
// CHECK:         spike.conv2d %[[S]], %[[W]], %[[B]] {strides = array<i64: 1, 2>} : (tensor<?x3x?x16xi1>, tensor<4x3x?x3xf32>, tensor<?xf32>) -> tensor<?x4x?x7xf32>
func.func @conv_dynamic(%s: tensor<?x3x?x16xi1>, %w: tensor<4x3x?x3xf32>, %b: tensor<?xf32>) -> tensor<?x4x?x7xf32> {
  %y = spike.conv2d %s, %w, %b {strides = array<i64: 1, 2>}
      : (tensor<?x3x?x16xi1>, tensor<4x3x?x3xf32>, tensor<?xf32>) -> tensor<?x4x?x7xf32>
  return %y : tensor<?x4x?x7xf32>
}
