// RUN: spike-opt %s --convert-spike-to-linalg --canonicalize --cse -split-input-file | FileCheck %s

// maxpool of spikes: whole words are ored across the window rows, then the
// window columns are gathered bit by bit into the output words.
// CHECK-LABEL: func.func @maxpool_bits(
// CHECK-NOT:     arith.maximumf
// CHECK:         tensor.pad %{{.*}} low[0, 1, 0] high[0, 1, 0]
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK:           arith.ori
// CHECK:         -> tensor<8x35x2xi64>
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK:           tensor.extract %{{.*}} : tensor<8x35x2xi64>
// CHECK:         -> tensor<8x35x1xi64>
func.func @maxpool_bits(%s: tensor<2x4x70x70xi1>) -> tensor<2x4x35x35xi1> {
  %p = spike.maxpool2d %s {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<2x4x70x70xi1> -> tensor<2x4x35x35xi1>
  return %p : tensor<2x4x35x35xi1>
}

// -----

// f32 pools reduce windows of the padded input through strided maps.
// CHECK-DAG:   #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 * 2 + d3, d2 * 2 + d4)>
// CHECK-LABEL: func.func @avgpool(
// CHECK:         linalg.generic {indexing_maps = [#[[WINDOW]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK:           arith.addf
// CHECK:         arith.divf %{{.*}}, %cst
func.func @avgpool(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %p = spike.avgpool2d %x {kernel = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return %p : tensor<1x3x4x4xf32>
}

// -----

// mean_time of spikes: unpacked to 0.0/1.0, summed over time, divided by T.
// CHECK-LABEL: func.func @rate(
// CHECK:         arith.uitofp
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK:         arith.divf %{{.*}}, %cst
func.func @rate(%x: tensor<4x2x10xf32>) -> tensor<2x10xf32> {
  %s = spike.lif %x : tensor<4x2x10xf32> -> tensor<4x2x10xi1>
  %r = spike.mean_time %s : tensor<4x2x10xi1> -> tensor<2x10xf32>
  return %r : tensor<2x10xf32>
}

// -----

// repeat of packed spikes repeats their words.
// CHECK-LABEL: func.func @repeat_spikes(
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<3x1xi64>) outs(%{{.*}} : tensor<5x3x1xi64>)
func.func @repeat_spikes(%s: tensor<3x20xi1>, %w: tensor<2x20xf32>) -> tensor<5x3x2xf32> {
  %r = spike.repeat %s {timesteps = 5 : i64} : tensor<3x20xi1> -> tensor<5x3x20xi1>
  %y = spike.linear %r, %w : (tensor<5x3x20xi1>, tensor<2x20xf32>) -> tensor<5x3x2xf32>
  return %y : tensor<5x3x2xf32>
}

// -----

// batch_norm (not folded): (x - mean) * (gamma / sqrt(var + eps)) + beta.
// CHECK-LABEL: func.func @batch_norm(
// CHECK:         math.sqrt
// CHECK:         arith.divf
// CHECK:         linalg.generic
// CHECK:           arith.subf
// CHECK:           arith.mulf
// CHECK:           arith.addf
func.func @batch_norm(%x: tensor<2x3x4xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %y = spike.batch_norm %x, %g, %b, %m, %v : tensor<2x3x4xf32>, tensor<3xf32>
  return %y : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @relu(
// CHECK:         arith.maximumf
func.func @relu(%x: tensor<5xf32>) -> tensor<5xf32> {
  %y = spike.relu %x : tensor<5xf32>
  return %y : tensor<5xf32>
}

// -----

// Spikes converted to f32 come from the packed words: bit l of a word
// becomes 0.0/1.0 in lane l (binary), and the +1 plane minus the -1 plane
// (ternary); no i1/i2 tensor is materialised.
// CHECK-LABEL: func.func @spikes_to_float(
// CHECK-NOT:     tensor<{{[0-9x]*}}xi1>
// CHECK:         arith.shrui
// CHECK:         arith.uitofp %{{.*}} : i1 to f32
// CHECK-NOT:     tensor<{{[0-9x]*}}xi1>
// CHECK:         return
func.func @spikes_to_float(%x: tensor<2x3x10xf32>) -> tensor<2x3x10xf32> {
  %s = spike.lif %x : tensor<2x3x10xf32> -> tensor<2x3x10xi1>
  %f = arith.uitofp %s : tensor<2x3x10xi1> to tensor<2x3x10xf32>
  return %f : tensor<2x3x10xf32>
}

// -----

// CHECK-LABEL: func.func @ternary_to_float(
// CHECK:         linalg.generic
// CHECK:           arith.subf
// CHECK:         return
func.func @ternary_to_float(%x: tensor<2x3x10xf32>) -> tensor<2x3x10xf32> {
  %s = spike.ternary_lif %x : tensor<2x3x10xf32> -> tensor<2x3x10xi2>
  %f = arith.sitofp %s : tensor<2x3x10xi2> to tensor<2x3x10xf32>
  return %f : tensor<2x3x10xf32>
}

// -----

// Casts of spikes that are not packed (a single spike, dynamic shapes) stay
// arith ops (they used to crash the conversion).
// CHECK-LABEL: func.func @unpacked_casts(
// CHECK-SAME:      %[[A:.*]]: tensor<?x8xi1>, %[[T:.*]]: tensor<i2>)
// CHECK-NEXT:    %[[Y:.*]] = arith.uitofp %[[A]] : tensor<?x8xi1> to tensor<?x8xf32>
// CHECK-NEXT:    %[[Z:.*]] = arith.sitofp %[[T]] : tensor<i2> to tensor<f32>
// CHECK-NEXT:    return %[[Y]], %[[Z]]
func.func @unpacked_casts(%a: tensor<?x8xi1>, %t: tensor<i2>) -> (tensor<?x8xf32>, tensor<f32>) {
  %y = arith.uitofp %a : tensor<?x8xi1> to tensor<?x8xf32>
  %z = arith.sitofp %t : tensor<i2> to tensor<f32>
  return %y, %z : tensor<?x8xf32>, tensor<f32>
}
