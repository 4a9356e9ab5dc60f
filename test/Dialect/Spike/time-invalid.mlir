// RUN: spike-opt %s -split-input-file -verify-diagnostics

func.func @arguments(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.time_loop' op body must have 1 arguments (a time slice per input, then the carried values), got 2}}
  %o = spike.time_loop ins(%x : tensor<4x8xf32>) -> (tensor<4x8xf32>) {
  ^bb0(%a: tensor<8xf32>, %b: tensor<8xf32>):
    spike.yield %a : tensor<8xf32>
  }
  return %o : tensor<4x8xf32>
}

// -----

func.func @slice_type(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.time_loop' op body argument #0 must be 'tensor<8xf32>' (a time slice of input #0)}}
  %o = spike.time_loop ins(%x : tensor<4x8xf32>) -> (tensor<4x8xf32>) {
  ^bb0(%a: tensor<4x8xf32>):
    %s = tensor.extract_slice %a[0, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<8xf32>
    spike.yield %s : tensor<8xf32>
  }
  return %o : tensor<4x8xf32>
}

// -----

func.func @steps(%x: tensor<4x8xf32>, %y: tensor<5x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.time_loop' op input #1 has 5 time steps, another input has 4}}
  %o = spike.time_loop ins(%x, %y : tensor<4x8xf32>, tensor<5x8xf32>) -> (tensor<4x8xf32>) {
  ^bb0(%a: tensor<8xf32>, %b: tensor<8xf32>):
    spike.yield %a : tensor<8xf32>
  }
  return %o : tensor<4x8xf32>
}

// -----

func.func @spikes_need_a_dimension(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'spike.time_loop' op input #0 holds spikes and needs a dimension after time, got 'tensor<4xi1>'}}
  %o = spike.time_loop ins(%x : tensor<4xi1>) -> (tensor<4xi1>) {
  ^bb0(%a: tensor<i1>):
    spike.yield %a : tensor<i1>
  }
  return %o : tensor<4xi1>
}

// -----

func.func @carried_type(%x: tensor<4x8xf32>, %v: tensor<8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.time_loop' op 0-th init and 0-th region iter_arg have different type: 'tensor<8xf32>' != 'tensor<2x8xf32>'}}
  %o:2 = spike.time_loop ins(%x : tensor<4x8xf32>) carry(%v : tensor<8xf32>) -> (tensor<4x8xf32>, tensor<8xf32>) {
  ^bb0(%a: tensor<8xf32>, %b: tensor<2x8xf32>):
    spike.yield %a, %a : tensor<8xf32>, tensor<8xf32>
  }
  return %o#0 : tensor<4x8xf32>
}

// -----

func.func @yield_count(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %o = spike.time_loop ins(%x : tensor<4x8xf32>) -> (tensor<4x8xf32>) {
  ^bb0(%a: tensor<8xf32>):
    // expected-error @+1 {{'spike.yield' op must yield 1 outputs and 0 carried values, got 2}}
    spike.yield %a, %a : tensor<8xf32>, tensor<8xf32>
  }
  return %o : tensor<4x8xf32>
}

// -----

func.func @stacking(%x: tensor<4x8xf32>) -> tensor<4x9xf32> {
  // expected-error @+1 {{'spike.time_loop' op result #0 must stack the yielded output #0 over the 4 time steps}}
  %o = spike.time_loop ins(%x : tensor<4x8xf32>) -> (tensor<4x9xf32>) {
  ^bb0(%a: tensor<8xf32>):
    spike.yield %a : tensor<8xf32>
  }
  return %o : tensor<4x9xf32>
}

// -----

func.func @carried_result(%x: tensor<4x8xf32>, %v: tensor<8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'spike.time_loop' op 0-th region iter_arg and 0-th loop result have different type: 'tensor<8xf32>' != 'tensor<2x8xf32>'}}
  %o:2 = spike.time_loop ins(%x : tensor<4x8xf32>) carry(%v : tensor<8xf32>) -> (tensor<4x8xf32>, tensor<2x8xf32>) {
  ^bb0(%a: tensor<8xf32>, %b: tensor<8xf32>):
    spike.yield %a, %b : tensor<8xf32>, tensor<8xf32>
  }
  return %o#0 : tensor<4x8xf32>
}

// -----

func.func @too_few_results(%v: tensor<8xf32>) {
  // expected-error @+1 {{'spike.time_loop' op different number of loop results and region iter_args: 0 != 1}}
  "spike.time_loop"(%v) <{operandSegmentSizes = array<i32: 0, 1>}> ({
  ^bb0(%b: tensor<8xf32>):
    spike.yield %b : tensor<8xf32>
  }) : (tensor<8xf32>) -> ()
  return
}

// -----

func.func @yield_outside(%x: tensor<8xf32>) {
  // expected-error @+1 {{'spike.yield' op expects parent op 'spike.time_loop'}}
  spike.yield %x : tensor<8xf32>
}

// -----

func.func @step_params(%x: tensor<2x8xf32>, %v: tensor<2x8xf32>) -> tensor<2x8xi1> {
  // expected-error @+1 {{'spike.lif_step' op attribute 'decay' of shape [3] is not broadcastable to the neuron shape [2, 8]}}
  %s, %v2 = spike.lif_step %x, %v {decay = dense<[0.5, 0.5, 0.5]> : tensor<3xf32>} : tensor<2x8xf32> -> tensor<2x8xi1>
  return %s : tensor<2x8xi1>
}

// -----

func.func @step_threshold(%x: tensor<8xf32>, %v: tensor<8xf32>) -> tensor<8xi2> {
  // expected-error @+1 {{'spike.ternary_lif_step' op attribute 'v_threshold' must be positive so that the +1 and -1 firing regions are disjoint}}
  %s, %v2 = spike.ternary_lif_step %x, %v {v_threshold = 0.0 : f32} : tensor<8xf32> -> tensor<8xi2>
  return %s : tensor<8xi2>
}

// -----

func.func @step_output(%x: tensor<8xf32>, %v: tensor<8xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{'spike.lif_step' op output has shape [4], expected [8]}}
  %s, %v2 = spike.lif_step %x, %v : tensor<8xf32> -> tensor<4xi1>
  return %s : tensor<4xi1>
}

// -----

func.func @step_nan(%x: tensor<8xf32>, %v: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'spike.leaky_integrate_step' op attribute 'gain' must be finite (no NaN or Inf)}}
  %v2 = spike.leaky_integrate_step %x, %v {gain = 0x7F800000 : f32} : tensor<8xf32>
  return %v2 : tensor<8xf32>
}
