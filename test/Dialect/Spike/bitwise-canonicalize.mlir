// RUN: spike-opt %s -canonicalize -split-input-file | FileCheck %s

// Folds and canonicalizations of spike.and and spike.count, and the cases
// that must be left alone.

//===----------------------------------------------------------------------===//
// spike.and
//===----------------------------------------------------------------------===//

// x AND x = x.
// CHECK-LABEL: func.func @and_self(
// CHECK-SAME:      %[[X:.*]]: tensor<4x70xi1>)
// CHECK-NEXT:    return %[[X]] : tensor<4x70xi1>
func.func @and_self(%x: tensor<4x70xi1>) -> tensor<4x70xi1> {
  %r = spike.and %x, %x : tensor<4x70xi1>, tensor<4x70xi1> -> tensor<4x70xi1>
  return %r : tensor<4x70xi1>
}

// -----

// Not where the result type is less static than x: the op stays.
// CHECK-LABEL: func.func @and_self_other_type(
// CHECK-SAME:      %[[X:.*]]: tensor<4x70xi1>)
// CHECK-NEXT:    %[[R:.*]] = spike.and %[[X]], %[[X]] : tensor<4x70xi1>, tensor<4x70xi1> -> tensor<?x70xi1>
// CHECK-NEXT:    return %[[R]]
func.func @and_self_other_type(%x: tensor<4x70xi1>) -> tensor<?x70xi1> {
  %r = spike.and %x, %x : tensor<4x70xi1>, tensor<4x70xi1> -> tensor<?x70xi1>
  return %r : tensor<?x70xi1>
}

// -----

// Zeros absorb, on either side and broadcast to the result's shape.
// CHECK-LABEL: func.func @and_zeros(
// CHECK-NEXT:    %[[Z:.*]] = arith.constant dense<false> : tensor<4x70xi1>
// CHECK-NEXT:    return %[[Z]], %[[Z]] : tensor<4x70xi1>, tensor<4x70xi1>
func.func @and_zeros(%x: tensor<4x70xi1>) -> (tensor<4x70xi1>, tensor<4x70xi1>) {
  %z = arith.constant dense<false> : tensor<1x70xi1>
  %a = spike.and %x, %z : tensor<4x70xi1>, tensor<1x70xi1> -> tensor<4x70xi1>
  %b = spike.and %z, %x : tensor<1x70xi1>, tensor<4x70xi1> -> tensor<4x70xi1>
  return %a, %b : tensor<4x70xi1>, tensor<4x70xi1>
}

// -----

// Zeros with a dynamic result: no constant of that type, the op stays.
// CHECK-LABEL: func.func @and_zeros_dynamic(
// CHECK:         %[[R:.*]] = spike.and
// CHECK-NEXT:    return %[[R]]
func.func @and_zeros_dynamic(%x: tensor<?x70xi1>) -> tensor<?x70xi1> {
  %z = arith.constant dense<false> : tensor<1x70xi1>
  %r = spike.and %x, %z : tensor<?x70xi1>, tensor<1x70xi1> -> tensor<?x70xi1>
  return %r : tensor<?x70xi1>
}

// -----

// Ones are the identity when they broadcast nothing onto the other
// operand, on either side.
// CHECK-LABEL: func.func @and_ones(
// CHECK-SAME:      %[[X:.*]]: tensor<4x70xi1>)
// CHECK-NEXT:    return %[[X]], %[[X]] : tensor<4x70xi1>, tensor<4x70xi1>
func.func @and_ones(%x: tensor<4x70xi1>) -> (tensor<4x70xi1>, tensor<4x70xi1>) {
  %o = arith.constant dense<true> : tensor<70xi1>
  %a = spike.and %x, %o : tensor<4x70xi1>, tensor<70xi1> -> tensor<4x70xi1>
  %b = spike.and %o, %x : tensor<70xi1>, tensor<4x70xi1> -> tensor<4x70xi1>
  return %a, %b : tensor<4x70xi1>, tensor<4x70xi1>
}

// -----

// Ones that x is broadcast onto: the result is x broadcast, not x; the op
// stays (with the constant moved to the right, the op being commutative).
// CHECK-LABEL: func.func @and_ones_broadcasting(
// CHECK-SAME:      %[[X:.*]]: tensor<1x70xi1>)
// CHECK-NEXT:    %[[O:.*]] = arith.constant dense<true> : tensor<4x70xi1>
// CHECK-NEXT:    %[[R:.*]] = spike.and %[[X]], %[[O]] : tensor<1x70xi1>, tensor<4x70xi1> -> tensor<4x70xi1>
// CHECK-NEXT:    return %[[R]]
func.func @and_ones_broadcasting(%x: tensor<1x70xi1>) -> tensor<4x70xi1> {
  %o = arith.constant dense<true> : tensor<4x70xi1>
  %r = spike.and %o, %x : tensor<4x70xi1>, tensor<1x70xi1> -> tensor<4x70xi1>
  return %r : tensor<4x70xi1>
}

// -----

// Non-splat constants are left alone.
// CHECK-LABEL: func.func @and_constant_not_splat(
// CHECK:         spike.and
func.func @and_constant_not_splat(%x: tensor<2xi1>) -> tensor<2xi1> {
  %c = arith.constant dense<[true, false]> : tensor<2xi1>
  %r = spike.and %x, %c : tensor<2xi1>, tensor<2xi1> -> tensor<2xi1>
  return %r : tensor<2xi1>
}

// -----

//===----------------------------------------------------------------------===//
// spike.count
//===----------------------------------------------------------------------===//

// A count over dimensions of size 1 is the spike itself as f32.
// CHECK-LABEL: func.func @count_unit_dims(
// CHECK-SAME:      %[[S:.*]]: tensor<4x1x70xi1>, %[[T:.*]]: tensor<1x3x1xi2>)
// CHECK-NEXT:    %[[F:.*]] = arith.uitofp %[[S]] : tensor<4x1x70xi1> to tensor<4x1x70xf32>
// CHECK-NEXT:    %[[G:.*]] = arith.sitofp %[[T]] : tensor<1x3x1xi2> to tensor<1x3x1xf32>
// CHECK-NEXT:    return %[[F]], %[[G]]
func.func @count_unit_dims(%s: tensor<4x1x70xi1>, %t: tensor<1x3x1xi2>)
    -> (tensor<4x1x70xf32>, tensor<1x3x1xf32>) {
  %c = spike.count %s {dims = array<i64: 1>} : tensor<4x1x70xi1> -> tensor<4x1x70xf32>
  %d = spike.count %t {dims = array<i64: 0, 2>} : tensor<1x3x1xi2> -> tensor<1x3x1xf32>
  return %c, %d : tensor<4x1x70xf32>, tensor<1x3x1xf32>
}

// -----

// A reduced dimension larger than 1 (or dynamic), or a result more static
// than the input: the count stays.
// CHECK-LABEL: func.func @count_kept(
// CHECK-COUNT-3: spike.count
// CHECK-NOT:     arith.uitofp
func.func @count_kept(%s: tensor<4x2x70xi1>, %d: tensor<4x?xi1>, %e: tensor<?x1xi1>)
    -> (tensor<4x1x70xf32>, tensor<4x1xf32>, tensor<4x1xf32>) {
  %a = spike.count %s {dims = array<i64: 1>} : tensor<4x2x70xi1> -> tensor<4x1x70xf32>
  %b = spike.count %d {dims = array<i64: 1>} : tensor<4x?xi1> -> tensor<4x1xf32>
  %c = spike.count %e {dims = array<i64: 1>} : tensor<?x1xi1> -> tensor<4x1xf32>
  return %a, %b, %c : tensor<4x1x70xf32>, tensor<4x1xf32>, tensor<4x1xf32>
}

// -----

// The count of a splat constant: the spike times the number of reduced
// elements (4 x 70 = 280; -1 x 3 = -3).
// CHECK-LABEL: func.func @count_splat(
// CHECK-DAG:     %[[A:.*]] = arith.constant dense<2.800000e+02> : tensor<1x3x1xf32>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<-3.000000e+00> : tensor<1x4x70xf32>
// CHECK-DAG:     %[[C:.*]] = arith.constant dense<0.000000e+00> : tensor<4x3x1xf32>
// CHECK-NOT:     spike.count
// CHECK:         return %[[A]], %[[B]], %[[C]]
func.func @count_splat() -> (tensor<1x3x1xf32>, tensor<1x4x70xf32>, tensor<4x3x1xf32>) {
  %ones = arith.constant dense<true> : tensor<4x3x70xi1>
  %minus = arith.constant dense<-1> : tensor<3x4x70xi2>
  %zeros = arith.constant dense<false> : tensor<4x3x70xi1>
  %a = spike.count %ones {dims = array<i64: 0, 2>} : tensor<4x3x70xi1> -> tensor<1x3x1xf32>
  %b = spike.count %minus {dims = array<i64: 0>} : tensor<3x4x70xi2> -> tensor<1x4x70xf32>
  %c = spike.count %zeros {dims = array<i64: 2>} : tensor<4x3x70xi1> -> tensor<4x3x1xf32>
  return %a, %b, %c : tensor<1x3x1xf32>, tensor<1x4x70xf32>, tensor<4x3x1xf32>
}

// -----

// -2 is not a ternary spike: its count is not folded.
// CHECK-LABEL: func.func @count_splat_not_a_spike(
// CHECK:         spike.count
func.func @count_splat_not_a_spike() -> tensor<1x4xf32> {
  %c = arith.constant dense<-2> : tensor<3x4xi2>
  %r = spike.count %c {dims = array<i64: 0>} : tensor<3x4xi2> -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

// -----

// Masked by zeros, nothing is left to count.
// CHECK-LABEL: func.func @count_of_and_zeros(
// CHECK-NEXT:    %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<4x1xf32>
// CHECK-NEXT:    return %[[Z]]
func.func @count_of_and_zeros(%x: tensor<4x70xi1>) -> tensor<4x1xf32> {
  %z = arith.constant dense<false> : tensor<70xi1>
  %m = spike.and %x, %z : tensor<4x70xi1>, tensor<70xi1> -> tensor<4x70xi1>
  %c = spike.count %m {dims = array<i64: 1>} : tensor<4x70xi1> -> tensor<4x1xf32>
  return %c : tensor<4x1xf32>
}
