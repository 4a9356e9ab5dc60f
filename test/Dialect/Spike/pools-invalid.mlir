// RUN: spike-opt %s -split-input-file -verify-diagnostics

// Every verifier message and ODS constraint of spike.maxpool2d,
// spike.avgpool2d and spike.sumpool2d.

//===----------------------------------------------------------------------===//
// Element types and ranks
//===----------------------------------------------------------------------===//

// Ternary spikes have no maximum that is a bitwise OR.
func.func @maxpool_input_i2(%s: tensor<3x8x8xi2>) -> tensor<3x4x4xi2> {
  // expected-error @+1 {{'spike.maxpool2d' op input must have element type i1 or f32, got 'tensor<3x8x8xi2>'}}
  %p = spike.maxpool2d %s {kernel = array<i64: 2, 2>} : tensor<3x8x8xi2> -> tensor<3x4x4xi2>
  return %p : tensor<3x4x4xi2>
}

// -----

func.func @avgpool_input_f16(%x: tensor<3x8x8xf16>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{'spike.avgpool2d' op input must have element type i1 or f32, got 'tensor<3x8x8xf16>'}}
  %p = spike.avgpool2d %x {kernel = array<i64: 2, 2>} : tensor<3x8x8xf16> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @sumpool_input_i8(%x: tensor<3x8x8xi8>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{'spike.sumpool2d' op input must have element type i1 or f32, got 'tensor<3x8x8xi8>'}}
  %p = spike.sumpool2d %x {kernel = array<i64: 2, 2>} : tensor<3x8x8xi8> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @maxpool_input_rank2(%x: tensor<8x8xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'spike.maxpool2d' op input must have rank >= 3 (B... x C x H x W), got 'tensor<8x8xf32>'}}
  %p = spike.maxpool2d %x {kernel = array<i64: 2, 2>} : tensor<8x8xf32> -> tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

// -----

func.func @avgpool_input_rank2(%x: tensor<8x8xi1>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'spike.avgpool2d' op input must have rank >= 3 (B... x C x H x W), got 'tensor<8x8xi1>'}}
  %p = spike.avgpool2d %x {kernel = array<i64: 2, 2>} : tensor<8x8xi1> -> tensor<4x4xf32>
  return %p : tensor<4x4xf32>
}

// -----

func.func @sumpool_input_unranked(%x: tensor<*xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{'spike.sumpool2d' op operand #0 must be ranked tensor of i1 or f32 (B... x C x H x W), but got 'tensor<*xf32>'}}
  %p = "spike.sumpool2d"(%x) <{kernel = array<i64: 2, 2>}> : (tensor<*xf32>) -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

// maxpool keeps the element type: on i1 it is a bitwise OR.
func.func @maxpool_i1_to_f32(%s: tensor<3x8x8xi1>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{'spike.maxpool2d' op output must have the input's element type 'i1', got 'tensor<3x4x4xf32>'}}
  %p = spike.maxpool2d %s {kernel = array<i64: 2, 2>} : tensor<3x8x8xi1> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @maxpool_f32_to_i1(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xi1> {
  // expected-error @+1 {{'spike.maxpool2d' op output must have the input's element type 'f32', got 'tensor<3x4x4xi1>'}}
  %p = spike.maxpool2d %x {kernel = array<i64: 2, 2>} : tensor<3x8x8xf32> -> tensor<3x4x4xi1>
  return %p : tensor<3x4x4xi1>
}

// -----

func.func @avgpool_output_i1(%s: tensor<3x8x8xi1>) -> tensor<3x4x4xi1> {
  // expected-error @+1 {{'spike.avgpool2d' op output must have element type f32, got 'tensor<3x4x4xi1>'}}
  %p = spike.avgpool2d %s {kernel = array<i64: 2, 2>} : tensor<3x8x8xi1> -> tensor<3x4x4xi1>
  return %p : tensor<3x4x4xi1>
}

// -----

func.func @sumpool_output_i1(%s: tensor<3x8x8xi1>) -> tensor<3x4x4xi1> {
  // expected-error @+1 {{'spike.sumpool2d' op output must have element type f32, got 'tensor<3x4x4xi1>'}}
  %p = spike.sumpool2d %s {kernel = array<i64: 2, 2>} : tensor<3x8x8xi1> -> tensor<3x4x4xi1>
  return %p : tensor<3x4x4xi1>
}

// -----

//===----------------------------------------------------------------------===//
// Attributes (ODS constraints)
//===----------------------------------------------------------------------===//

func.func @avgpool_no_kernel(%x: tensor<3x8x8xf32>) -> tensor<3x8x8xf32> {
  // expected-error @+1 {{'spike.avgpool2d' op requires attribute 'kernel'}}
  %p = spike.avgpool2d %x : tensor<3x8x8xf32> -> tensor<3x8x8xf32>
  return %p : tensor<3x8x8xf32>
}

// -----

func.func @maxpool_kernel_count(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{attribute 'kernel' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %p = spike.maxpool2d %x {kernel = array<i64: 2>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @sumpool_kernel_zero(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{attribute 'kernel' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %p = spike.sumpool2d %x {kernel = array<i64: 0, 2>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @avgpool_kernel_negative(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{attribute 'kernel' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %p = spike.avgpool2d %x {kernel = array<i64: 2, -2>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @maxpool_strides_count(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %p = spike.maxpool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2, 2>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @avgpool_strides_zero(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %p = spike.avgpool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 0, 2>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @sumpool_strides_i32(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %p = spike.sumpool2d %x {kernel = array<i64: 2, 2>, strides = array<i32: 2, 2>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @maxpool_padding_count(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %p = spike.maxpool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @sumpool_padding_negative(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %p = spike.sumpool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, -2>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Output size
//===----------------------------------------------------------------------===//

func.func @maxpool_kernel_too_large(%x: tensor<3x8x8xf32>) -> tensor<3x1x1xf32> {
  // expected-error @+1 {{'spike.maxpool2d' op kernel height (9) is larger than the padded input height (8)}}
  %p = spike.maxpool2d %x {kernel = array<i64: 9, 2>} : tensor<3x8x8xf32> -> tensor<3x1x1xf32>
  return %p : tensor<3x1x1xf32>
}

// -----

func.func @avgpool_kernel_too_large_padded(%x: tensor<3x2x2xf32>) -> tensor<3x1x1xf32> {
  // expected-error @+1 {{'spike.avgpool2d' op kernel width (5) is larger than the padded input width (4)}}
  %p = spike.avgpool2d %x {kernel = array<i64: 2, 5>, padding = array<i64: 0, 1, 0, 1>} : tensor<3x2x2xf32> -> tensor<3x1x1xf32>
  return %p : tensor<3x1x1xf32>
}

// -----

func.func @sumpool_kernel_huge(%x: tensor<3x8x8xf32>) -> tensor<3x1x1xf32> {
  // expected-error @+1 {{'spike.sumpool2d' op kernel height (9223372036854775807) is larger than the padded input height (8)}}
  %p = spike.sumpool2d %x {kernel = array<i64: 9223372036854775807, 1>} : tensor<3x8x8xf32> -> tensor<3x1x1xf32>
  return %p : tensor<3x1x1xf32>
}

// -----

func.func @avgpool_padding_overflow(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{'spike.avgpool2d' op output height overflows: kernel or padding attributes are out of range}}
  %p = spike.avgpool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 4611686018427387904, 0, 4611686018427387904, 0>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @sumpool_padding_overflow(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{'spike.sumpool2d' op output width overflows: kernel or padding attributes are out of range}}
  %p = spike.sumpool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, 9223372036854775807, 0, 0>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

// Hostile padding is rejected even when the spatial size is dynamic.
func.func @avgpool_padding_overflow_dynamic(%x: tensor<3x?x8xf32>) -> tensor<3x?x4xf32> {
  // expected-error @+1 {{'spike.avgpool2d' op output height overflows: kernel or padding attributes are out of range}}
  %p = spike.avgpool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 9223372036854775807, 0, 1, 0>} : tensor<3x?x8xf32> -> tensor<3x?x4xf32>
  return %p : tensor<3x?x4xf32>
}

// -----

func.func @maxpool_output_shape(%s: tensor<2x3x8x8xi1>) -> tensor<2x3x8x8xi1> {
  // expected-error @+1 {{'spike.maxpool2d' op output has shape [2, 3, 8, 8], expected [2, 3, 4, 4]}}
  %p = spike.maxpool2d %s {kernel = array<i64: 2, 2>} : tensor<2x3x8x8xi1> -> tensor<2x3x8x8xi1>
  return %p : tensor<2x3x8x8xi1>
}

// -----

// With explicit unit strides a 2x2 window gives 7x7, not 4x4.
func.func @avgpool_output_strides(%x: tensor<3x8x8xf32>) -> tensor<3x4x4xf32> {
  // expected-error @+1 {{'spike.avgpool2d' op output has shape [3, 4, 4], expected [3, 7, 7]}}
  %p = spike.avgpool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  return %p : tensor<3x4x4xf32>
}

// -----

func.func @sumpool_output_channels(%x: tensor<4x3x8x8xi1>) -> tensor<4x6x4x4xf32> {
  // expected-error @+1 {{'spike.sumpool2d' op output has shape [4, 6, 4, 4], expected [4, 3, 4, 4]}}
  %p = spike.sumpool2d %x {kernel = array<i64: 2, 2>} : tensor<4x3x8x8xi1> -> tensor<4x6x4x4xf32>
  return %p : tensor<4x6x4x4xf32>
}

// -----

func.func @sumpool_output_rank(%x: tensor<4x3x8x8xi1>) -> tensor<12x4x4xf32> {
  // expected-error @+1 {{'spike.sumpool2d' op output has shape [12, 4, 4], expected [4, 3, 4, 4]}}
  %p = spike.sumpool2d %x {kernel = array<i64: 2, 2>} : tensor<4x3x8x8xi1> -> tensor<12x4x4xf32>
  return %p : tensor<12x4x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// maxpool: every window overlaps the input
//===----------------------------------------------------------------------===//

func.func @maxpool_padding_top(%x: tensor<3x8x8xf32>) -> tensor<3x5x4xf32> {
  // expected-error @+1 {{'spike.maxpool2d' op attribute 'padding' (2) must be smaller than the kernel (2) so that every window overlaps the input}}
  %p = spike.maxpool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 2, 0, 0, 0>} : tensor<3x8x8xf32> -> tensor<3x5x4xf32>
  return %p : tensor<3x5x4xf32>
}

// -----

func.func @maxpool_padding_left(%s: tensor<3x8x8xi1>) -> tensor<3x8x3xi1> {
  // expected-error @+1 {{'spike.maxpool2d' op attribute 'padding' (3) must be smaller than the kernel (3) so that every window overlaps the input}}
  %p = spike.maxpool2d %s {kernel = array<i64: 1, 3>, padding = array<i64: 0, 3, 0, 0>} : tensor<3x8x8xi1> -> tensor<3x8x3xi1>
  return %p : tensor<3x8x3xi1>
}

// -----

func.func @maxpool_padding_bottom(%x: tensor<3x8x8xf32>) -> tensor<3x4x8xf32> {
  // expected-error @+1 {{'spike.maxpool2d' op attribute 'padding' (4) must be smaller than the kernel (3) so that every window overlaps the input}}
  %p = spike.maxpool2d %x {kernel = array<i64: 3, 1>, padding = array<i64: 0, 0, 4, 0>} : tensor<3x8x8xf32> -> tensor<3x4x8xf32>
  return %p : tensor<3x4x8xf32>
}

// -----

func.func @maxpool_padding_right(%x: tensor<3x8x8xf32>) -> tensor<3x5x5xf32> {
  // expected-error @+1 {{'spike.maxpool2d' op attribute 'padding' (2) must be smaller than the kernel (2) so that every window overlaps the input}}
  %p = spike.maxpool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 2>} : tensor<3x8x8xf32> -> tensor<3x5x5xf32>
  return %p : tensor<3x5x5xf32>
}
