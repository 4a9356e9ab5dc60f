// RUN: spike-opt %s -canonicalize -split-input-file | FileCheck %s

// Folds and canonicalizations of the spike ops, and the cases that must be
// left alone.

//===----------------------------------------------------------------------===//
// spike.relu
//===----------------------------------------------------------------------===//

// relu(relu(x)) = relu(x).
// CHECK-LABEL: func.func @relu_relu(
// CHECK-SAME:      %[[X:.*]]: tensor<4x8xf32>)
// CHECK-NEXT:    %[[R:.*]] = spike.relu %[[X]] : tensor<4x8xf32>
// CHECK-NEXT:    return %[[R]] : tensor<4x8xf32>
func.func @relu_relu(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = spike.relu %x : tensor<4x8xf32>
  %1 = spike.relu %0 : tensor<4x8xf32>
  %2 = spike.relu %1 : tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}

// -----

// Spikes converted to f32 with uitofp are 0 or 1: relu is the identity.
// CHECK-LABEL: func.func @relu_uitofp(
// CHECK-SAME:      %[[S:.*]]: tensor<4x8xi1>)
// CHECK-NEXT:    %[[F:.*]] = arith.uitofp %[[S]] : tensor<4x8xi1> to tensor<4x8xf32>
// CHECK-NEXT:    return %[[F]] : tensor<4x8xf32>
func.func @relu_uitofp(%s: tensor<4x8xi1>) -> tensor<4x8xf32> {
  %f = arith.uitofp %s : tensor<4x8xi1> to tensor<4x8xf32>
  %r = spike.relu %f : tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// Negative values (-0.0 included) become +0.0; the others are kept.
// CHECK-LABEL: func.func @relu_constant(
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<[0.000000e+00, 1.500000e+00, 0.000000e+00, 0.000000e+00, 2.500000e-01]> : tensor<5xf32>
// CHECK-NEXT:    return %[[C]] : tensor<5xf32>
func.func @relu_constant() -> tensor<5xf32> {
  %c = arith.constant dense<[-2.0, 1.5, -0.0, 0.0, 0.25]> : tensor<5xf32>
  %r = spike.relu %c : tensor<5xf32>
  return %r : tensor<5xf32>
}

// -----

// CHECK-LABEL: func.func @relu_constant_2d(
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<{{\[}}[0.000000e+00, 3.000000e+00], [4.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT:    return %[[C]] : tensor<2x2xf32>
func.func @relu_constant_2d() -> tensor<2x2xf32> {
  %c = arith.constant dense<[[-1.0, 3.0], [4.0, -5.0]]> : tensor<2x2xf32>
  %r = spike.relu %c : tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @relu_constant_splat(
// CHECK-DAG:     %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<3x4xf32>
// CHECK-DAG:     %[[P:.*]] = arith.constant dense<7.500000e-01> : tensor<3x4xf32>
// CHECK-NOT:     spike.relu
// CHECK:         return %[[Z]], %[[P]] : tensor<3x4xf32>, tensor<3x4xf32>
func.func @relu_constant_splat() -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %n = arith.constant dense<-3.0> : tensor<3x4xf32>
  %p = arith.constant dense<0.75> : tensor<3x4xf32>
  %rn = spike.relu %n : tensor<3x4xf32>
  %rp = spike.relu %p : tensor<3x4xf32>
  return %rn, %rp : tensor<3x4xf32>, tensor<3x4xf32>
}

// -----

// A signed conversion can be negative: relu stays.
// CHECK-LABEL: func.func @relu_sitofp_kept(
// CHECK-SAME:      %[[T:.*]]: tensor<8xi2>)
// CHECK-NEXT:    %[[F:.*]] = arith.sitofp %[[T]] : tensor<8xi2> to tensor<8xf32>
// CHECK-NEXT:    %[[R:.*]] = spike.relu %[[F]] : tensor<8xf32>
// CHECK-NEXT:    return %[[R]] : tensor<8xf32>
func.func @relu_sitofp_kept(%t: tensor<8xi2>) -> tensor<8xf32> {
  %f = arith.sitofp %t : tensor<8xi2> to tensor<8xf32>
  %r = spike.relu %f : tensor<8xf32>
  return %r : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @relu_argument_kept(
// CHECK-SAME:      %[[X:.*]]: tensor<?x8xf32>)
// CHECK-NEXT:    %[[R:.*]] = spike.relu %[[X]] : tensor<?x8xf32>
// CHECK-NEXT:    return %[[R]]
func.func @relu_argument_kept(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %r = spike.relu %x : tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}

// -----

// Other producers of possibly negative values: relu stays.
// CHECK-LABEL: func.func @relu_of_linear_kept(
// CHECK:         %[[Y:.*]] = spike.linear
// CHECK-NEXT:    %[[R:.*]] = spike.relu %[[Y]] : tensor<4x2xf32>
// CHECK-NEXT:    return %[[R]]
func.func @relu_of_linear_kept(%s: tensor<4x8xi1>, %w: tensor<2x8xf32>) -> tensor<4x2xf32> {
  %y = spike.linear %s, %w : (tensor<4x8xi1>, tensor<2x8xf32>) -> tensor<4x2xf32>
  %r = spike.relu %y : tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// spike.mean_time of spike.repeat
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @mean_of_repeat_f32(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT:    return %[[X]] : tensor<2x3xf32>
func.func @mean_of_repeat_f32(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %t = spike.repeat %x {timesteps = 4 : i64} : tensor<2x3xf32> -> tensor<4x2x3xf32>
  %m = spike.mean_time %t : tensor<4x2x3xf32> -> tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}

// -----

// Binary spikes are read as unsigned (0 or 1).
// CHECK-LABEL: func.func @mean_of_repeat_i1(
// CHECK-SAME:      %[[S:.*]]: tensor<2x3xi1>)
// CHECK-NEXT:    %[[F:.*]] = arith.uitofp %[[S]] : tensor<2x3xi1> to tensor<2x3xf32>
// CHECK-NEXT:    return %[[F]] : tensor<2x3xf32>
func.func @mean_of_repeat_i1(%s: tensor<2x3xi1>) -> tensor<2x3xf32> {
  %t = spike.repeat %s {timesteps = 8 : i64} : tensor<2x3xi1> -> tensor<8x2x3xi1>
  %m = spike.mean_time %t : tensor<8x2x3xi1> -> tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}

// -----

// Ternary spikes are read as signed (-1, 0 or +1).
// CHECK-LABEL: func.func @mean_of_repeat_i2(
// CHECK-SAME:      %[[T:.*]]: tensor<5xi2>)
// CHECK-NEXT:    %[[F:.*]] = arith.sitofp %[[T]] : tensor<5xi2> to tensor<5xf32>
// CHECK-NEXT:    return %[[F]] : tensor<5xf32>
func.func @mean_of_repeat_i2(%t: tensor<5xi2>) -> tensor<5xf32> {
  %r = spike.repeat %t {timesteps = 2 : i64} : tensor<5xi2> -> tensor<2x5xi2>
  %m = spike.mean_time %r : tensor<2x5xi2> -> tensor<5xf32>
  return %m : tensor<5xf32>
}

// -----

// The repeat stays while something else uses it.
// CHECK-LABEL: func.func @mean_of_repeat_shared(
// CHECK-SAME:      %[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT:    %[[T:.*]] = spike.repeat %[[X]] {timesteps = 4 : i64} : tensor<3xf32> -> tensor<4x3xf32>
// CHECK-NEXT:    return %[[X]], %[[T]] : tensor<3xf32>, tensor<4x3xf32>
func.func @mean_of_repeat_shared(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<4x3xf32>) {
  %t = spike.repeat %x {timesteps = 4 : i64} : tensor<3xf32> -> tensor<4x3xf32>
  %m = spike.mean_time %t : tensor<4x3xf32> -> tensor<3xf32>
  return %m, %t : tensor<3xf32>, tensor<4x3xf32>
}

// -----

// A repeat of a rank-0 value.
// CHECK-LABEL: func.func @mean_of_repeat_scalar(
// CHECK-SAME:      %[[X:.*]]: tensor<f32>)
// CHECK-NEXT:    return %[[X]] : tensor<f32>
func.func @mean_of_repeat_scalar(%x: tensor<f32>) -> tensor<f32> {
  %t = spike.repeat %x {timesteps = 3 : i64} : tensor<f32> -> tensor<3xf32>
  %m = spike.mean_time %t : tensor<3xf32> -> tensor<f32>
  return %m : tensor<f32>
}

// -----

// The result type is more static than the repeated value: replacing it would
// change the type, so the op stays.
// CHECK-LABEL: func.func @mean_of_repeat_shape_differs(
// CHECK:         spike.repeat
// CHECK:         %[[M:.*]] = spike.mean_time %{{.*}} : tensor<4x?x3xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    return %[[M]]
func.func @mean_of_repeat_shape_differs(%x: tensor<?x3xf32>) -> tensor<2x3xf32> {
  %t = spike.repeat %x {timesteps = 4 : i64} : tensor<?x3xf32> -> tensor<4x?x3xf32>
  %m = spike.mean_time %t : tensor<4x?x3xf32> -> tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @mean_time_argument_kept(
// CHECK-SAME:      %[[S:.*]]: tensor<4x3xi1>)
// CHECK-NEXT:    %[[M:.*]] = spike.mean_time %[[S]] : tensor<4x3xi1> -> tensor<3xf32>
// CHECK-NEXT:    return %[[M]]
func.func @mean_time_argument_kept(%s: tensor<4x3xi1>) -> tensor<3xf32> {
  %m = spike.mean_time %s : tensor<4x3xi1> -> tensor<3xf32>
  return %m : tensor<3xf32>
}

// -----

// The spikes of a neuron change over time: not a repeat.
// CHECK-LABEL: func.func @mean_of_lif_kept(
// CHECK:         %[[S:.*]] = spike.lif
// CHECK-NEXT:    %[[M:.*]] = spike.mean_time %[[S]] : tensor<4x3xi1> -> tensor<3xf32>
// CHECK-NEXT:    return %[[M]]
func.func @mean_of_lif_kept(%x: tensor<3xf32>) -> tensor<3xf32> {
  %t = spike.repeat %x {timesteps = 4 : i64} : tensor<3xf32> -> tensor<4x3xf32>
  %s = spike.lif %t : tensor<4x3xf32> -> tensor<4x3xi1>
  %m = spike.mean_time %s : tensor<4x3xi1> -> tensor<3xf32>
  return %m : tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Pools with a 1x1 window, unit strides and no padding
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @pool_identity(
// CHECK-SAME:      %[[S:.*]]: tensor<2x3x4x4xi1>, %[[X:.*]]: tensor<3x5x7xf32>)
// CHECK-NEXT:    return %[[S]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @pool_identity(%s: tensor<2x3x4x4xi1>, %x: tensor<3x5x7xf32>)
    -> (tensor<2x3x4x4xi1>, tensor<3x5x7xf32>, tensor<3x5x7xf32>, tensor<3x5x7xf32>, tensor<3x5x7xf32>) {
  %0 = spike.maxpool2d %s {kernel = array<i64: 1, 1>} : tensor<2x3x4x4xi1> -> tensor<2x3x4x4xi1>
  %1 = spike.maxpool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  %2 = spike.avgpool2d %x {kernel = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  %3 = spike.sumpool2d %x {kernel = array<i64: 1, 1>} : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  %4 = spike.sumpool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3x4x4xi1>, tensor<3x5x7xf32>, tensor<3x5x7xf32>, tensor<3x5x7xf32>, tensor<3x5x7xf32>
}

// -----

// CHECK-LABEL: func.func @pool_identity_dynamic(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?x?xf32>)
// CHECK-NEXT:    return %[[X]] : tensor<?x?x?xf32>
func.func @pool_identity_dynamic(%x: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %0 = spike.avgpool2d %x {kernel = array<i64: 1, 1>} : tensor<?x?x?xf32> -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

// A 2x2 window really pools.
// CHECK-LABEL: func.func @pool_2x2_kept(
// CHECK-NEXT:    %[[A:.*]] = spike.maxpool2d %{{.*}} {kernel = array<i64: 2, 2>} : tensor<3x4x4xf32> -> tensor<3x2x2xf32>
// CHECK-NEXT:    %[[B:.*]] = spike.avgpool2d %{{.*}} {kernel = array<i64: 2, 2>} : tensor<3x4x4xf32> -> tensor<3x2x2xf32>
// CHECK-NEXT:    %[[C:.*]] = spike.sumpool2d %{{.*}} {kernel = array<i64: 2, 2>} : tensor<3x4x4xf32> -> tensor<3x2x2xf32>
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]]
func.func @pool_2x2_kept(%x: tensor<3x4x4xf32>) -> (tensor<3x2x2xf32>, tensor<3x2x2xf32>, tensor<3x2x2xf32>) {
  %0 = spike.maxpool2d %x {kernel = array<i64: 2, 2>} : tensor<3x4x4xf32> -> tensor<3x2x2xf32>
  %1 = spike.avgpool2d %x {kernel = array<i64: 2, 2>} : tensor<3x4x4xf32> -> tensor<3x2x2xf32>
  %2 = spike.sumpool2d %x {kernel = array<i64: 2, 2>} : tensor<3x4x4xf32> -> tensor<3x2x2xf32>
  return %0, %1, %2 : tensor<3x2x2xf32>, tensor<3x2x2xf32>, tensor<3x2x2xf32>
}

// -----

// A 1x1 window that is not the identity: a 1x2 window, a stride of 2 or
// padding (zeros around the input).
// CHECK-LABEL: func.func @pool_1x1_not_identity_kept(
// CHECK-NEXT:    %[[A:.*]] = spike.maxpool2d %{{.*}} {kernel = array<i64: 1, 2>, strides = array<i64: 1, 1>} : tensor<3x4x4xf32> -> tensor<3x4x3xf32>
// CHECK-NEXT:    %[[B:.*]] = spike.sumpool2d %{{.*}} {kernel = array<i64: 1, 1>, strides = array<i64: 2, 1>} : tensor<3x4x4xf32> -> tensor<3x2x4xf32>
// CHECK-NEXT:    %[[C:.*]] = spike.avgpool2d %{{.*}} {kernel = array<i64: 1, 1>, padding = array<i64: 1, 0, 0, 0>} : tensor<3x4x4xf32> -> tensor<3x5x4xf32>
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]]
func.func @pool_1x1_not_identity_kept(%x: tensor<3x4x4xf32>)
    -> (tensor<3x4x3xf32>, tensor<3x2x4xf32>, tensor<3x5x4xf32>) {
  %0 = spike.maxpool2d %x {kernel = array<i64: 1, 2>, strides = array<i64: 1, 1>} : tensor<3x4x4xf32> -> tensor<3x4x3xf32>
  %1 = spike.sumpool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 2, 1>} : tensor<3x4x4xf32> -> tensor<3x2x4xf32>
  %2 = spike.avgpool2d %x {kernel = array<i64: 1, 1>, padding = array<i64: 1, 0, 0, 0>} : tensor<3x4x4xf32> -> tensor<3x5x4xf32>
  return %0, %1, %2 : tensor<3x4x3xf32>, tensor<3x2x4xf32>, tensor<3x5x4xf32>
}

// -----

// On spikes, avgpool and sumpool change the element type (i1 -> f32): the
// types differ, no fold.
// CHECK-LABEL: func.func @pool_1x1_type_change_kept(
// CHECK-NEXT:    %[[A:.*]] = spike.avgpool2d %{{.*}} {kernel = array<i64: 1, 1>} : tensor<3x4x4xi1> -> tensor<3x4x4xf32>
// CHECK-NEXT:    %[[B:.*]] = spike.sumpool2d %{{.*}} {kernel = array<i64: 1, 1>} : tensor<3x4x4xi1> -> tensor<3x4x4xf32>
// CHECK-NEXT:    return %[[A]], %[[B]]
func.func @pool_1x1_type_change_kept(%s: tensor<3x4x4xi1>) -> (tensor<3x4x4xf32>, tensor<3x4x4xf32>) {
  %0 = spike.avgpool2d %s {kernel = array<i64: 1, 1>} : tensor<3x4x4xi1> -> tensor<3x4x4xf32>
  %1 = spike.sumpool2d %s {kernel = array<i64: 1, 1>} : tensor<3x4x4xi1> -> tensor<3x4x4xf32>
  return %0, %1 : tensor<3x4x4xf32>, tensor<3x4x4xf32>
}

// -----

// A 1x1 pool whose result type is more static than its input.
// CHECK-LABEL: func.func @pool_1x1_shape_differs_kept(
// CHECK-NEXT:    %[[A:.*]] = spike.maxpool2d %{{.*}} {kernel = array<i64: 1, 1>} : tensor<3x?x4xf32> -> tensor<3x4x4xf32>
// CHECK-NEXT:    return %[[A]]
func.func @pool_1x1_shape_differs_kept(%x: tensor<3x?x4xf32>) -> tensor<3x4x4xf32> {
  %0 = spike.maxpool2d %x {kernel = array<i64: 1, 1>} : tensor<3x?x4xf32> -> tensor<3x4x4xf32>
  return %0 : tensor<3x4x4xf32>
}
