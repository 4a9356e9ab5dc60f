func.func @leaky_integrate_attrs(%x: tensor<?x2x10xf32>) -> tensor<?x2x10xf32> {
  %v = spike.leaky_integrate %x {decay = 8.750000e-01 : f32, gain = 1.000000e+00 : f32,
                                 bias = dense<0.1> : tensor<2x1xf32>,
                                 v_init = dense<-2.0> : tensor<10xf32>}
      : tensor<?x2x10xf32> -> tensor<?x2x10xf32>
  return %v : tensor<?x2x10xf32>
}
