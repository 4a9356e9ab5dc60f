func.func @lif_explicit_defaults(%x: tensor<4x8xf32>) -> tensor<4x8xi1> {
  %s = spike.lif %x {decay = 5.000000e-01 : f32, gain = 5.000000e-01 : f32,
                     bias = 0.000000e+00 : f32, v_threshold = 1.000000e+00 : f32,
                     v_reset = 0.000000e+00 : f32, v_init = 0.000000e+00 : f32,
                     compare = #spike.compare<ge>, reset = #spike.reset<hard>}
      : tensor<4x8xf32> -> tensor<4x8xi1>
  return %s : tensor<4x8xi1>
}
