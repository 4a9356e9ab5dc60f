// RUN: spike-opt %s | FileCheck %s
// RUN: spike-opt %s | spike-opt | FileCheck %s
// RUN: spike-opt %s | FileCheck %s --check-prefix=CUSTOM

// Every op written in the generic form parses and is printed in its custom
// form, with the inherent attributes (properties) given as `<{...}>` or, in
// the older spelling, as a plain attribute dictionary `{...}`.

// No op is left in the generic form.
// CUSTOM-NOT: "spike.

// CHECK-LABEL: func.func @neurons(
// CHECK-SAME:      %[[X:.*]]: tensor<4x2x3xf32>)
// CHECK:         %[[S:.*]] = spike.lif %[[X]] {compare = #spike.compare<gt>, decay = 7.500000e-01 : f32, reset = #spike.reset<soft>, v_threshold = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>} : tensor<4x2x3xf32> -> tensor<4x2x3xi1>
// CHECK:         %[[T:.*]] = spike.ternary_lif %[[X]] {reset = #spike.reset<none>} : tensor<4x2x3xf32> -> tensor<4x2x3xi2>
// CHECK:         %[[L:.*]] = spike.leaky_integrate %[[X]] : tensor<4x2x3xf32> -> tensor<4x2x3xf32>
// CHECK:         return %[[S]], %[[T]], %[[L]]
func.func @neurons(%x: tensor<4x2x3xf32>) -> (tensor<4x2x3xi1>, tensor<4x2x3xi2>, tensor<4x2x3xf32>) {
  %s = "spike.lif"(%x) <{decay = 7.500000e-01 : f32, v_threshold = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>,
                         compare = #spike.compare<gt>, reset = #spike.reset<soft>}>
      : (tensor<4x2x3xf32>) -> tensor<4x2x3xi1>
  %t = "spike.ternary_lif"(%x) <{reset = #spike.reset<none>}> : (tensor<4x2x3xf32>) -> tensor<4x2x3xi2>
  // Every default spelled out: all are elided.
  %l = "spike.leaky_integrate"(%x) <{decay = 5.000000e-01 : f32, gain = 5.000000e-01 : f32,
                                     bias = 0.000000e+00 : f32, v_init = 0.000000e+00 : f32}>
      : (tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
  return %s, %t, %l : tensor<4x2x3xi1>, tensor<4x2x3xi2>, tensor<4x2x3xf32>
}

// Inherent attributes in a plain attribute dictionary become properties; an
// attribute that is not inherent stays a discardable attribute.
// CHECK-LABEL: func.func @attr_dict(
// CHECK-SAME:      %[[X:.*]]: tensor<8x10xf32>)
// CHECK:         spike.lif %[[X]] {gain = 1.000000e+00 : f32, reset = #spike.reset<none>, v_threshold = 2.500000e-01 : f32} : tensor<8x10xf32> -> tensor<8x10xi1>
// CHECK:         spike.leaky_integrate %[[X]] {decay = 8.750000e-01 : f32, my.tag = "readout"} : tensor<8x10xf32> -> tensor<8x10xf32>
func.func @attr_dict(%x: tensor<8x10xf32>) -> (tensor<8x10xi1>, tensor<8x10xf32>) {
  %s = "spike.lif"(%x) {gain = 1.0 : f32, v_threshold = 0.25 : f32, reset = #spike.reset<none>}
      : (tensor<8x10xf32>) -> tensor<8x10xi1>
  %v = "spike.leaky_integrate"(%x) {decay = 0.875 : f32, my.tag = "readout"}
      : (tensor<8x10xf32>) -> tensor<8x10xf32>
  return %s, %v : tensor<8x10xi1>, tensor<8x10xf32>
}

// CHECK-LABEL: func.func @synapses(
// CHECK-SAME:      %[[S:.*]]: tensor<2x3x8x8xi1>, %[[CW:.*]]: tensor<4x3x3x3xf32>, %[[CB:.*]]: tensor<4xf32>, %[[T:.*]]: tensor<5x16xi2>, %[[LW:.*]]: tensor<6x16xf32>)
// CHECK:         spike.conv2d %[[S]], %[[CW]], %[[CB]] {dilations = array<i64: 2, 1>, padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x8xi1>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x6x8xf32>
// CHECK:         spike.conv2d %[[S]], %[[CW]] {strides = array<i64: 2, 2>} : (tensor<2x3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<2x4x3x3xf32>
// CHECK:         spike.linear %[[T]], %[[LW]] : (tensor<5x16xi2>, tensor<6x16xf32>) -> tensor<5x6xf32>
func.func @synapses(%s: tensor<2x3x8x8xi1>, %cw: tensor<4x3x3x3xf32>, %cb: tensor<4xf32>,
                    %t: tensor<5x16xi2>, %lw: tensor<6x16xf32>)
    -> (tensor<2x4x6x8xf32>, tensor<2x4x3x3xf32>, tensor<5x6xf32>) {
  %0 = "spike.conv2d"(%s, %cw, %cb) <{padding = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 1>,
                                       strides = array<i64: 1, 1>, groups = 1 : i64}>
      : (tensor<2x3x8x8xi1>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x6x8xf32>
  %1 = "spike.conv2d"(%s, %cw) {strides = array<i64: 2, 2>}
      : (tensor<2x3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<2x4x3x3xf32>
  %2 = "spike.linear"(%t, %lw) : (tensor<5x16xi2>, tensor<6x16xf32>) -> tensor<5x6xf32>
  return %0, %1, %2 : tensor<2x4x6x8xf32>, tensor<2x4x3x3xf32>, tensor<5x6xf32>
}

// CHECK-LABEL: func.func @attention(
// CHECK-SAME:      %[[Q:.*]]: tensor<4x16x64xi1>, %[[K:.*]]: tensor<4x16x64xf32>, %[[V:.*]]: tensor<4x16x64xi2>)
// CHECK:         spike.attention %[[Q]], %[[K]], %[[V]] {num_heads = 8 : i64, scale = 2.500000e-01 : f32} : (tensor<4x16x64xi1>, tensor<4x16x64xf32>, tensor<4x16x64xi2>) -> tensor<4x16x64xf32>
func.func @attention(%q: tensor<4x16x64xi1>, %k: tensor<4x16x64xf32>, %v: tensor<4x16x64xi2>)
    -> tensor<4x16x64xf32> {
  %o = "spike.attention"(%q, %k, %v) <{num_heads = 8 : i64, scale = 0.25 : f32}>
      : (tensor<4x16x64xi1>, tensor<4x16x64xf32>, tensor<4x16x64xi2>) -> tensor<4x16x64xf32>
  return %o : tensor<4x16x64xf32>
}

// CHECK-LABEL: func.func @pools(
// CHECK-SAME:      %[[S:.*]]: tensor<3x8x8xi1>, %[[X:.*]]: tensor<3x8x8xf32>)
// CHECK:         spike.maxpool2d %[[S]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<3x8x8xi1> -> tensor<3x4x4xi1>
// CHECK:         spike.avgpool2d %[[X]] {kernel = array<i64: 2, 2>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
// CHECK:         spike.sumpool2d %[[S]] {kernel = array<i64: 2, 4>, strides = array<i64: 1, 1>} : tensor<3x8x8xi1> -> tensor<3x7x5xf32>
func.func @pools(%s: tensor<3x8x8xi1>, %x: tensor<3x8x8xf32>)
    -> (tensor<3x4x4xi1>, tensor<3x4x4xf32>, tensor<3x7x5xf32>) {
  %0 = "spike.maxpool2d"(%s) <{kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                               padding = array<i64: 1, 1, 1, 1>}> : (tensor<3x8x8xi1>) -> tensor<3x4x4xi1>
  %1 = "spike.avgpool2d"(%x) <{kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>}>
      : (tensor<3x8x8xf32>) -> tensor<3x4x4xf32>
  %2 = "spike.sumpool2d"(%s) {kernel = array<i64: 2, 4>, strides = array<i64: 1, 1>}
      : (tensor<3x8x8xi1>) -> tensor<3x7x5xf32>
  return %0, %1, %2 : tensor<3x4x4xi1>, tensor<3x4x4xf32>, tensor<3x7x5xf32>
}

// CHECK-LABEL: func.func @graph(
// CHECK-SAME:      %[[X:.*]]: tensor<2x6xf32>, %[[P:.*]]: tensor<6xf32>)
// CHECK:         %[[BN:.*]] = spike.batch_norm %[[X]], %[[P]], %[[P]], %[[P]], %[[P]] {axis = -1 : i64, epsilon = 1.000000e-03 : f32} : tensor<2x6xf32>, tensor<6xf32>
// CHECK:         %[[R:.*]] = spike.relu %[[BN]] : tensor<2x6xf32>
// CHECK:         %[[T:.*]] = spike.repeat %[[R]] {timesteps = 4 : i64} : tensor<2x6xf32> -> tensor<4x2x6xf32>
// CHECK:         %[[M:.*]] = spike.mean_time %[[T]] : tensor<4x2x6xf32> -> tensor<2x6xf32>
// CHECK:         return %[[M]]
func.func @graph(%x: tensor<2x6xf32>, %p: tensor<6xf32>) -> tensor<2x6xf32> {
  %bn = "spike.batch_norm"(%x, %p, %p, %p, %p) <{axis = -1 : i64, epsilon = 1.000000e-03 : f32}>
      : (tensor<2x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  %r = "spike.relu"(%bn) : (tensor<2x6xf32>) -> tensor<2x6xf32>
  %t = "spike.repeat"(%r) {timesteps = 4 : i64} : (tensor<2x6xf32>) -> tensor<4x2x6xf32>
  %m = "spike.mean_time"(%t) : (tensor<4x2x6xf32>) -> tensor<2x6xf32>
  return %m : tensor<2x6xf32>
}
