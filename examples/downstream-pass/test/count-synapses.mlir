// RUN: downstream-opt %s --count-spike-synapses 2>&1 | FileCheck %s
// RUN: downstream-opt %s --count-spike-synapses --spike-cpu-pipeline | FileCheck %s --check-prefix=LOWERED

// The pass annotates spike's ops; spike's own pipeline still lowers them.

// CHECK: remark: 2 synapse layers, 200 synapses
// CHECK-LABEL: func.func @forward
// CHECK: spike.conv2d {{.*}}synapse_count.synapses = 72 : i64
// CHECK: spike.linear {{.*}}synapse_count.synapses = 128 : i64
// LOWERED: llvm.func @forward
// LOWERED-NOT: spike.
func.func @forward(%x: tensor<1x2x4x4xf32>, %w: tensor<4x2x3x3xf32>, %v: tensor<4x32xf32>) -> tensor<1x4xf32> {
  %s = spike.lif %x {v_threshold = 0.5 : f32} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xi1>
  %c = spike.conv2d %s, %w {padding = array<i64: 0, 0, 0, 0>} : (tensor<1x2x4x4xi1>, tensor<4x2x3x3xf32>) -> tensor<1x4x2x2xf32>
  %f = tensor.collapse_shape %c [[0], [1, 2, 3]] : tensor<1x4x2x2xf32> into tensor<1x16xf32>
  %g = tensor.concat dim(1) %f, %f : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x32xf32>
  %t = spike.lif %g {v_threshold = 0.5 : f32} : tensor<1x32xf32> -> tensor<1x32xi1>
  %y = spike.linear %t, %v : (tensor<1x32xi1>, tensor<4x32xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
