// RUN: spike-opt %s | spike-opt | FileCheck %s
// RUN: spike-opt %s --mlir-print-op-generic | spike-opt | FileCheck %s

// Round trip of the 2-D pools: spike.maxpool2d, spike.avgpool2d and
// spike.sumpool2d, with and without strides and padding, on i1 and f32.

// Binary maxpool (a bitwise OR) with strides and padding, two batch dims.
// CHECK-LABEL: func.func @maxpool_i1_strided(
// CHECK-SAME:      %[[S:.*]]: tensor<4x1x64x32x32xi1>)
// CHECK:         %[[P:.*]] = spike.maxpool2d %[[S]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<4x1x64x32x32xi1> -> tensor<4x1x64x16x16xi1>
// CHECK-NEXT:    return %[[P]]
func.func @maxpool_i1_strided(%s: tensor<4x1x64x32x32xi1>) -> tensor<4x1x64x16x16xi1> {
  %p = spike.maxpool2d %s {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                           padding = array<i64: 1, 1, 1, 1>}
      : tensor<4x1x64x32x32xi1> -> tensor<4x1x64x16x16xi1>
  return %p : tensor<4x1x64x16x16xi1>
}

// Real maxpool without strides (the stride is the kernel) and without
// padding: the default padding is elided, the absent strides stay absent.
// CHECK-LABEL: func.func @maxpool_f32_default_strides(
// CHECK-SAME:      %[[X:.*]]: tensor<16x8x8xf32>)
// CHECK:         spike.maxpool2d %[[X]] {kernel = array<i64: 2, 2>} : tensor<16x8x8xf32> -> tensor<16x4x4xf32>
func.func @maxpool_f32_default_strides(%x: tensor<16x8x8xf32>) -> tensor<16x4x4xf32> {
  %p = spike.maxpool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>}
      : tensor<16x8x8xf32> -> tensor<16x4x4xf32>
  return %p : tensor<16x4x4xf32>
}

// Explicit strides equal to the kernel are kept as written.
// CHECK-LABEL: func.func @maxpool_f32_explicit_strides(
// CHECK:         spike.maxpool2d %{{.*}} {kernel = array<i64: 2, 3>, strides = array<i64: 2, 3>} : tensor<2x3x8x9xf32> -> tensor<2x3x4x3xf32>
func.func @maxpool_f32_explicit_strides(%x: tensor<2x3x8x9xf32>) -> tensor<2x3x4x3xf32> {
  %p = spike.maxpool2d %x {kernel = array<i64: 2, 3>, strides = array<i64: 2, 3>}
      : tensor<2x3x8x9xf32> -> tensor<2x3x4x3xf32>
  return %p : tensor<2x3x4x3xf32>
}

// Asymmetric kernel, strides and padding, dynamic batch and height.
// H' is dynamic, W' = (7 + 0 + 2 - 3) / 1 + 1 = 7.
// CHECK-LABEL: func.func @maxpool_i1_dynamic(
// CHECK:         spike.maxpool2d %{{.*}} {kernel = array<i64: 2, 3>, padding = array<i64: 1, 0, 0, 2>, strides = array<i64: 2, 1>} : tensor<?x5x?x7xi1> -> tensor<?x5x?x7xi1>
func.func @maxpool_i1_dynamic(%s: tensor<?x5x?x7xi1>) -> tensor<?x5x?x7xi1> {
  %p = spike.maxpool2d %s {kernel = array<i64: 2, 3>, strides = array<i64: 2, 1>,
                           padding = array<i64: 1, 0, 0, 2>}
      : tensor<?x5x?x7xi1> -> tensor<?x5x?x7xi1>
  return %p : tensor<?x5x?x7xi1>
}

// CHECK-LABEL: func.func @avgpool_f32(
// CHECK-SAME:      %[[X:.*]]: tensor<1x16x8x8xf32>)
// CHECK:         %[[P:.*]] = spike.avgpool2d %[[X]] {kernel = array<i64: 2, 2>} : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
// CHECK-NEXT:    return %[[P]]
func.func @avgpool_f32(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x4x4xf32> {
  %p = spike.avgpool2d %x {kernel = array<i64: 2, 2>}
      : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
  return %p : tensor<1x16x4x4xf32>
}

// Spike input gives firing fractions; padding may be as large as the kernel
// (zeros are counted). H' = (6 + 4 - 2) / 1 + 1 = 9, W' = (6 + 0 - 2) / 3 + 1 = 2.
// CHECK-LABEL: func.func @avgpool_i1_padded(
// CHECK:         spike.avgpool2d %{{.*}} {kernel = array<i64: 2, 2>, padding = array<i64: 2, 0, 2, 0>, strides = array<i64: 1, 3>} : tensor<4x2x3x6x6xi1> -> tensor<4x2x3x9x2xf32>
func.func @avgpool_i1_padded(%s: tensor<4x2x3x6x6xi1>) -> tensor<4x2x3x9x2xf32> {
  %p = spike.avgpool2d %s {kernel = array<i64: 2, 2>, strides = array<i64: 1, 3>,
                           padding = array<i64: 2, 0, 2, 0>}
      : tensor<4x2x3x6x6xi1> -> tensor<4x2x3x9x2xf32>
  return %p : tensor<4x2x3x9x2xf32>
}

// CHECK-LABEL: func.func @sumpool_i1(
// CHECK-SAME:      %[[S:.*]]: tensor<8x1x16x34x34xi1>)
// CHECK:         spike.sumpool2d %[[S]] {kernel = array<i64: 2, 2>} : tensor<8x1x16x34x34xi1> -> tensor<8x1x16x17x17xf32>
func.func @sumpool_i1(%s: tensor<8x1x16x34x34xi1>) -> tensor<8x1x16x17x17xf32> {
  %p = spike.sumpool2d %s {kernel = array<i64: 2, 2>}
      : tensor<8x1x16x34x34xi1> -> tensor<8x1x16x17x17xf32>
  return %p : tensor<8x1x16x17x17xf32>
}

// The window may cover the whole (padded) input; dynamic width.
// CHECK-LABEL: func.func @sumpool_f32_whole(
// CHECK:         spike.sumpool2d %{{.*}} {kernel = array<i64: 5, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<2x3x3x?xf32> -> tensor<2x3x1x?xf32>
func.func @sumpool_f32_whole(%x: tensor<2x3x3x?xf32>) -> tensor<2x3x1x?xf32> {
  %p = spike.sumpool2d %x {kernel = array<i64: 5, 3>, strides = array<i64: 1, 1>,
                           padding = array<i64: 1, 1, 1, 1>}
      : tensor<2x3x3x?xf32> -> tensor<2x3x1x?xf32>
  return %p : tensor<2x3x1x?xf32>
}

// A 1x1 window round-trips as written (it folds only under -canonicalize).
// CHECK-LABEL: func.func @pools_identity_window(
// CHECK:         spike.maxpool2d %{{.*}} {kernel = array<i64: 1, 1>} : tensor<2x4x4xi1> -> tensor<2x4x4xi1>
// CHECK:         spike.avgpool2d %{{.*}} {kernel = array<i64: 1, 1>} : tensor<2x4x4xf32> -> tensor<2x4x4xf32>
// CHECK:         spike.sumpool2d %{{.*}} {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<2x4x4xf32> -> tensor<2x4x4xf32>
func.func @pools_identity_window(%s: tensor<2x4x4xi1>, %x: tensor<2x4x4xf32>)
    -> (tensor<2x4x4xi1>, tensor<2x4x4xf32>, tensor<2x4x4xf32>) {
  %0 = spike.maxpool2d %s {kernel = array<i64: 1, 1>} : tensor<2x4x4xi1> -> tensor<2x4x4xi1>
  %1 = spike.avgpool2d %x {kernel = array<i64: 1, 1>} : tensor<2x4x4xf32> -> tensor<2x4x4xf32>
  %2 = spike.sumpool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<2x4x4xf32> -> tensor<2x4x4xf32>
  return %0, %1, %2 : tensor<2x4x4xi1>, tensor<2x4x4xf32>, tensor<2x4x4xf32>
}
