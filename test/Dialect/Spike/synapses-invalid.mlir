// RUN: spike-opt %s -split-input-file -verify-diagnostics

// Every verifier message and ODS constraint of spike.linear and spike.conv2d.

//===----------------------------------------------------------------------===//
// spike.linear
//===----------------------------------------------------------------------===//

func.func @linear_input_i8(%s: tensor<4x8xi8>, %w: tensor<2x8xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op input must have element type i1, i2 or f32, got 'tensor<4x8xi8>'}}
  %y = spike.linear %s, %w : (tensor<4x8xi8>, tensor<2x8xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_input_f16(%s: tensor<4x8xf16>, %w: tensor<2x8xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op input must have element type i1, i2 or f32, got 'tensor<4x8xf16>'}}
  %y = spike.linear %s, %w : (tensor<4x8xf16>, tensor<2x8xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_input_rank0(%s: tensor<i1>, %w: tensor<2x1xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'spike.linear' op input must have rank >= 1 (B... x K), got 'tensor<i1>'}}
  %y = spike.linear %s, %w : (tensor<i1>, tensor<2x1xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @linear_input_unranked(%s: tensor<*xi1>, %w: tensor<2x8xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op operand #0 must be ranked tensor of i1, i2 or f32 (B... x K), but got 'tensor<*xi1>'}}
  %y = "spike.linear"(%s, %w) : (tensor<*xi1>, tensor<2x8xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_weight_memref(%s: tensor<4x8xi1>, %w: memref<2x8xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op operand #1 must be ranked tensor of f32 (M x K), but got 'memref<2x8xf32>'}}
  %y = "spike.linear"(%s, %w) : (tensor<4x8xi1>, memref<2x8xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_two_biases(%s: tensor<4x8xi1>, %w: tensor<2x8xf32>, %b: tensor<2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op operand group starting at #2 requires 0 or 1 element, but found 2}}
  %y = "spike.linear"(%s, %w, %b, %b) : (tensor<4x8xi1>, tensor<2x8xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_weight_f16(%s: tensor<4x8xi1>, %w: tensor<2x8xf16>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op weight must have element type f32, got 'tensor<2x8xf16>'}}
  %y = spike.linear %s, %w : (tensor<4x8xi1>, tensor<2x8xf16>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_weight_spikes(%s: tensor<4x8xi1>, %w: tensor<2x8xi1>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op weight must have element type f32, got 'tensor<2x8xi1>'}}
  %y = spike.linear %s, %w : (tensor<4x8xi1>, tensor<2x8xi1>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_weight_rank1(%s: tensor<4x8xi1>, %w: tensor<8xf32>) -> tensor<4x1xf32> {
  // expected-error @+1 {{'spike.linear' op weight must have rank 2 (M x K), got 'tensor<8xf32>'}}
  %y = spike.linear %s, %w : (tensor<4x8xi1>, tensor<8xf32>) -> tensor<4x1xf32>
  return %y : tensor<4x1xf32>
}

// -----

func.func @linear_weight_rank3(%s: tensor<4x8xi1>, %w: tensor<1x2x8xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op weight must have rank 2 (M x K), got 'tensor<1x2x8xf32>'}}
  %y = spike.linear %s, %w : (tensor<4x8xi1>, tensor<1x2x8xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_output_i1(%s: tensor<4x8xi1>, %w: tensor<2x8xf32>) -> tensor<4x2xi1> {
  // expected-error @+1 {{'spike.linear' op output must have element type f32, got 'tensor<4x2xi1>'}}
  %y = spike.linear %s, %w : (tensor<4x8xi1>, tensor<2x8xf32>) -> tensor<4x2xi1>
  return %y : tensor<4x2xi1>
}

// -----

// PyTorch layout: the weight is M x K, not K x M.
func.func @linear_weight_transposed(%s: tensor<4x8xi1>, %w: tensor<8x2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op weight has 2 columns (K), but the input has 8 features}}
  %y = spike.linear %s, %w : (tensor<4x8xi1>, tensor<8x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_bias_f64(%s: tensor<4x8xi1>, %w: tensor<2x8xf32>, %b: tensor<2xf64>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op bias must have element type f32, got 'tensor<2xf64>'}}
  %y = spike.linear %s, %w, %b : (tensor<4x8xi1>, tensor<2x8xf32>, tensor<2xf64>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_bias_rank2(%s: tensor<4x8xi1>, %w: tensor<2x8xf32>, %b: tensor<1x2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op bias must have rank 1 (one value per output), got 'tensor<1x2xf32>'}}
  %y = spike.linear %s, %w, %b : (tensor<4x8xi1>, tensor<2x8xf32>, tensor<1x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_bias_size(%s: tensor<4x8xi1>, %w: tensor<2x8xf32>, %b: tensor<8xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.linear' op bias has 8 elements, expected 2 (one per output)}}
  %y = spike.linear %s, %w, %b : (tensor<4x8xi1>, tensor<2x8xf32>, tensor<8xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @linear_output_features(%s: tensor<4x8xi2>, %w: tensor<2x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.linear' op output has shape [4, 8], expected [4, 2]}}
  %y = spike.linear %s, %w : (tensor<4x8xi2>, tensor<2x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

func.func @linear_output_batch(%s: tensor<4x3x8xi1>, %w: tensor<2x8xf32>) -> tensor<3x4x2xf32> {
  // expected-error @+1 {{'spike.linear' op output has shape [3, 4, 2], expected [4, 3, 2]}}
  %y = spike.linear %s, %w : (tensor<4x3x8xi1>, tensor<2x8xf32>) -> tensor<3x4x2xf32>
  return %y : tensor<3x4x2xf32>
}

// -----

func.func @linear_output_rank(%s: tensor<4x3x8xf32>, %w: tensor<?x8xf32>) -> tensor<12x?xf32> {
  // expected-error @+1 {{'spike.linear' op output has shape [12, ?], expected [4, 3, ?]}}
  %y = spike.linear %s, %w : (tensor<4x3x8xf32>, tensor<?x8xf32>) -> tensor<12x?xf32>
  return %y : tensor<12x?xf32>
}

// -----

// The bias fixes M where the weight leaves it dynamic.
func.func @linear_output_features_from_bias(%s: tensor<4x8xi1>, %w: tensor<?x8xf32>, %b: tensor<2xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'spike.linear' op output has shape [4, 3], expected [4, 2]}}
  %y = spike.linear %s, %w, %b : (tensor<4x8xi1>, tensor<?x8xf32>, tensor<2xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// spike.conv2d: operand types
//===----------------------------------------------------------------------===//

func.func @conv_input_i4(%s: tensor<3x8x8xi4>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op input must have element type i1, i2 or f32, got 'tensor<3x8x8xi4>'}}
  %y = spike.conv2d %s, %w : (tensor<3x8x8xi4>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_input_rank2(%s: tensor<8x8xi1>, %w: tensor<4x1x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op input must have rank >= 3 (B... x C x H x W), got 'tensor<8x8xi1>'}}
  %y = spike.conv2d %s, %w : (tensor<8x8xi1>, tensor<4x1x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_input_unranked(%s: tensor<*xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op operand #0 must be ranked tensor of i1, i2 or f32 (B... x C x H x W), but got 'tensor<*xi1>'}}
  %y = "spike.conv2d"(%s, %w) : (tensor<*xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_weight_bf16(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xbf16>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op weight must have element type f32, got 'tensor<4x3x3x3xbf16>'}}
  %y = spike.conv2d %s, %w : (tensor<3x8x8xi1>, tensor<4x3x3x3xbf16>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_weight_rank3(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op weight must have rank 4 (O x C/groups x KH x KW), got 'tensor<4x3x3xf32>'}}
  %y = spike.conv2d %s, %w : (tensor<3x8x8xi1>, tensor<4x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_output_i1(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xi1> {
  // expected-error @+1 {{'spike.conv2d' op output must have element type f32, got 'tensor<4x6x6xi1>'}}
  %y = spike.conv2d %s, %w : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xi1>
  return %y : tensor<4x6x6xi1>
}

// -----

func.func @conv_bias_i1(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xi1>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op bias must have element type f32, got 'tensor<4xi1>'}}
  %y = spike.conv2d %s, %w, %b : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>, tensor<4xi1>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_bias_rank0(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>, %b: tensor<f32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op bias must have rank 1 (one value per output), got 'tensor<f32>'}}
  %y = spike.conv2d %s, %w, %b : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>, tensor<f32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_bias_size(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op bias has 3 elements, expected 4 (one per output)}}
  %y = spike.conv2d %s, %w, %b : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

//===----------------------------------------------------------------------===//
// spike.conv2d: channels and groups
//===----------------------------------------------------------------------===//

func.func @conv_weight_channels(%s: tensor<3x8x8xi1>, %w: tensor<4x2x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op weight has 2 input channels per group, expected 3 (C / groups)}}
  %y = spike.conv2d %s, %w : (tensor<3x8x8xi1>, tensor<4x2x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_weight_channels_grouped(%s: tensor<6x8x8xf32>, %w: tensor<4x6x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op weight has 6 input channels per group, expected 3 (C / groups)}}
  %y = spike.conv2d %s, %w {groups = 2 : i64} : (tensor<6x8x8xf32>, tensor<4x6x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_groups_input_channels(%s: tensor<3x8x8xi1>, %w: tensor<4x1x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op attribute 'groups' (2) must divide the input channels (3)}}
  %y = spike.conv2d %s, %w {groups = 2 : i64} : (tensor<3x8x8xi1>, tensor<4x1x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_groups_output_channels(%s: tensor<4x8x8xi1>, %w: tensor<6x1x3x3xf32>) -> tensor<6x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op attribute 'groups' (4) must divide the output channels (6)}}
  %y = spike.conv2d %s, %w {groups = 4 : i64} : (tensor<4x8x8xi1>, tensor<6x1x3x3xf32>) -> tensor<6x6x6xf32>
  return %y : tensor<6x6x6xf32>
}

// -----

func.func @conv_groups_zero(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = spike.conv2d %s, %w {groups = 0 : i64} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_groups_negative(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = spike.conv2d %s, %w {groups = -1 : i64} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_groups_i32(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = spike.conv2d %s, %w {groups = 1 : i32} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

//===----------------------------------------------------------------------===//
// spike.conv2d: window attributes (ODS constraints)
//===----------------------------------------------------------------------===//

func.func @conv_strides_count(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %y = spike.conv2d %s, %w {strides = array<i64: 1>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_strides_zero(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %y = spike.conv2d %s, %w {strides = array<i64: 1, 0>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_strides_i32(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %y = spike.conv2d %s, %w {strides = array<i32: 1, 1>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_padding_count(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x8x8xf32> {
  // expected-error @+1 {{attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %y = spike.conv2d %s, %w {padding = array<i64: 1, 1>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x8x8xf32>
  return %y : tensor<4x8x8xf32>
}

// -----

func.func @conv_padding_negative(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{attribute 'padding' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %y = spike.conv2d %s, %w {padding = array<i64: 1, 0, -1, 0>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_dilations_count(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{attribute 'dilations' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %y = "spike.conv2d"(%s, %w) <{dilations = array<i64: 1, 1, 1>}> : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_dilations_negative(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{attribute 'dilations' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %y = spike.conv2d %s, %w {dilations = array<i64: -1, 1>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

//===----------------------------------------------------------------------===//
// spike.conv2d: output size
//===----------------------------------------------------------------------===//

func.func @conv_kernel_height_zero(%s: tensor<3x8x8xi1>, %w: tensor<4x3x0x3xf32>) -> tensor<4x9x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op weight has a kernel height of 0, expected at least 1}}
  %y = spike.conv2d %s, %w : (tensor<3x8x8xi1>, tensor<4x3x0x3xf32>) -> tensor<4x9x6xf32>
  return %y : tensor<4x9x6xf32>
}

// -----

func.func @conv_kernel_width_zero(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x0xf32>) -> tensor<4x6x9xf32> {
  // expected-error @+1 {{'spike.conv2d' op weight has a kernel width of 0, expected at least 1}}
  %y = spike.conv2d %s, %w : (tensor<3x8x8xi1>, tensor<4x3x3x0xf32>) -> tensor<4x6x9xf32>
  return %y : tensor<4x6x9xf32>
}

// -----

func.func @conv_kernel_too_large(%s: tensor<3x8x8xi1>, %w: tensor<4x3x9x3xf32>) -> tensor<4x1x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op dilated kernel height (9) is larger than the padded input height (8)}}
  %y = spike.conv2d %s, %w : (tensor<3x8x8xi1>, tensor<4x3x9x3xf32>) -> tensor<4x1x6xf32>
  return %y : tensor<4x1x6xf32>
}

// -----

func.func @conv_dilated_kernel_too_large(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x1xf32> {
  // expected-error @+1 {{'spike.conv2d' op dilated kernel width (9) is larger than the padded input width (8)}}
  %y = spike.conv2d %s, %w {dilations = array<i64: 1, 4>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x1xf32>
  return %y : tensor<4x6x1xf32>
}

// -----

// Padding counts: the same kernel fits once the input is padded.
func.func @conv_padded_still_too_small(%s: tensor<3x2x2xi1>, %w: tensor<4x3x5x5xf32>) -> tensor<4x1x1xf32> {
  // expected-error @+1 {{'spike.conv2d' op dilated kernel height (5) is larger than the padded input height (4)}}
  %y = spike.conv2d %s, %w {padding = array<i64: 1, 2, 1, 1>} : (tensor<3x2x2xi1>, tensor<4x3x5x5xf32>) -> tensor<4x1x1xf32>
  return %y : tensor<4x1x1xf32>
}

// -----

func.func @conv_dilation_overflow(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op output height overflows: kernel, padding or dilation attributes are out of range}}
  %y = spike.conv2d %s, %w {dilations = array<i64: 4611686018427387904, 1>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_dilation_overflow_width(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op output width overflows: kernel, padding or dilation attributes are out of range}}
  %y = spike.conv2d %s, %w {dilations = array<i64: 1, 9223372036854775807>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_padding_overflow(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op output height overflows: kernel, padding or dilation attributes are out of range}}
  %y = spike.conv2d %s, %w {padding = array<i64: 4611686018427387904, 0, 4611686018427387904, 0>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_padding_overflow_width(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op output width overflows: kernel, padding or dilation attributes are out of range}}
  %y = spike.conv2d %s, %w {padding = array<i64: 0, 9223372036854775807, 0, 0>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

// Hostile attributes are rejected even when the spatial size is dynamic.
func.func @conv_dilation_overflow_dynamic(%s: tensor<3x?x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x?x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op output height overflows: kernel, padding or dilation attributes are out of range}}
  %y = spike.conv2d %s, %w {dilations = array<i64: 4611686018427387904, 1>} : (tensor<3x?x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x?x6xf32>
  return %y : tensor<4x?x6xf32>
}

// -----

func.func @conv_padding_overflow_dynamic(%s: tensor<3x8x?xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x?xf32> {
  // expected-error @+1 {{'spike.conv2d' op output width overflows: kernel, padding or dilation attributes are out of range}}
  %y = spike.conv2d %s, %w {padding = array<i64: 0, 4611686018427387904, 0, 4611686018427387904>} : (tensor<3x8x?xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x?xf32>
  return %y : tensor<4x6x?xf32>
}

// -----

// Large but representable attributes give a (huge) size, not an overflow.
func.func @conv_huge_padding_shape(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op output has shape [4, 6, 6], expected [4, 2305843009213693958, 6]}}
  %y = spike.conv2d %s, %w {padding = array<i64: 1152921504606846976, 0, 1152921504606846976, 0>, strides = array<i64: 1, 1>} : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<4x6x6xf32>
  return %y : tensor<4x6x6xf32>
}

// -----

func.func @conv_output_channels(%s: tensor<3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<3x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op output has shape [3, 6, 6], expected [4, 6, 6]}}
  %y = spike.conv2d %s, %w : (tensor<3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<3x6x6xf32>
  return %y : tensor<3x6x6xf32>
}

// -----

// Without padding the output shrinks: H' = (8 - 3) / 2 + 1 = 3.
func.func @conv_output_spatial(%s: tensor<2x3x8x8xi2>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32> {
  // expected-error @+1 {{'spike.conv2d' op output has shape [2, 4, 4, 4], expected [2, 4, 3, 3]}}
  %y = spike.conv2d %s, %w {strides = array<i64: 2, 2>} : (tensor<2x3x8x8xi2>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// -----

func.func @conv_output_batch(%s: tensor<5x2x3x8x8xi1>, %w: tensor<4x3x3x3xf32>) -> tensor<2x5x4x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op output has shape [2, 5, 4, 6, 6], expected [5, 2, 4, 6, 6]}}
  %y = spike.conv2d %s, %w : (tensor<5x2x3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<2x5x4x6x6xf32>
  return %y : tensor<2x5x4x6x6xf32>
}

// -----

// The bias fixes O where the weight leaves it dynamic.
func.func @conv_output_channels_from_bias(%s: tensor<3x8x8xi1>, %w: tensor<?x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<5x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op output has shape [5, 6, 6], expected [4, 6, 6]}}
  %y = spike.conv2d %s, %w, %b : (tensor<3x8x8xi1>, tensor<?x3x3x3xf32>, tensor<4xf32>) -> tensor<5x6x6xf32>
  return %y : tensor<5x6x6xf32>
}

// -----

func.func @conv_groups_output_channels_from_bias(%s: tensor<4x8x8xi1>, %w: tensor<?x1x3x3xf32>, %b: tensor<6xf32>) -> tensor<6x6x6xf32> {
  // expected-error @+1 {{'spike.conv2d' op attribute 'groups' (4) must divide the output channels (6)}}
  %y = spike.conv2d %s, %w, %b {groups = 4 : i64} : (tensor<4x8x8xi1>, tensor<?x1x3x3xf32>, tensor<6xf32>) -> tensor<6x6x6xf32>
  return %y : tensor<6x6x6xf32>
}
