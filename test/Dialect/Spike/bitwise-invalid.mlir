// RUN: spike-opt %s -split-input-file -verify-diagnostics

// Every verifier message and ODS constraint of spike.and and spike.count.

//===----------------------------------------------------------------------===//
// spike.and
//===----------------------------------------------------------------------===//

// Ternary spikes have no Hadamard product that is an AND.
func.func @and_lhs_i2(%a: tensor<4x8xi2>, %b: tensor<4x8xi1>) -> tensor<4x8xi1> {
  // expected-error @+1 {{'spike.and' op lhs must have element type i1, got 'tensor<4x8xi2>'}}
  %r = spike.and %a, %b : tensor<4x8xi2>, tensor<4x8xi1> -> tensor<4x8xi1>
  return %r : tensor<4x8xi1>
}

// -----

func.func @and_rhs_f32(%a: tensor<4x8xi1>, %b: tensor<4x8xf32>) -> tensor<4x8xi1> {
  // expected-error @+1 {{'spike.and' op rhs must have element type i1, got 'tensor<4x8xf32>'}}
  %r = spike.and %a, %b : tensor<4x8xi1>, tensor<4x8xf32> -> tensor<4x8xi1>
  return %r : tensor<4x8xi1>
}

// -----

func.func @and_output_f32(%a: tensor<4x8xi1>, %b: tensor<4x8xi1>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.and' op output must have element type i1, got 'tensor<4x8xf32>'}}
  %r = spike.and %a, %b : tensor<4x8xi1>, tensor<4x8xi1> -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

func.func @and_lhs_unranked(%a: tensor<*xi1>, %b: tensor<4x8xi1>) -> tensor<4x8xi1> {
  // expected-error @+1 {{'spike.and' op operand #0 must be ranked tensor of i1 (S1...), but got 'tensor<*xi1>'}}
  %r = "spike.and"(%a, %b) : (tensor<*xi1>, tensor<4x8xi1>) -> tensor<4x8xi1>
  return %r : tensor<4x8xi1>
}

// -----

// Sizes that are neither equal nor 1 (the innermost is dimension 0).
func.func @and_not_broadcastable(%a: tensor<3x8xi1>, %b: tensor<2x4x8xi1>) -> tensor<2x4x8xi1> {
  // expected-error @+1 {{'spike.and' op lhs [3, 8] and rhs [2, 4, 8] cannot be broadcast: dimension 1 from the innermost has sizes 3 and 4 (sizes must be equal or 1)}}
  %r = spike.and %a, %b : tensor<3x8xi1>, tensor<2x4x8xi1> -> tensor<2x4x8xi1>
  return %r : tensor<2x4x8xi1>
}

// -----

func.func @and_not_broadcastable_innermost(%a: tensor<4x8xi1>, %b: tensor<4x70xi1>) -> tensor<4x70xi1> {
  // expected-error @+1 {{'spike.and' op lhs [4, 8] and rhs [4, 70] cannot be broadcast: dimension 0 from the innermost has sizes 8 and 70 (sizes must be equal or 1)}}
  %r = spike.and %a, %b : tensor<4x8xi1>, tensor<4x70xi1> -> tensor<4x70xi1>
  return %r : tensor<4x70xi1>
}

// -----

// The result must have the broadcast shape, not either operand's.
func.func @and_output_shape(%a: tensor<1x8xi1>, %b: tensor<4x1xi1>) -> tensor<4x1xi1> {
  // expected-error @+1 {{'spike.and' op output has shape [4, 1], expected [4, 8]}}
  %r = spike.and %a, %b : tensor<1x8xi1>, tensor<4x1xi1> -> tensor<4x1xi1>
  return %r : tensor<4x1xi1>
}

// -----

func.func @and_output_rank(%a: tensor<8xi1>, %b: tensor<4x8xi1>) -> tensor<8xi1> {
  // expected-error @+1 {{'spike.and' op output has shape [8], expected [4, 8]}}
  %r = spike.and %a, %b : tensor<8xi1>, tensor<4x8xi1> -> tensor<8xi1>
  return %r : tensor<8xi1>
}

// -----

func.func @and_unknown_attribute(%a: tensor<8xi1>, %b: tensor<8xi1>) -> tensor<8xi1> {
  // expected-error @+1 {{'spike.and' op has unknown attribute 'broadcast'}}
  %r = spike.and %a, %b {broadcast = true} : tensor<8xi1>, tensor<8xi1> -> tensor<8xi1>
  return %r : tensor<8xi1>
}

// -----

//===----------------------------------------------------------------------===//
// spike.count
//===----------------------------------------------------------------------===//

func.func @count_input_f32(%x: tensor<4x8xf32>) -> tensor<4x1xf32> {
  // expected-error @+1 {{'spike.count' op input must have element type i1 or i2, got 'tensor<4x8xf32>'}}
  %c = spike.count %x {dims = array<i64: 1>} : tensor<4x8xf32> -> tensor<4x1xf32>
  return %c : tensor<4x1xf32>
}

// -----

func.func @count_output_i32(%x: tensor<4x8xi1>) -> tensor<4x1xi32> {
  // expected-error @+1 {{'spike.count' op output must have element type f32, got 'tensor<4x1xi32>'}}
  %c = spike.count %x {dims = array<i64: 1>} : tensor<4x8xi1> -> tensor<4x1xi32>
  return %c : tensor<4x1xi32>
}

// -----

func.func @count_input_unranked(%x: tensor<*xi1>) -> tensor<4x1xf32> {
  // expected-error @+1 {{'spike.count' op operand #0 must be ranked tensor of i1 or i2 (S...), but got 'tensor<*xi1>'}}
  %c = "spike.count"(%x) <{dims = array<i64: 1>}> : (tensor<*xi1>) -> tensor<4x1xf32>
  return %c : tensor<4x1xf32>
}

// -----

func.func @count_no_dims(%x: tensor<4x8xi1>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.count' op requires attribute 'dims'}}
  %c = spike.count %x : tensor<4x8xi1> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

func.func @count_empty_dims(%x: tensor<4x8xi1>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.count' op attribute 'dims' must name at least one dimension}}
  %c = spike.count %x {dims = array<i64>} : tensor<4x8xi1> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

func.func @count_dim_too_large(%x: tensor<4x8xi1>) -> tensor<4x1xf32> {
  // expected-error @+1 {{'spike.count' op attribute 'dims' holds 2, out of range for an input of rank 2}}
  %c = spike.count %x {dims = array<i64: 1, 2>} : tensor<4x8xi1> -> tensor<4x1xf32>
  return %c : tensor<4x1xf32>
}

// -----

// No negative (from the back) dimensions.
func.func @count_dim_negative(%x: tensor<4x8xi1>) -> tensor<4x1xf32> {
  // expected-error @+1 {{'spike.count' op attribute 'dims' holds -1, out of range for an input of rank 2}}
  %c = spike.count %x {dims = array<i64: -1>} : tensor<4x8xi1> -> tensor<4x1xf32>
  return %c : tensor<4x1xf32>
}

// -----

func.func @count_dims_unsorted(%x: tensor<4x8x3xi2>) -> tensor<1x8x1xf32> {
  // expected-error @+1 {{'spike.count' op attribute 'dims' must be strictly increasing (sorted, without repeats), got [2, 0]}}
  %c = spike.count %x {dims = array<i64: 2, 0>} : tensor<4x8x3xi2> -> tensor<1x8x1xf32>
  return %c : tensor<1x8x1xf32>
}

// -----

func.func @count_dims_repeated(%x: tensor<4x8xi1>) -> tensor<4x1xf32> {
  // expected-error @+1 {{'spike.count' op attribute 'dims' must be strictly increasing (sorted, without repeats), got [1, 1]}}
  %c = spike.count %x {dims = array<i64: 1, 1>} : tensor<4x8xi1> -> tensor<4x1xf32>
  return %c : tensor<4x1xf32>
}

// -----

// Reduced dimensions are kept with size 1.
func.func @count_output_drops_dim(%x: tensor<4x8xi1>) -> tensor<4xf32> {
  // expected-error @+1 {{'spike.count' op output has shape [4], expected [4, 1]}}
  %c = spike.count %x {dims = array<i64: 1>} : tensor<4x8xi1> -> tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

func.func @count_output_shape(%x: tensor<4x8xi1>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'spike.count' op output has shape [1, 4], expected [1, 8]}}
  %c = spike.count %x {dims = array<i64: 0>} : tensor<4x8xi1> -> tensor<1x4xf32>
  return %c : tensor<1x4xf32>
}

// -----

func.func @count_dims_wrong_type(%x: tensor<4x8xi1>) -> tensor<4x1xf32> {
  // expected-error @+1 {{'spike.count' op attribute 'dims' failed to satisfy constraint: i64 dense array attribute}}
  %c = spike.count %x {dims = array<i32: 1>} : tensor<4x8xi1> -> tensor<4x1xf32>
  return %c : tensor<4x1xf32>
}
