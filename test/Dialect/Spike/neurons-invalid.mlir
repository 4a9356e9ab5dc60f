// RUN: spike-opt %s -split-input-file -verify-diagnostics

// Every verifier message and ODS constraint of spike.lif, spike.ternary_lif
// and spike.leaky_integrate.

//===----------------------------------------------------------------------===//
// Operand and result types
//===----------------------------------------------------------------------===//

func.func @lif_input_not_f32(%x: tensor<4x3xf16>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op input must have element type f32, got 'tensor<4x3xf16>'}}
  %s = spike.lif %x : tensor<4x3xf16> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_input_spikes(%x: tensor<4x3xi1>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op input must have element type f32, got 'tensor<4x3xi1>'}}
  %s = spike.lif %x : tensor<4x3xi1> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_input_rank0(%x: tensor<f32>) -> tensor<i1> {
  // expected-error @+1 {{'spike.lif' op input must have rank >= 1 (T x S...), got 'tensor<f32>'}}
  %s = spike.lif %x : tensor<f32> -> tensor<i1>
  return %s : tensor<i1>
}

// -----

func.func @lif_input_unranked(%x: tensor<*xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op operand #0 must be ranked tensor of f32 (T x S...), but got 'tensor<*xf32>'}}
  %s = "spike.lif"(%x) : (tensor<*xf32>) -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_result_memref(%x: tensor<4x3xf32>) -> memref<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op result #0 must be ranked tensor of i1 (T x S...), but got 'memref<4x3xi1>'}}
  %s = "spike.lif"(%x) : (tensor<4x3xf32>) -> memref<4x3xi1>
  return %s : memref<4x3xi1>
}

// -----

func.func @lif_output_not_i1(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.lif' op output must have element type i1, got 'tensor<4x3xi2>'}}
  %s = spike.lif %x : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

func.func @lif_output_shape(%x: tensor<4x3xf32>) -> tensor<4x2xi1> {
  // expected-error @+1 {{'spike.lif' op output has shape [4, 2], expected [4, 3]}}
  %s = spike.lif %x : tensor<4x3xf32> -> tensor<4x2xi1>
  return %s : tensor<4x2xi1>
}

// -----

func.func @lif_output_rank(%x: tensor<4x3xf32>) -> tensor<4x3x1xi1> {
  // expected-error @+1 {{'spike.lif' op output has shape [4, 3, 1], expected [4, 3]}}
  %s = spike.lif %x : tensor<4x3xf32> -> tensor<4x3x1xi1>
  return %s : tensor<4x3x1xi1>
}

// -----

func.func @lif_output_time(%x: tensor<4x?xf32>) -> tensor<8x?xi1> {
  // expected-error @+1 {{'spike.lif' op output has shape [8, ?], expected [4, ?]}}
  %s = spike.lif %x : tensor<4x?xf32> -> tensor<8x?xi1>
  return %s : tensor<8x?xi1>
}

// -----

func.func @ternary_lif_input_not_f32(%x: tensor<4x3xi2>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op input must have element type f32, got 'tensor<4x3xi2>'}}
  %s = spike.ternary_lif %x : tensor<4x3xi2> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

func.func @ternary_lif_output_not_i2(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.ternary_lif' op output must have element type i2, got 'tensor<4x3xi1>'}}
  %s = spike.ternary_lif %x : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @ternary_lif_output_shape(%x: tensor<4x3xf32>) -> tensor<3x4xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op output has shape [3, 4], expected [4, 3]}}
  %s = spike.ternary_lif %x : tensor<4x3xf32> -> tensor<3x4xi2>
  return %s : tensor<3x4xi2>
}

// -----

func.func @ternary_lif_input_rank0(%x: tensor<f32>) -> tensor<i2> {
  // expected-error @+1 {{'spike.ternary_lif' op input must have rank >= 1 (T x S...), got 'tensor<f32>'}}
  %s = spike.ternary_lif %x : tensor<f32> -> tensor<i2>
  return %s : tensor<i2>
}

// -----

func.func @leaky_integrate_input_not_f32(%x: tensor<4x3xf64>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'spike.leaky_integrate' op input must have element type f32, got 'tensor<4x3xf64>'}}
  %v = spike.leaky_integrate %x : tensor<4x3xf64> -> tensor<4x3xf32>
  return %v : tensor<4x3xf32>
}

// -----

func.func @leaky_integrate_output_spikes(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.leaky_integrate' op output must have element type f32, got 'tensor<4x3xi1>'}}
  %v = spike.leaky_integrate %x : tensor<4x3xf32> -> tensor<4x3xi1>
  return %v : tensor<4x3xi1>
}

// -----

func.func @leaky_integrate_output_shape(%x: tensor<4x3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'spike.leaky_integrate' op output has shape [4], expected [4, 3]}}
  %v = spike.leaky_integrate %x : tensor<4x3xf32> -> tensor<4xf32>
  return %v : tensor<4xf32>
}

// -----

func.func @leaky_integrate_input_rank0(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'spike.leaky_integrate' op input must have rank >= 1 (T x S...), got 'tensor<f32>'}}
  %v = spike.leaky_integrate %x : tensor<f32> -> tensor<f32>
  return %v : tensor<f32>
}

// -----

//===----------------------------------------------------------------------===//
// Attribute kinds (ODS constraints)
//===----------------------------------------------------------------------===//

func.func @lif_decay_f64(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{attribute 'decay' failed to satisfy constraint: f32 scalar or dense f32 tensor broadcastable to the neuron shape}}
  %s = spike.lif %x {decay = 5.0e-01 : f64} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_gain_dense_f64(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{attribute 'gain' failed to satisfy constraint: f32 scalar or dense f32 tensor broadcastable to the neuron shape}}
  %s = spike.lif %x {gain = dense<0.5> : tensor<3xf64>} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_bias_integer(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{attribute 'bias' failed to satisfy constraint: f32 scalar or dense f32 tensor broadcastable to the neuron shape}}
  %s = spike.lif %x {bias = 1 : i32} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_v_threshold_dense_int(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{attribute 'v_threshold' failed to satisfy constraint: f32 scalar or dense f32 tensor broadcastable to the neuron shape}}
  %s = spike.lif %x {v_threshold = dense<1> : tensor<3xi32>} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @ternary_lif_v_reset_f16(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{attribute 'v_reset' failed to satisfy constraint: f32 scalar or dense f32 tensor broadcastable to the neuron shape}}
  %s = spike.ternary_lif %x {v_reset = 0.0 : f16} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

func.func @leaky_integrate_v_init_bf16(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{attribute 'v_init' failed to satisfy constraint: f32 scalar or dense f32 tensor broadcastable to the neuron shape}}
  %v = spike.leaky_integrate %x {v_init = dense<0.0> : tensor<3xbf16>} : tensor<4x3xf32> -> tensor<4x3xf32>
  return %v : tensor<4x3xf32>
}

// -----

func.func @lif_decay_string(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{attribute 'decay' failed to satisfy constraint: f32 scalar or dense f32 tensor broadcastable to the neuron shape}}
  %s = spike.lif %x {decay = "half"} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_reset_bogus(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+2 {{expected ::mlir::spike::ResetMode to be one of: hard, soft, none}}
  // expected-error @+1 {{failed to parse Spike_ResetModeAttr parameter 'value'}}
  %s = spike.lif %x {reset = #spike.reset<bogus>} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_compare_bogus(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+2 {{expected ::mlir::spike::CompareMode to be one of: ge, gt}}
  // expected-error @+1 {{failed to parse Spike_CompareModeAttr parameter 'value'}}
  %s = spike.lif %x {compare = #spike.compare<lt>} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_reset_given_compare(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{attribute 'reset' failed to satisfy constraint: what a neuron's membrane becomes after it fires}}
  %s = spike.lif %x {reset = #spike.compare<gt>} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_compare_string(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{attribute 'compare' failed to satisfy constraint: how a binary neuron compares its membrane with the threshold}}
  %s = spike.lif %x {compare = "gt"} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @ternary_lif_reset_bogus(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+2 {{expected ::mlir::spike::ResetMode to be one of: hard, soft, none}}
  // expected-error @+1 {{failed to parse Spike_ResetModeAttr parameter 'value'}}
  %s = spike.ternary_lif %x {reset = #spike.reset<bogus>} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

//===----------------------------------------------------------------------===//
// Finite parameters
//===----------------------------------------------------------------------===//

func.func @lif_decay_nan(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'decay' must be finite (no NaN or Inf)}}
  %s = spike.lif %x {decay = 0x7FC00000 : f32} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_gain_inf(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'gain' must be finite (no NaN or Inf)}}
  %s = spike.lif %x {gain = 0x7F800000 : f32} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_bias_minus_inf(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'bias' must be finite (no NaN or Inf)}}
  %s = spike.lif %x {bias = 0xFF800000 : f32} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_v_threshold_dense_nan(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'v_threshold' must be finite (no NaN or Inf)}}
  %s = spike.lif %x {v_threshold = dense<[1.0, 0x7FC00000, 1.0]> : tensor<3xf32>} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_v_reset_inf(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'v_reset' must be finite (no NaN or Inf)}}
  %s = spike.lif %x {v_reset = 0x7F800000 : f32} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @lif_v_init_dense_inf(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'v_init' must be finite (no NaN or Inf)}}
  %s = spike.lif %x {v_init = dense<0xFF800000> : tensor<3xf32>} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @ternary_lif_decay_nan(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op attribute 'decay' must be finite (no NaN or Inf)}}
  %s = spike.ternary_lif %x {decay = 0x7FC00000 : f32} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

// A NaN threshold is reported as not finite (not as "not positive").
func.func @ternary_lif_v_threshold_nan(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op attribute 'v_threshold' must be finite (no NaN or Inf)}}
  %s = spike.ternary_lif %x {v_threshold = 0xFFC00000 : f32} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

func.func @leaky_integrate_gain_inf(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'spike.leaky_integrate' op attribute 'gain' must be finite (no NaN or Inf)}}
  %v = spike.leaky_integrate %x {gain = dense<[1.0, 1.0, 0x7F800000]> : tensor<3xf32>} : tensor<4x3xf32> -> tensor<4x3xf32>
  return %v : tensor<4x3xf32>
}

// -----

func.func @leaky_integrate_v_init_nan(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'spike.leaky_integrate' op attribute 'v_init' must be finite (no NaN or Inf)}}
  %v = spike.leaky_integrate %x {v_init = 0x7FC00000 : f32} : tensor<4x3xf32> -> tensor<4x3xf32>
  return %v : tensor<4x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Per-neuron parameters must broadcast to S...
//===----------------------------------------------------------------------===//

func.func @lif_decay_wrong_size(%x: tensor<4x2x3xf32>) -> tensor<4x2x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'decay' of shape [2] is not broadcastable to the neuron shape [2, 3]}}
  %s = spike.lif %x {decay = dense<0.5> : tensor<2xf32>} : tensor<4x2x3xf32> -> tensor<4x2x3xi1>
  return %s : tensor<4x2x3xi1>
}

// -----

// T is not a neuron dimension: a parameter of the full input shape does not
// broadcast to S...
func.func @lif_v_threshold_includes_time(%x: tensor<4x2x3xf32>) -> tensor<4x2x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'v_threshold' of shape [4, 2, 3] is not broadcastable to the neuron shape [2, 3]}}
  %s = spike.lif %x {v_threshold = dense<1.0> : tensor<4x2x3xf32>} : tensor<4x2x3xf32> -> tensor<4x2x3xi1>
  return %s : tensor<4x2x3xi1>
}

// -----

func.func @lif_gain_leading_mismatch(%x: tensor<4x2x3xf32>) -> tensor<4x2x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'gain' of shape [3, 1] is not broadcastable to the neuron shape [2, 3]}}
  %s = spike.lif %x {gain = dense<0.5> : tensor<3x1xf32>} : tensor<4x2x3xf32> -> tensor<4x2x3xi1>
  return %s : tensor<4x2x3xi1>
}

// -----

// With no neuron dimensions only rank-0 parameters broadcast.
func.func @lif_bias_no_neuron_dims(%x: tensor<4xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'bias' of shape [1] is not broadcastable to the neuron shape []}}
  %s = spike.lif %x {bias = dense<0.0> : tensor<1xf32>} : tensor<4xf32> -> tensor<4xi1>
  return %s : tensor<4xi1>
}

// -----

func.func @lif_v_reset_wrong_size(%x: tensor<4x?x3xf32>) -> tensor<4x?x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'v_reset' of shape [5, 2] is not broadcastable to the neuron shape [?, 3]}}
  %s = spike.lif %x {v_reset = dense<0.0> : tensor<5x2xf32>} : tensor<4x?x3xf32> -> tensor<4x?x3xi1>
  return %s : tensor<4x?x3xi1>
}

// -----

func.func @lif_v_init_wrong_size(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op attribute 'v_init' of shape [4] is not broadcastable to the neuron shape [3]}}
  %s = spike.lif %x {v_init = dense<0.0> : tensor<4xf32>} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

func.func @ternary_lif_v_threshold_wrong_size(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op attribute 'v_threshold' of shape [2] is not broadcastable to the neuron shape [3]}}
  %s = spike.ternary_lif %x {v_threshold = dense<1.0> : tensor<2xf32>} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

func.func @leaky_integrate_bias_wrong_size(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'spike.leaky_integrate' op attribute 'bias' of shape [6] is not broadcastable to the neuron shape [3]}}
  %v = spike.leaky_integrate %x {bias = dense<0.0> : tensor<6xf32>} : tensor<4x3xf32> -> tensor<4x3xf32>
  return %v : tensor<4x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// ternary_lif: positive threshold
//===----------------------------------------------------------------------===//

func.func @ternary_lif_threshold_zero(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op attribute 'v_threshold' must be positive so that the +1 and -1 firing regions are disjoint}}
  %s = spike.ternary_lif %x {v_threshold = 0.0 : f32} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

func.func @ternary_lif_threshold_negative_zero(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op attribute 'v_threshold' must be positive}}
  %s = spike.ternary_lif %x {v_threshold = -0.0 : f32} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

func.func @ternary_lif_threshold_negative(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op attribute 'v_threshold' must be positive}}
  %s = spike.ternary_lif %x {v_threshold = -1.0 : f32} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

func.func @ternary_lif_threshold_dense_one_zero(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op attribute 'v_threshold' must be positive}}
  %s = spike.ternary_lif %x {v_threshold = dense<[1.0, 0.0, 2.0]> : tensor<3xf32>} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

func.func @ternary_lif_threshold_denormal_negative(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op attribute 'v_threshold' must be positive}}
  %s = spike.ternary_lif %x {v_threshold = dense<[1.0, 0x80000001, 2.0]> : tensor<3xf32>} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}

// -----

// Per-neuron parameters are tensors; a vector-typed constant is rejected.
func.func @param_vector_typed(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{attribute 'decay' failed to satisfy constraint: f32 scalar or dense f32 tensor broadcastable to the neuron shape}}
  %s = spike.lif %x {decay = dense<0.5> : vector<3xf32>} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

// A misspelt parameter is an error, not a silently kept default.
func.func @misspelt_param(%x: tensor<4x3xf32>) -> tensor<4x3xi1> {
  // expected-error @+1 {{'spike.lif' op has unknown attribute 'v_treshold' (only the op's own attributes and dialect-prefixed ones such as 'mydialect.tag' are allowed)}}
  %s = spike.lif %x {v_treshold = 5.0e-01 : f32} : tensor<4x3xf32> -> tensor<4x3xi1>
  return %s : tensor<4x3xi1>
}

// -----

// spike.ternary_lif has no `compare`.
func.func @ternary_has_no_compare(%x: tensor<4x3xf32>) -> tensor<4x3xi2> {
  // expected-error @+1 {{'spike.ternary_lif' op has unknown attribute 'compare'}}
  %s = spike.ternary_lif %x {compare = #spike.compare<gt>} : tensor<4x3xf32> -> tensor<4x3xi2>
  return %s : tensor<4x3xi2>
}
