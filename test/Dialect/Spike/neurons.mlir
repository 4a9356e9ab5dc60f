// RUN: spike-opt %s | spike-opt | FileCheck %s
// RUN: spike-opt %s --mlir-print-op-generic | spike-opt | FileCheck %s

// Round trip of the neuron ops: spike.lif, spike.ternary_lif and
// spike.leaky_integrate. Default attributes are elided when printed.

// CHECK-LABEL: func.func @lif_defaults(
// CHECK-SAME:      %[[X:.*]]: tensor<4x2x64xf32>)
// CHECK:         %[[S:.*]] = spike.lif %[[X]] : tensor<4x2x64xf32> -> tensor<4x2x64xi1>
// CHECK-NEXT:    return %[[S]]
func.func @lif_defaults(%x: tensor<4x2x64xf32>) -> tensor<4x2x64xi1> {
  %s = spike.lif %x : tensor<4x2x64xf32> -> tensor<4x2x64xi1>
  return %s : tensor<4x2x64xi1>
}

// Every default written out explicitly is still elided.
// CHECK-LABEL: func.func @lif_explicit_defaults(
// CHECK-SAME:      %[[X:.*]]: tensor<4x8xf32>)
// CHECK:         spike.lif %[[X]] : tensor<4x8xf32> -> tensor<4x8xi1>
func.func @lif_explicit_defaults(%x: tensor<4x8xf32>) -> tensor<4x8xi1> {
  %s = spike.lif %x {decay = 5.000000e-01 : f32, gain = 5.000000e-01 : f32,
                     bias = 0.000000e+00 : f32, v_threshold = 1.000000e+00 : f32,
                     v_reset = 0.000000e+00 : f32, v_init = 0.000000e+00 : f32,
                     compare = #spike.compare<ge>, reset = #spike.reset<hard>}
      : tensor<4x8xf32> -> tensor<4x8xi1>
  return %s : tensor<4x8xi1>
}

// Every attribute with a non-default scalar value.
// CHECK-LABEL: func.func @lif_scalars(
// CHECK-SAME:      %[[X:.*]]: tensor<8x1x10xf32>)
// CHECK:         spike.lif %[[X]] {
// CHECK-SAME:        bias = 2.500000e-01 : f32
// CHECK-SAME:        compare = #spike.compare<gt>
// CHECK-SAME:        decay = 7.500000e-01 : f32
// CHECK-SAME:        gain = 1.000000e+00 : f32
// CHECK-SAME:        reset = #spike.reset<soft>
// CHECK-SAME:        v_init = -1.250000e-01 : f32
// CHECK-SAME:        v_reset = -5.000000e-01 : f32
// CHECK-SAME:        v_threshold = 2.000000e+00 : f32
// CHECK-SAME:      } : tensor<8x1x10xf32> -> tensor<8x1x10xi1>
func.func @lif_scalars(%x: tensor<8x1x10xf32>) -> tensor<8x1x10xi1> {
  %s = spike.lif %x {decay = 7.500000e-01 : f32, gain = 1.000000e+00 : f32,
                     bias = 2.500000e-01 : f32, v_threshold = 2.000000e+00 : f32,
                     v_reset = -5.000000e-01 : f32, v_init = -1.250000e-01 : f32,
                     compare = #spike.compare<gt>, reset = #spike.reset<soft>}
      : tensor<8x1x10xf32> -> tensor<8x1x10xi1>
  return %s : tensor<8x1x10xi1>
}

// reset = none is kept; compare = ge (the default) is elided.
// CHECK-LABEL: func.func @lif_reset_none(
// CHECK:         spike.lif %{{.*}} {reset = #spike.reset<none>} : tensor<3x5xf32> -> tensor<3x5xi1>
func.func @lif_reset_none(%x: tensor<3x5xf32>) -> tensor<3x5xi1> {
  %s = spike.lif %x {reset = #spike.reset<none>, compare = #spike.compare<ge>}
      : tensor<3x5xf32> -> tensor<3x5xi1>
  return %s : tensor<3x5xi1>
}

// Per-neuron parameters of several shapes broadcastable to S... = 2x3x4:
// full shape, trailing dimensions, size-1 dimensions, rank 0 and a splat.
// CHECK-LABEL: func.func @lif_per_neuron(
// CHECK-SAME:      %[[X:.*]]: tensor<5x2x3x4xf32>)
// CHECK:         spike.lif %[[X]] {
// CHECK-SAME:        bias = dense<2.500000e-01> : tensor<2x3x4xf32>
// CHECK-SAME:        decay = dense<[5.000000e-01, 7.500000e-01, 8.750000e-01, 1.000000e+00]> : tensor<4xf32>
// CHECK-SAME:        gain = dense<{{\[}}[1.000000e+00], [2.000000e+00], [3.000000e+00]]> : tensor<3x1xf32>
// CHECK-SAME:        v_init = dense<1.000000e+00> : tensor<1x1x1xf32>
// CHECK-SAME:        v_reset = dense<-1.000000e+00> : tensor<f32>
// CHECK-SAME:        v_threshold = dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]]> : tensor<1x4xf32>
// CHECK-SAME:      } : tensor<5x2x3x4xf32> -> tensor<5x2x3x4xi1>
func.func @lif_per_neuron(%x: tensor<5x2x3x4xf32>) -> tensor<5x2x3x4xi1> {
  %s = spike.lif %x {decay = dense<[0.5, 0.75, 0.875, 1.0]> : tensor<4xf32>,
                     gain = dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf32>,
                     bias = dense<0.25> : tensor<2x3x4xf32>,
                     v_threshold = dense<[[1.0, 2.0, 3.0, 4.0]]> : tensor<1x4xf32>,
                     v_reset = dense<-1.0> : tensor<f32>,
                     v_init = dense<1.0> : tensor<1x1x1xf32>}
      : tensor<5x2x3x4xf32> -> tensor<5x2x3x4xi1>
  return %s : tensor<5x2x3x4xi1>
}

// A per-neuron parameter may match a dynamic neuron dimension; T and the
// neuron dimensions may be dynamic.
// CHECK-LABEL: func.func @lif_dynamic(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?x16xf32>)
// CHECK:         spike.lif %[[X]] {v_threshold = dense<5.000000e-01> : tensor<3x16xf32>} : tensor<?x?x16xf32> -> tensor<?x?x16xi1>
func.func @lif_dynamic(%x: tensor<?x?x16xf32>) -> tensor<?x?x16xi1> {
  %s = spike.lif %x {v_threshold = dense<0.5> : tensor<3x16xf32>}
      : tensor<?x?x16xf32> -> tensor<?x?x16xi1>
  return %s : tensor<?x?x16xi1>
}

// A neuron op with no neuron dimensions (S... empty): only T.
// CHECK-LABEL: func.func @lif_rank1(
// CHECK:         spike.lif %{{.*}} : tensor<16xf32> -> tensor<16xi1>
func.func @lif_rank1(%x: tensor<16xf32>) -> tensor<16xi1> {
  %s = spike.lif %x : tensor<16xf32> -> tensor<16xi1>
  return %s : tensor<16xi1>
}

// CHECK-LABEL: func.func @ternary_lif_defaults(
// CHECK-SAME:      %[[X:.*]]: tensor<4x64x384xf32>)
// CHECK:         %[[V:.*]] = spike.ternary_lif %[[X]] : tensor<4x64x384xf32> -> tensor<4x64x384xi2>
// CHECK-NEXT:    return %[[V]]
func.func @ternary_lif_defaults(%x: tensor<4x64x384xf32>) -> tensor<4x64x384xi2> {
  %v = spike.ternary_lif %x : tensor<4x64x384xf32> -> tensor<4x64x384xi2>
  return %v : tensor<4x64x384xi2>
}

// CHECK-LABEL: func.func @ternary_lif_attrs(
// CHECK-SAME:      %[[X:.*]]: tensor<4x?x8xf32>)
// CHECK:         spike.ternary_lif %[[X]] {
// CHECK-SAME:        bias = -2.500000e-01 : f32
// CHECK-SAME:        decay = 1.000000e+00 : f32
// CHECK-SAME:        gain = dense<2.000000e+00> : tensor<8xf32>
// CHECK-SAME:        reset = #spike.reset<soft>
// CHECK-SAME:        v_init = 1.250000e-01 : f32
// CHECK-SAME:        v_reset = 5.000000e-01 : f32
// CHECK-SAME:        v_threshold = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e-01, 2.500000e-01, 1.250000e-01, 6.250000e-02]> : tensor<8xf32>
// CHECK-SAME:      } : tensor<4x?x8xf32> -> tensor<4x?x8xi2>
func.func @ternary_lif_attrs(%x: tensor<4x?x8xf32>) -> tensor<4x?x8xi2> {
  %v = spike.ternary_lif %x {decay = 1.0 : f32, gain = dense<2.0> : tensor<8xf32>,
                             bias = -0.25 : f32,
                             v_threshold = dense<[1.0, 2.0, 3.0, 4.0, 0.5, 0.25, 0.125, 0.0625]> : tensor<8xf32>,
                             v_reset = 0.5 : f32, v_init = 0.125 : f32,
                             reset = #spike.reset<soft>}
      : tensor<4x?x8xf32> -> tensor<4x?x8xi2>
  return %v : tensor<4x?x8xi2>
}

// CHECK-LABEL: func.func @ternary_lif_reset_none(
// CHECK:         spike.ternary_lif %{{.*}} {reset = #spike.reset<none>, v_threshold = 1.000000e-03 : f32} : tensor<2x3xf32> -> tensor<2x3xi2>
func.func @ternary_lif_reset_none(%x: tensor<2x3xf32>) -> tensor<2x3xi2> {
  %v = spike.ternary_lif %x {reset = #spike.reset<none>, v_threshold = 1.000000e-03 : f32}
      : tensor<2x3xf32> -> tensor<2x3xi2>
  return %v : tensor<2x3xi2>
}

// CHECK-LABEL: func.func @leaky_integrate_defaults(
// CHECK-SAME:      %[[X:.*]]: tensor<16x1x10xf32>)
// CHECK:         %[[V:.*]] = spike.leaky_integrate %[[X]] : tensor<16x1x10xf32> -> tensor<16x1x10xf32>
// CHECK-NEXT:    return %[[V]]
func.func @leaky_integrate_defaults(%x: tensor<16x1x10xf32>) -> tensor<16x1x10xf32> {
  %v = spike.leaky_integrate %x : tensor<16x1x10xf32> -> tensor<16x1x10xf32>
  return %v : tensor<16x1x10xf32>
}

// CHECK-LABEL: func.func @leaky_integrate_attrs(
// CHECK-SAME:      %[[X:.*]]: tensor<?x2x10xf32>)
// CHECK:         spike.leaky_integrate %[[X]] {
// CHECK-SAME:        bias = dense<1.000000e-01> : tensor<2x1xf32>
// CHECK-SAME:        decay = 8.750000e-01 : f32
// CHECK-SAME:        gain = 1.000000e+00 : f32
// CHECK-SAME:        v_init = dense<-2.000000e+00> : tensor<10xf32>
// CHECK-SAME:      } : tensor<?x2x10xf32> -> tensor<?x2x10xf32>
func.func @leaky_integrate_attrs(%x: tensor<?x2x10xf32>) -> tensor<?x2x10xf32> {
  %v = spike.leaky_integrate %x {decay = 8.750000e-01 : f32, gain = 1.000000e+00 : f32,
                                 bias = dense<0.1> : tensor<2x1xf32>,
                                 v_init = dense<-2.0> : tensor<10xf32>}
      : tensor<?x2x10xf32> -> tensor<?x2x10xf32>
  return %v : tensor<?x2x10xf32>
}
