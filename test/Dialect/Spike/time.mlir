// RUN: spike-opt %s | spike-opt | FileCheck %s
// RUN: spike-opt %s --mlir-print-op-generic | spike-opt | FileCheck %s

// Round trip of spike.time_loop, spike.yield and the single-step neurons.

// CHECK-LABEL: func.func @recurrent(
// CHECK-SAME:      %[[X:.*]]: tensor<8x1x16xf32>, %[[W:.*]]: tensor<16x16xf32>)
// CHECK:         %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<1x16xf32>
// CHECK:         %[[L:.*]]:3 = spike.time_loop ins(%[[X]] : tensor<8x1x16xf32>) carry(%[[Z]], %[[Z]] : tensor<1x16xf32>, tensor<1x16xf32>) -> (tensor<8x1x16xf32>, tensor<1x16xf32>, tensor<1x16xf32>) {
// CHECK:         ^bb0(%[[XT:.*]]: tensor<1x16xf32>, %[[V:.*]]: tensor<1x16xf32>, %[[P:.*]]: tensor<1x16xf32>):
// CHECK:           %[[IN:.*]] = arith.addf %[[XT]], %[[P]]
// CHECK:           %[[S:.*]], %[[V2:.*]] = spike.lif_step %[[IN]], %[[V]] {compare = #spike.compare<gt>, v_threshold = 5.000000e-01 : f32} : tensor<1x16xf32> -> tensor<1x16xi1>
// CHECK:           %[[T:.*]], %[[V3:.*]] = spike.ternary_lif_step %[[IN]], %[[V]] {reset = #spike.reset<soft>} : tensor<1x16xf32> -> tensor<1x16xi2>
// CHECK:           %[[I:.*]] = spike.leaky_integrate_step %[[IN]], %[[V]] {decay = 7.500000e-01 : f32} : tensor<1x16xf32>
// CHECK:           spike.yield %{{.*}}, %[[V2]], %[[I]] : tensor<1x16xf32>, tensor<1x16xf32>, tensor<1x16xf32>
// CHECK:         return %[[L]]#0
func.func @recurrent(%x: tensor<8x1x16xf32>, %w: tensor<16x16xf32>) -> tensor<8x1x16xf32> {
  %z = arith.constant dense<0.0> : tensor<1x16xf32>
  %out:3 = spike.time_loop ins(%x : tensor<8x1x16xf32>) carry(%z, %z : tensor<1x16xf32>, tensor<1x16xf32>)
      -> (tensor<8x1x16xf32>, tensor<1x16xf32>, tensor<1x16xf32>) {
  ^bb0(%xt: tensor<1x16xf32>, %v: tensor<1x16xf32>, %prev: tensor<1x16xf32>):
    %in = arith.addf %xt, %prev : tensor<1x16xf32>
    %s, %v2 = spike.lif_step %in, %v {v_threshold = 0.5 : f32, compare = #spike.compare<gt>} : tensor<1x16xf32> -> tensor<1x16xi1>
    %t, %v3 = spike.ternary_lif_step %in, %v {reset = #spike.reset<soft>} : tensor<1x16xf32> -> tensor<1x16xi2>
    %i = spike.leaky_integrate_step %in, %v {decay = 0.75 : f32} : tensor<1x16xf32>
    %sf = arith.uitofp %s : tensor<1x16xi1> to tensor<1x16xf32>
    spike.yield %sf, %v2, %i : tensor<1x16xf32>, tensor<1x16xf32>, tensor<1x16xf32>
  }
  return %out#0 : tensor<8x1x16xf32>
}

// A loop without inputs or carried values (T from its results).
// CHECK-LABEL: func.func @no_operands(
// CHECK:         spike.time_loop -> (tensor<3x2xf32>) {
func.func @no_operands(%c: tensor<2xf32>) -> tensor<3x2xf32> {
  %out = spike.time_loop -> (tensor<3x2xf32>) {
    spike.yield %c : tensor<2xf32>
  }
  return %out : tensor<3x2xf32>
}
