func.func @ternary_lif_attrs(%x: tensor<4x?x8xf32>) -> tensor<4x?x8xi2> {
  %v = spike.ternary_lif %x {decay = 1.0 : f32, gain = dense<2.0> : tensor<8xf32>,
                             bias = -0.25 : f32,
                             v_threshold = dense<[1.0, 2.0, 3.0, 4.0, 0.5, 0.25, 0.125, 0.0625]> : tensor<8xf32>,
                             v_reset = 0.5 : f32, v_init = 0.125 : f32,
                             reset = #spike.reset<soft>}
      : tensor<4x?x8xf32> -> tensor<4x?x8xi2>
  return %v : tensor<4x?x8xi2>
}
