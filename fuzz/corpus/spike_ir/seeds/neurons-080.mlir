func.func @ternary_lif_reset_none(%x: tensor<2x3xf32>) -> tensor<2x3xi2> {
  %v = spike.ternary_lif %x {reset = #spike.reset<none>, v_threshold = 1.000000e-03 : f32}
      : tensor<2x3xf32> -> tensor<2x3xi2>
  return %v : tensor<2x3xi2>
}
