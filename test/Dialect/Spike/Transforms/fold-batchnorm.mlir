// RUN: spike-opt %s --spike-fold-batchnorm -split-input-file | FileCheck %s

// Constant weights and statistics fold at compile time:
// scale = gamma / sqrt(var + eps) = [2, 0.5]; W' = W * scale per row;
// b' = (b - mean) * scale + beta.
// CHECK-LABEL: func.func @linear_constants(
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[}}[2.000000e+00, 4.000000e+00], [1.500000e+00, 2.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[1.000000e+00, -5.000000e-01]> : tensor<2xf32>
// CHECK:         %[[Y:.*]] = spike.linear %{{.*}}, %[[W]], %[[B]]
// CHECK-NOT:     spike.batch_norm
// CHECK:         return %[[Y]]
func.func @linear_constants(%s: tensor<3x2xi1>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = spike.linear %s, %w, %b : (tensor<3x2xi1>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %gamma = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.5, 5.0]> : tensor<2xf32>
  %var = arith.constant dense<[0.25, 16.0]> : tensor<2xf32>
  %z = spike.batch_norm %y, %gamma, %beta, %mean, %var {axis = -1 : i64, epsilon = 0.0 : f32}
      : tensor<3x2xf32>, tensor<2xf32>
  return %z : tensor<3x2xf32>
}

// -----

// Without a bias the fold creates one; conv2d folds along its channels.
// CHECK-LABEL: func.func @conv_constants(
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{.*}}3.000000e+00{{.*}}> : tensor<2x1x1x1xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<[-1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK:         spike.conv2d %{{.*}}, %[[W]], %[[B]] {strides = array<i64: 2, 2>}
// CHECK-NOT:     spike.batch_norm
func.func @conv_constants(%s: tensor<1x1x4x4xi1>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[1.5]]]]> : tensor<2x1x1x1xf32>
  %y = spike.conv2d %s, %w {strides = array<i64: 2, 2>} : (tensor<1x1x4x4xi1>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %gamma = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %z = spike.batch_norm %y, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32}
      : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %z : tensor<1x2x2x2xf32>
}

// -----

// Weights that are function arguments: the new weights are computed on
// tensors ahead of the synapse.
// CHECK-LABEL: func.func @linear_runtime(
// CHECK-SAME:      %[[S:.*]]: tensor<3x4xi1>, %[[W:.*]]: tensor<2x4xf32>
// CHECK:         %[[V:.*]]:2 = linalg.generic
// CHECK:           math.sqrt
// CHECK:           arith.divf
// CHECK:         %[[W2:.*]] = linalg.generic {{.*}} ins(%[[W]], %[[V]]#0
// CHECK:           arith.mulf
// CHECK:         spike.linear %[[S]], %[[W2]], %[[V]]#1
// CHECK-NOT:     spike.batch_norm
func.func @linear_runtime(%s: tensor<3x4xi1>, %w: tensor<2x4xf32>, %g: tensor<2xf32>, %b: tensor<2xf32>,
                          %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<3x2xf32> {
  %y = spike.linear %s, %w : (tensor<3x4xi1>, tensor<2x4xf32>) -> tensor<3x2xf32>
  %z = spike.batch_norm %y, %g, %b, %m, %v {axis = 1 : i64} : tensor<3x2xf32>, tensor<2xf32>
  return %z : tensor<3x2xf32>
}

// -----

// Not on the output-feature axis, or the synapse has other users: kept.
// CHECK-LABEL: func.func @not_folded(
// CHECK:         spike.batch_norm
// CHECK:         spike.batch_norm
func.func @not_folded(%s: tensor<2x3xi1>, %w: tensor<2x3xf32>, %g: tensor<2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %y = spike.linear %s, %w : (tensor<2x3xi1>, tensor<2x3xf32>) -> tensor<2x2xf32>
  %z = spike.batch_norm %y, %g, %g, %g, %g {axis = 0 : i64} : tensor<2x2xf32>, tensor<2xf32>
  %y2 = spike.linear %s, %w : (tensor<2x3xi1>, tensor<2x3xf32>) -> tensor<2x2xf32>
  %z2 = spike.batch_norm %y2, %g, %g, %g, %g {axis = 1 : i64} : tensor<2x2xf32>, tensor<2xf32>
  %sum = arith.addf %z2, %y2 : tensor<2x2xf32>
  return %z, %sum : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// A conv1d imported as a conv2d of height 1, collapsed back to [C, L]: the
// batch norm moves above the collapse (its axis is a group of its own) and
// folds into the conv.
// CHECK-LABEL: func.func @conv1d_collapse
// CHECK-NOT: spike.batch_norm
// CHECK: %[[CONV:.*]] = spike.conv2d %{{.*}}, %[[W:.*]], %[[B:.*]] :
// CHECK: tensor.collapse_shape %[[CONV]] {{\[}}[0], [1], [2, 3]]
// CHECK-NOT: spike.batch_norm
func.func @conv1d_collapse(%x: tensor<2x4x1x8xf32>) -> tensor<2x3x8xf32> {
  %w = arith.constant dense<1.0> : tensor<3x4x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<3xf32>
  %b = arith.constant dense<0.5> : tensor<3xf32>
  %m = arith.constant dense<1.0> : tensor<3xf32>
  %v = arith.constant dense<4.0> : tensor<3xf32>
  %y = spike.conv2d %x, %w : (tensor<2x4x1x8xf32>, tensor<3x4x1x1xf32>) -> tensor<2x3x1x8xf32>
  %c = tensor.collapse_shape %y [[0], [1], [2, 3]] : tensor<2x3x1x8xf32> into tensor<2x3x8xf32>
  %n = spike.batch_norm %c, %g, %b, %m, %v {axis = 1 : i64, epsilon = 0.0 : f32} : tensor<2x3x8xf32>, tensor<3xf32>
  return %n : tensor<2x3x8xf32>
}

// -----

// The normalised axis is merged by the collapse: nothing moves.
// CHECK-LABEL: func.func @merged_axis
// CHECK: tensor.collapse_shape
// CHECK: spike.batch_norm
func.func @merged_axis(%x: tensor<2x4x1x8xf32>) -> tensor<2x24xf32> {
  %w = arith.constant dense<1.0> : tensor<3x4x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<24xf32>
  %y = spike.conv2d %x, %w : (tensor<2x4x1x8xf32>, tensor<3x4x1x1xf32>) -> tensor<2x3x1x8xf32>
  %c = tensor.collapse_shape %y [[0], [1, 2, 3]] : tensor<2x3x1x8xf32> into tensor<2x24xf32>
  %n = spike.batch_norm %c, %g, %g, %g, %g {axis = 1 : i64} : tensor<2x24xf32>, tensor<24xf32>
  return %n : tensor<2x24xf32>
}
