// RUN: spike-opt %s -split-input-file -verify-diagnostics

// Every verifier message and ODS constraint of spike.batch_norm, spike.relu,
// spike.repeat and spike.mean_time.

//===----------------------------------------------------------------------===//
// spike.batch_norm
//===----------------------------------------------------------------------===//

func.func @batch_norm_input_f16(%x: tensor<2x4xf16>, %p: tensor<4xf32>) -> tensor<2x4xf16> {
  // expected-error @+1 {{'spike.batch_norm' op input must have element type f32, got 'tensor<2x4xf16>'}}
  %y = spike.batch_norm %x, %p, %p, %p, %p : tensor<2x4xf16>, tensor<4xf32>
  return %y : tensor<2x4xf16>
}

// -----

func.func @batch_norm_input_rank0(%x: tensor<f32>, %p: tensor<1xf32>) -> tensor<f32> {
  // expected-error @+1 {{'spike.batch_norm' op input must have rank >= 1 (at least the axis), got 'tensor<f32>'}}
  %y = spike.batch_norm %x, %p, %p, %p, %p : tensor<f32>, tensor<1xf32>
  return %y : tensor<f32>
}

// -----

func.func @batch_norm_gamma_f64(%x: tensor<2x4xf32>, %p: tensor<4xf64>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'spike.batch_norm' op gamma must have element type f32, got 'tensor<4xf64>'}}
  %y = spike.batch_norm %x, %p, %p, %p, %p : tensor<2x4xf32>, tensor<4xf64>
  return %y : tensor<2x4xf32>
}

// -----

func.func @batch_norm_gamma_rank2(%x: tensor<2x4xf32>, %p: tensor<1x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'spike.batch_norm' op gamma must have rank 1 (one value per channel), got 'tensor<1x4xf32>'}}
  %y = spike.batch_norm %x, %p, %p, %p, %p : tensor<2x4xf32>, tensor<1x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @batch_norm_params_differ(%x: tensor<2x4xf32>, %p: tensor<4xf32>, %q: tensor<2xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'spike.batch_norm' op failed to verify that all of {gamma, beta, mean, var} have same type}}
  %y = "spike.batch_norm"(%x, %p, %p, %p, %q) : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @batch_norm_output_differs(%x: tensor<2x4xf32>, %p: tensor<4xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'spike.batch_norm' op failed to verify that all of {input, output} have same type}}
  %y = "spike.batch_norm"(%x, %p, %p, %p, %p) : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

func.func @batch_norm_axis_too_large(%x: tensor<2x4xf32>, %p: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'spike.batch_norm' op attribute 'axis' (2) is out of range for an input of rank 2}}
  %y = spike.batch_norm %x, %p, %p, %p, %p {axis = 2 : i64} : tensor<2x4xf32>, tensor<4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @batch_norm_axis_too_negative(%x: tensor<2x4xf32>, %p: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'spike.batch_norm' op attribute 'axis' (-3) is out of range for an input of rank 2}}
  %y = spike.batch_norm %x, %p, %p, %p, %p {axis = -3 : i64} : tensor<2x4xf32>, tensor<4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// The default axis (1) does not exist in a rank-1 input.
func.func @batch_norm_default_axis_rank1(%x: tensor<4xf32>, %p: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'spike.batch_norm' op attribute 'axis' (1) is out of range for an input of rank 1}}
  %y = spike.batch_norm %x, %p, %p, %p, %p : tensor<4xf32>, tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @batch_norm_axis_huge(%x: tensor<2x4xf32>, %p: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'spike.batch_norm' op attribute 'axis' (-9223372036854775808) is out of range for an input of rank 2}}
  %y = spike.batch_norm %x, %p, %p, %p, %p {axis = -9223372036854775808 : i64} : tensor<2x4xf32>, tensor<4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @batch_norm_axis_i32(%x: tensor<2x4xf32>, %p: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute}}
  %y = spike.batch_norm %x, %p, %p, %p, %p {axis = 1 : i32} : tensor<2x4xf32>, tensor<4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @batch_norm_channels(%x: tensor<2x4x6xf32>, %p: tensor<6xf32>) -> tensor<2x4x6xf32> {
  // expected-error @+1 {{'spike.batch_norm' op gamma, beta, mean and var have 6 elements, expected 4 (the size of dimension 1 of the input)}}
  %y = spike.batch_norm %x, %p, %p, %p, %p : tensor<2x4x6xf32>, tensor<6xf32>
  return %y : tensor<2x4x6xf32>
}

// -----

func.func @batch_norm_channels_negative_axis(%x: tensor<2x4x6xf32>, %p: tensor<4xf32>) -> tensor<2x4x6xf32> {
  // expected-error @+1 {{'spike.batch_norm' op gamma, beta, mean and var have 4 elements, expected 6 (the size of dimension 2 of the input)}}
  %y = spike.batch_norm %x, %p, %p, %p, %p {axis = -1 : i64} : tensor<2x4x6xf32>, tensor<4xf32>
  return %y : tensor<2x4x6xf32>
}

// -----

func.func @batch_norm_epsilon_negative(%x: tensor<2x4xf32>, %p: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'spike.batch_norm' op attribute 'epsilon' must be finite and non-negative}}
  %y = spike.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0e-05 : f32} : tensor<2x4xf32>, tensor<4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @batch_norm_epsilon_nan(%x: tensor<2x4xf32>, %p: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'spike.batch_norm' op attribute 'epsilon' must be finite and non-negative}}
  %y = spike.batch_norm %x, %p, %p, %p, %p {epsilon = 0x7FC00000 : f32} : tensor<2x4xf32>, tensor<4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @batch_norm_epsilon_inf(%x: tensor<2x4xf32>, %p: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'spike.batch_norm' op attribute 'epsilon' must be finite and non-negative}}
  %y = spike.batch_norm %x, %p, %p, %p, %p {epsilon = 0x7F800000 : f32} : tensor<2x4xf32>, tensor<4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @batch_norm_epsilon_f64(%x: tensor<2x4xf32>, %p: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 32-bit float attribute}}
  %y = spike.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-05 : f64} : tensor<2x4xf32>, tensor<4xf32>
  return %y : tensor<2x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// spike.relu
//===----------------------------------------------------------------------===//

func.func @relu_spikes(%s: tensor<4x8xi1>) -> tensor<4x8xi1> {
  // expected-error @+1 {{'spike.relu' op input must have element type f32, got 'tensor<4x8xi1>'}}
  %y = spike.relu %s : tensor<4x8xi1>
  return %y : tensor<4x8xi1>
}

// -----

func.func @relu_f64(%x: tensor<4x8xf64>) -> tensor<4x8xf64> {
  // expected-error @+1 {{'spike.relu' op input must have element type f32, got 'tensor<4x8xf64>'}}
  %y = spike.relu %x : tensor<4x8xf64>
  return %y : tensor<4x8xf64>
}

// -----

func.func @relu_result_differs(%x: tensor<4x8xf32>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'spike.relu' op requires the same type for all operands and results}}
  %y = "spike.relu"(%x) : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

// -----

func.func @relu_unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'spike.relu' op operand #0 must be ranked tensor of f32, but got 'tensor<*xf32>'}}
  %y = "spike.relu"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return %y : tensor<*xf32>
}

// -----

//===----------------------------------------------------------------------===//
// spike.repeat
//===----------------------------------------------------------------------===//

func.func @repeat_input_i8(%x: tensor<3xi8>) -> tensor<4x3xi8> {
  // expected-error @+1 {{'spike.repeat' op input must have element type i1, i2 or f32, got 'tensor<3xi8>'}}
  %y = spike.repeat %x {timesteps = 4 : i64} : tensor<3xi8> -> tensor<4x3xi8>
  return %y : tensor<4x3xi8>
}

// -----

func.func @repeat_element_type_changes(%s: tensor<3xi1>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'spike.repeat' op output must have the input's element type 'i1', got 'tensor<4x3xf32>'}}
  %y = spike.repeat %s {timesteps = 4 : i64} : tensor<3xi1> -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @repeat_wrong_timesteps(%x: tensor<3xf32>) -> tensor<5x3xf32> {
  // expected-error @+1 {{'spike.repeat' op output has shape [5, 3], expected [4, 3]}}
  %y = spike.repeat %x {timesteps = 4 : i64} : tensor<3xf32> -> tensor<5x3xf32>
  return %y : tensor<5x3xf32>
}

// -----

// The time dimension is added in front, not at the back.
func.func @repeat_time_at_back(%x: tensor<3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'spike.repeat' op output has shape [3, 4], expected [4, 3]}}
  %y = spike.repeat %x {timesteps = 4 : i64} : tensor<3xf32> -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

func.func @repeat_no_time_dim(%x: tensor<2x3xi2>) -> tensor<2x3xi2> {
  // expected-error @+1 {{'spike.repeat' op output has shape [2, 3], expected [2, 2, 3]}}
  %y = spike.repeat %x {timesteps = 2 : i64} : tensor<2x3xi2> -> tensor<2x3xi2>
  return %y : tensor<2x3xi2>
}

// -----

func.func @repeat_timesteps_zero(%x: tensor<3xf32>) -> tensor<0x3xf32> {
  // expected-error @+1 {{attribute 'timesteps' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = spike.repeat %x {timesteps = 0 : i64} : tensor<3xf32> -> tensor<0x3xf32>
  return %y : tensor<0x3xf32>
}

// -----

func.func @repeat_timesteps_negative(%x: tensor<3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{attribute 'timesteps' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = spike.repeat %x {timesteps = -4 : i64} : tensor<3xf32> -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

func.func @repeat_no_timesteps(%x: tensor<3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'spike.repeat' op requires attribute 'timesteps'}}
  %y = spike.repeat %x : tensor<3xf32> -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// spike.mean_time
//===----------------------------------------------------------------------===//

func.func @mean_time_input_f16(%x: tensor<4x3xf16>) -> tensor<3xf32> {
  // expected-error @+1 {{'spike.mean_time' op input must have element type i1, i2 or f32, got 'tensor<4x3xf16>'}}
  %y = spike.mean_time %x : tensor<4x3xf16> -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @mean_time_input_rank0(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'spike.mean_time' op input must have rank >= 1 (T x S...), got 'tensor<f32>'}}
  %y = spike.mean_time %x : tensor<f32> -> tensor<f32>
  return %y : tensor<f32>
}

// -----

// A firing rate is not a spike.
func.func @mean_time_output_i1(%s: tensor<4x3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{'spike.mean_time' op output must have element type f32, got 'tensor<3xi1>'}}
  %y = spike.mean_time %s : tensor<4x3xi1> -> tensor<3xi1>
  return %y : tensor<3xi1>
}

// -----

func.func @mean_time_keeps_time(%s: tensor<4x3xi1>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'spike.mean_time' op output has shape [4, 3], expected [3]}}
  %y = spike.mean_time %s : tensor<4x3xi1> -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// The average is over dimension 0, not the last one.
func.func @mean_time_last_dim(%x: tensor<4x3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'spike.mean_time' op output has shape [4], expected [3]}}
  %y = spike.mean_time %x : tensor<4x3xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}
