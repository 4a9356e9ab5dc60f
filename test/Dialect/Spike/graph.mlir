// RUN: spike-opt %s | spike-opt | FileCheck %s
// RUN: spike-opt %s --mlir-print-op-generic | spike-opt | FileCheck %s

// Round trip of the graph helpers: spike.batch_norm, spike.relu,
// spike.repeat and spike.mean_time.

//===----------------------------------------------------------------------===//
// spike.batch_norm
//===----------------------------------------------------------------------===//

// Defaults (axis = 1, epsilon = 1e-5) are elided.
// CHECK-LABEL: func.func @batch_norm_defaults(
// CHECK-SAME:      %[[X:.*]]: tensor<2x16x8x8xf32>, %[[G:.*]]: tensor<16xf32>, %[[B:.*]]: tensor<16xf32>, %[[M:.*]]: tensor<16xf32>, %[[V:.*]]: tensor<16xf32>)
// CHECK:         %[[Y:.*]] = spike.batch_norm %[[X]], %[[G]], %[[B]], %[[M]], %[[V]] : tensor<2x16x8x8xf32>, tensor<16xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @batch_norm_defaults(%x: tensor<2x16x8x8xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>,
                               %m: tensor<16xf32>, %v: tensor<16xf32>) -> tensor<2x16x8x8xf32> {
  %y = spike.batch_norm %x, %g, %b, %m, %v {axis = 1 : i64, epsilon = 1.0e-5 : f32}
      : tensor<2x16x8x8xf32>, tensor<16xf32>
  return %y : tensor<2x16x8x8xf32>
}

// Negative axis (from the back) and a non-default epsilon.
// CHECK-LABEL: func.func @batch_norm_last_axis(
// CHECK:         spike.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {axis = -1 : i64, epsilon = 1.000000e-03 : f32} : tensor<4x64x384xf32>, tensor<384xf32>
func.func @batch_norm_last_axis(%x: tensor<4x64x384xf32>, %g: tensor<384xf32>, %b: tensor<384xf32>,
                                %m: tensor<384xf32>, %v: tensor<384xf32>) -> tensor<4x64x384xf32> {
  %y = spike.batch_norm %x, %g, %b, %m, %v {axis = -1 : i64, epsilon = 1.000000e-03 : f32}
      : tensor<4x64x384xf32>, tensor<384xf32>
  return %y : tensor<4x64x384xf32>
}

// Axis 0 of a rank-1 input; epsilon 0 is allowed.
// CHECK-LABEL: func.func @batch_norm_rank1(
// CHECK:         spike.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64, epsilon = 0.000000e+00 : f32} : tensor<10xf32>, tensor<10xf32>
func.func @batch_norm_rank1(%x: tensor<10xf32>, %g: tensor<10xf32>, %b: tensor<10xf32>,
                            %m: tensor<10xf32>, %v: tensor<10xf32>) -> tensor<10xf32> {
  %y = spike.batch_norm %x, %g, %b, %m, %v {axis = 0 : i64, epsilon = 0.0 : f32}
      : tensor<10xf32>, tensor<10xf32>
  return %y : tensor<10xf32>
}

// -0.0 is zero, hence a valid (non-negative) epsilon.
// CHECK-LABEL: func.func @batch_norm_negative_zero_epsilon(
// CHECK:         spike.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = -0.000000e+00 : f32} : tensor<3x2xf32>, tensor<2xf32>
func.func @batch_norm_negative_zero_epsilon(%x: tensor<3x2xf32>, %p: tensor<2xf32>) -> tensor<3x2xf32> {
  %y = spike.batch_norm %x, %p, %p, %p, %p {epsilon = -0.0 : f32} : tensor<3x2xf32>, tensor<2xf32>
  return %y : tensor<3x2xf32>
}

// Dynamic sizes: the channel count may be dynamic on either side.
// CHECK-LABEL: func.func @batch_norm_dynamic(
// CHECK:         spike.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<?x?x4xf32>, tensor<8xf32>
// CHECK:         spike.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {axis = -2 : i64} : tensor<?x8x4xf32>, tensor<?xf32>
func.func @batch_norm_dynamic(%x: tensor<?x?x4xf32>, %p: tensor<8xf32>,
                              %y: tensor<?x8x4xf32>, %q: tensor<?xf32>)
    -> (tensor<?x?x4xf32>, tensor<?x8x4xf32>) {
  %0 = spike.batch_norm %x, %p, %p, %p, %p : tensor<?x?x4xf32>, tensor<8xf32>
  %1 = spike.batch_norm %y, %q, %q, %q, %q {axis = -2 : i64} : tensor<?x8x4xf32>, tensor<?xf32>
  return %0, %1 : tensor<?x?x4xf32>, tensor<?x8x4xf32>
}

//===----------------------------------------------------------------------===//
// spike.relu
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @relu(
// CHECK-SAME:      %[[X:.*]]: tensor<4x64x384xf32>, %[[D:.*]]: tensor<?x?xf32>, %[[S:.*]]: tensor<f32>)
// CHECK:         %[[K:.*]] = spike.relu %[[X]] : tensor<4x64x384xf32>
// CHECK:         %[[KD:.*]] = spike.relu %[[D]] : tensor<?x?xf32>
// CHECK:         %[[KS:.*]] = spike.relu %[[S]] : tensor<f32>
// CHECK:         return %[[K]], %[[KD]], %[[KS]]
func.func @relu(%x: tensor<4x64x384xf32>, %d: tensor<?x?xf32>, %s: tensor<f32>)
    -> (tensor<4x64x384xf32>, tensor<?x?xf32>, tensor<f32>) {
  %k = spike.relu %x : tensor<4x64x384xf32>
  %kd = spike.relu %d : tensor<?x?xf32>
  %ks = spike.relu %s : tensor<f32>
  return %k, %kd, %ks : tensor<4x64x384xf32>, tensor<?x?xf32>, tensor<f32>
}

// relu of relu is kept by a plain round trip (it folds under -canonicalize).
// CHECK-LABEL: func.func @relu_chain(
// CHECK:         %[[A:.*]] = spike.relu %{{.*}} : tensor<8xf32>
// CHECK:         spike.relu %[[A]] : tensor<8xf32>
func.func @relu_chain(%x: tensor<8xf32>) -> tensor<8xf32> {
  %a = spike.relu %x : tensor<8xf32>
  %b = spike.relu %a : tensor<8xf32>
  return %b : tensor<8xf32>
}

//===----------------------------------------------------------------------===//
// spike.repeat and spike.mean_time
//===----------------------------------------------------------------------===//

// Direct encoding of an image: f32, i1 and i2 inputs, dynamic dimensions.
// CHECK-LABEL: func.func @repeat(
// CHECK-SAME:      %[[IMG:.*]]: tensor<1x3x32x32xf32>, %[[S:.*]]: tensor<?x8xi1>, %[[T:.*]]: tensor<5xi2>)
// CHECK:         spike.repeat %[[IMG]] {timesteps = 4 : i64} : tensor<1x3x32x32xf32> -> tensor<4x1x3x32x32xf32>
// CHECK:         spike.repeat %[[S]] {timesteps = 1 : i64} : tensor<?x8xi1> -> tensor<1x?x8xi1>
// CHECK:         spike.repeat %[[T]] {timesteps = 16 : i64} : tensor<5xi2> -> tensor<?x5xi2>
func.func @repeat(%img: tensor<1x3x32x32xf32>, %s: tensor<?x8xi1>, %t: tensor<5xi2>)
    -> (tensor<4x1x3x32x32xf32>, tensor<1x?x8xi1>, tensor<?x5xi2>) {
  %0 = spike.repeat %img {timesteps = 4 : i64} : tensor<1x3x32x32xf32> -> tensor<4x1x3x32x32xf32>
  %1 = spike.repeat %s {timesteps = 1 : i64} : tensor<?x8xi1> -> tensor<1x?x8xi1>
  %2 = spike.repeat %t {timesteps = 16 : i64} : tensor<5xi2> -> tensor<?x5xi2>
  return %0, %1, %2 : tensor<4x1x3x32x32xf32>, tensor<1x?x8xi1>, tensor<?x5xi2>
}

// A rank-0 input gives a rank-1 sequence.
// CHECK-LABEL: func.func @repeat_scalar(
// CHECK:         spike.repeat %{{.*}} {timesteps = 3 : i64} : tensor<f32> -> tensor<3xf32>
func.func @repeat_scalar(%x: tensor<f32>) -> tensor<3xf32> {
  %0 = spike.repeat %x {timesteps = 3 : i64} : tensor<f32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// Firing rates of i1 and i2 spikes, the mean of f32 logits, rank-1 input.
// CHECK-LABEL: func.func @mean_time(
// CHECK-SAME:      %[[Y:.*]]: tensor<4x1x10xf32>, %[[S:.*]]: tensor<?x2x?xi1>, %[[T:.*]]: tensor<8x3xi2>, %[[R:.*]]: tensor<8xf32>)
// CHECK:         spike.mean_time %[[Y]] : tensor<4x1x10xf32> -> tensor<1x10xf32>
// CHECK:         spike.mean_time %[[S]] : tensor<?x2x?xi1> -> tensor<2x?xf32>
// CHECK:         spike.mean_time %[[T]] : tensor<8x3xi2> -> tensor<3xf32>
// CHECK:         spike.mean_time %[[R]] : tensor<8xf32> -> tensor<f32>
func.func @mean_time(%y: tensor<4x1x10xf32>, %s: tensor<?x2x?xi1>, %t: tensor<8x3xi2>, %r: tensor<8xf32>)
    -> (tensor<1x10xf32>, tensor<2x?xf32>, tensor<3xf32>, tensor<f32>) {
  %0 = spike.mean_time %y : tensor<4x1x10xf32> -> tensor<1x10xf32>
  %1 = spike.mean_time %s : tensor<?x2x?xi1> -> tensor<2x?xf32>
  %2 = spike.mean_time %t : tensor<8x3xi2> -> tensor<3xf32>
  %3 = spike.mean_time %r : tensor<8xf32> -> tensor<f32>
  return %0, %1, %2, %3 : tensor<1x10xf32>, tensor<2x?xf32>, tensor<3xf32>, tensor<f32>
}
