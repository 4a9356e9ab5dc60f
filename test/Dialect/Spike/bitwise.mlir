// RUN: spike-opt %s | spike-opt | FileCheck %s
// RUN: spike-opt %s --mlir-print-op-generic | spike-opt | FileCheck %s

// Round trip of the bitwise ops: spike.and (broadcasting, ranks that
// differ, dynamic sizes) and spike.count (i1 and i2, one or several dims,
// the innermost or outer ones, dynamic sizes).

// The suggested form: a per-token mask broadcast over 196 tokens.
// CHECK-LABEL: func.func @and_broadcast_tokens(
// CHECK-SAME:      %[[A:.*]]: tensor<4x2x8x1x48xi1>, %[[B:.*]]: tensor<4x2x8x196x48xi1>)
// CHECK:         %[[R:.*]] = spike.and %[[A]], %[[B]] : tensor<4x2x8x1x48xi1>, tensor<4x2x8x196x48xi1> -> tensor<4x2x8x196x48xi1>
// CHECK-NEXT:    return %[[R]]
func.func @and_broadcast_tokens(%a: tensor<4x2x8x1x48xi1>, %b: tensor<4x2x8x196x48xi1>)
    -> tensor<4x2x8x196x48xi1> {
  %r = spike.and %a, %b : tensor<4x2x8x1x48xi1>, tensor<4x2x8x196x48xi1>
      -> tensor<4x2x8x196x48xi1>
  return %r : tensor<4x2x8x196x48xi1>
}

// Same shapes.
// CHECK-LABEL: func.func @and_same_shape(
// CHECK:         spike.and %{{.*}}, %{{.*}} : tensor<3x70xi1>, tensor<3x70xi1> -> tensor<3x70xi1>
func.func @and_same_shape(%a: tensor<3x70xi1>, %b: tensor<3x70xi1>) -> tensor<3x70xi1> {
  %r = spike.and %a, %b : tensor<3x70xi1>, tensor<3x70xi1> -> tensor<3x70xi1>
  return %r : tensor<3x70xi1>
}

// Ranks differ (right-aligned), both operands broadcast, the innermost
// dimension too: [5, 1] and [2, 1, 7] give [2, 5, 7].
// CHECK-LABEL: func.func @and_ranks_differ(
// CHECK:         spike.and %{{.*}}, %{{.*}} : tensor<5x1xi1>, tensor<2x1x7xi1> -> tensor<2x5x7xi1>
func.func @and_ranks_differ(%a: tensor<5x1xi1>, %b: tensor<2x1x7xi1>) -> tensor<2x5x7xi1> {
  %r = spike.and %a, %b : tensor<5x1xi1>, tensor<2x1x7xi1> -> tensor<2x5x7xi1>
  return %r : tensor<2x5x7xi1>
}

// A rank-0 operand (one spike) against a tensor.
// CHECK-LABEL: func.func @and_scalar(
// CHECK:         spike.and %{{.*}}, %{{.*}} : tensor<i1>, tensor<4x9xi1> -> tensor<4x9xi1>
func.func @and_scalar(%a: tensor<i1>, %b: tensor<4x9xi1>) -> tensor<4x9xi1> {
  %r = spike.and %a, %b : tensor<i1>, tensor<4x9xi1> -> tensor<4x9xi1>
  return %r : tensor<4x9xi1>
}

// Dynamic sizes: ? against 3 is 3; ? against 1 stays ?.
// CHECK-LABEL: func.func @and_dynamic(
// CHECK:         spike.and %{{.*}}, %{{.*}} : tensor<?x?xi1>, tensor<3x1xi1> -> tensor<3x?xi1>
func.func @and_dynamic(%a: tensor<?x?xi1>, %b: tensor<3x1xi1>) -> tensor<3x?xi1> {
  %r = spike.and %a, %b : tensor<?x?xi1>, tensor<3x1xi1> -> tensor<3x?xi1>
  return %r : tensor<3x?xi1>
}

// The suggested count: spikes per channel over the tokens.
// CHECK-LABEL: func.func @count_tokens(
// CHECK-SAME:      %[[X:.*]]: tensor<4x2x8x196x48xi1>)
// CHECK:         %[[C:.*]] = spike.count %[[X]] {dims = array<i64: 3>} : tensor<4x2x8x196x48xi1> -> tensor<4x2x8x1x48xf32>
// CHECK-NEXT:    return %[[C]]
func.func @count_tokens(%x: tensor<4x2x8x196x48xi1>) -> tensor<4x2x8x1x48xf32> {
  %c = spike.count %x {dims = array<i64: 3>} : tensor<4x2x8x196x48xi1> -> tensor<4x2x8x1x48xf32>
  return %c : tensor<4x2x8x1x48xf32>
}

// Over the innermost (channels of a head) and over several dimensions.
// CHECK-LABEL: func.func @count_innermost_and_several(
// CHECK:         spike.count %{{.*}} {dims = array<i64: 2>} : tensor<2x3x70xi1> -> tensor<2x3x1xf32>
// CHECK:         spike.count %{{.*}} {dims = array<i64: 0, 2>} : tensor<2x3x70xi1> -> tensor<1x3x1xf32>
// CHECK:         spike.count %{{.*}} {dims = array<i64: 0, 1, 2>} : tensor<2x3x70xi1> -> tensor<1x1x1xf32>
func.func @count_innermost_and_several(%x: tensor<2x3x70xi1>)
    -> (tensor<2x3x1xf32>, tensor<1x3x1xf32>, tensor<1x1x1xf32>) {
  %a = spike.count %x {dims = array<i64: 2>} : tensor<2x3x70xi1> -> tensor<2x3x1xf32>
  %b = spike.count %x {dims = array<i64: 0, 2>} : tensor<2x3x70xi1> -> tensor<1x3x1xf32>
  %c = spike.count %x {dims = array<i64: 0, 1, 2>} : tensor<2x3x70xi1> -> tensor<1x1x1xf32>
  return %a, %b, %c : tensor<2x3x1xf32>, tensor<1x3x1xf32>, tensor<1x1x1xf32>
}

// Ternary spikes (the sum of -1/+1), dynamic sizes.
// CHECK-LABEL: func.func @count_ternary_dynamic(
// CHECK:         spike.count %{{.*}} {dims = array<i64: 0, 2>} : tensor<3x?x70xi2> -> tensor<1x?x1xf32>
// CHECK:         spike.count %{{.*}} {dims = array<i64: 1>} : tensor<3x?x70xi2> -> tensor<3x1x70xf32>
func.func @count_ternary_dynamic(%t: tensor<3x?x70xi2>) -> (tensor<1x?x1xf32>, tensor<3x1x70xf32>) {
  %a = spike.count %t {dims = array<i64: 0, 2>} : tensor<3x?x70xi2> -> tensor<1x?x1xf32>
  %b = spike.count %t {dims = array<i64: 1>} : tensor<3x?x70xi2> -> tensor<3x1x70xf32>
  return %a, %b : tensor<1x?x1xf32>, tensor<3x1x70xf32>
}
