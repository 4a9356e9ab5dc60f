func.func @neurons(%x: tensor<4x2x3xf32>) -> (tensor<4x2x3xi1>, tensor<4x2x3xi2>, tensor<4x2x3xf32>) {
  %s = "spike.lif"(%x) <{decay = 7.500000e-01 : f32, v_threshold = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>,
                         compare = #spike.compare<gt>, reset = #spike.reset<soft>}>
      : (tensor<4x2x3xf32>) -> tensor<4x2x3xi1>
  %t = "spike.ternary_lif"(%x) <{reset = #spike.reset<none>}> : (tensor<4x2x3xf32>) -> tensor<4x2x3xi2>
  %l = "spike.leaky_integrate"(%x) <{decay = 5.000000e-01 : f32, gain = 5.000000e-01 : f32,
                                     bias = 0.000000e+00 : f32, v_init = 0.000000e+00 : f32}>
      : (tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
  return %s, %t, %l : tensor<4x2x3xi1>, tensor<4x2x3xi2>, tensor<4x2x3xf32>
}
