// RUN: spike-opt %s --convert-spike-to-linalg --canonicalize --cse -split-input-file | FileCheck %s

// A LIF neuron is a loop over time carrying the membrane in the lane layout
// [S', W, 64]; each step is one linalg.generic that updates the membrane and
// ors every lane's spike into its word (the lane dimension is a reduction),
// so a following synapse reads packed words: no i1 tensor in between.
// CHECK-LABEL: func.func @lif_into_linear(
// CHECK-NOT:     xi1>
// CHECK:         tensor.pad %{{.*}} high[0, 0, 28]
// CHECK:         tensor.expand_shape {{.*}} into tensor<4x3x2x64xf32>
// CHECK:         scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<3x2x64xf32>, tensor<4x3x2xi64>)
// CHECK:           linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-SAME:        outs(%{{.*}}, %{{.*}} : tensor<3x2x64xf32>, tensor<3x2xi64>)
// CHECK:             arith.mulf
// CHECK:             arith.mulf
// CHECK:             arith.addf
// CHECK:             arith.addf
// CHECK:             arith.cmpf oge
// CHECK:             arith.select
// Lanes 100..127 are padding and never fire.
// CHECK:             arith.cmpi ult, %{{.*}}, %c100
// CHECK:             arith.andi
// CHECK:             arith.shli
// CHECK:             arith.ori
// CHECK:           tensor.insert_slice
// CHECK:         scf.while
// CHECK-NOT:     xi1>
// CHECK:         return
func.func @lif_into_linear(%x: tensor<4x3x100xf32>, %w: tensor<8x100xf32>) -> tensor<4x3x8xf32> {
  %s = spike.lif %x : tensor<4x3x100xf32> -> tensor<4x3x100xi1>
  %y = spike.linear %s, %w : (tensor<4x3x100xi1>, tensor<8x100xf32>) -> tensor<4x3x8xf32>
  return %y : tensor<4x3x8xf32>
}

// -----

// compare gt and soft reset; per-neuron parameters are padded into the lane
// layout and read through broadcasting maps; 64 features need no mask.
// CHECK-DAG:   #[[LANES:.*]] = affine_map<(d0, d1, d2) -> (0, d1, d2)>
// CHECK-DAG:   #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, 0)>
// CHECK-LABEL: func.func @lif_params(
// CHECK:         %[[DECAY:.*]] = arith.constant dense<{{.*}}> : tensor<1x1x64xf32>
// CHECK:         %[[THRESHOLD:.*]] = arith.constant dense<{{\[}}[5.000000e-01], [1.000000e+00]]> : tensor<2x1xf32>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[LANES]], #[[ROW]], #{{.*}}, #{{.*}}]
// CHECK-SAME:      ins(%{{.*}}, %[[DECAY]], %[[THRESHOLD]] :
// CHECK:           arith.cmpf ogt
// CHECK:           arith.subf
// CHECK:           arith.select
// CHECK-NOT:       arith.cmpi ult
// CHECK:           arith.shli
func.func @lif_params(%x: tensor<3x2x64xf32>) -> tensor<3x2x64xi1> {
  %s = spike.lif %x {decay = dense<[0.5, 0.25, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
                                    0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
                                    0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
                                    0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]> : tensor<64xf32>,
                     v_threshold = dense<[[0.5], [1.0]]> : tensor<2x1xf32>,
                     compare = #spike.compare<gt>, reset = #spike.reset<soft>}
      : tensor<3x2x64xf32> -> tensor<3x2x64xi1>
  return %s : tensor<3x2x64xi1>
}

// -----

// Ternary neurons write two word planes; the result is [2, T, S', W].
// CHECK-LABEL: func.func @ternary(
// CHECK:         scf.for {{.*}} -> (tensor<5x1x64xf32>, tensor<2x4x5x1xi64>)
// CHECK:           linalg.generic
// CHECK-SAME:        outs(%{{.*}}, %{{.*}}, %{{.*}} : tensor<5x1x64xf32>, tensor<5x1xi64>, tensor<5x1xi64>)
// CHECK:             arith.cmpf oge
// CHECK:             arith.cmpf ole
// CHECK:           tensor.insert_slice %{{.*}} into %{{.*}}[0, %{{.*}}, 0, 0] [1, 1, 5, 1]
// CHECK:           tensor.insert_slice %{{.*}} into %{{.*}}[1, %{{.*}}, 0, 0] [1, 1, 5, 1]
func.func @ternary(%x: tensor<4x5x10xf32>, %w: tensor<3x10xf32>) -> tensor<4x5x3xf32> {
  %v = spike.ternary_lif %x : tensor<4x5x10xf32> -> tensor<4x5x10xi2>
  %y = spike.linear %v, %w : (tensor<4x5x10xi2>, tensor<3x10xf32>) -> tensor<4x5x3xf32>
  return %y : tensor<4x5x3xf32>
}

// -----

// The leaky integrator keeps f32 neurons; its output is the membrane.
// CHECK-LABEL: func.func @leaky(
// CHECK:         scf.for {{.*}} -> (tensor<2x3xf32>, tensor<6x2x3xf32>)
// CHECK:           linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK:           tensor.insert_slice
func.func @leaky(%x: tensor<6x2x3xf32>) -> tensor<6x2x3xf32> {
  %v = spike.leaky_integrate %x {decay = 9.0e-01 : f32} : tensor<6x2x3xf32> -> tensor<6x2x3xf32>
  return %v : tensor<6x2x3xf32>
}

