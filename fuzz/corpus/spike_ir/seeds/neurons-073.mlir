func.func @lif_scalars(%x: tensor<8x1x10xf32>) -> tensor<8x1x10xi1> {
  %s = spike.lif %x {decay = 7.500000e-01 : f32, gain = 1.000000e+00 : f32,
                     bias = 2.500000e-01 : f32, v_threshold = 2.000000e+00 : f32,
                     v_reset = -5.000000e-01 : f32, v_init = -1.250000e-01 : f32,
                     compare = #spike.compare<gt>, reset = #spike.reset<soft>}
      : tensor<8x1x10xf32> -> tensor<8x1x10xi1>
  return %s : tensor<8x1x10xi1>
}
