func.func @lif_per_neuron(%x: tensor<5x2x3x4xf32>) -> tensor<5x2x3x4xi1> {
  %s = spike.lif %x {decay = dense<[0.5, 0.75, 0.875, 1.0]> : tensor<4xf32>,
                     gain = dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf32>,
                     bias = dense<0.25> : tensor<2x3x4xf32>,
                     v_threshold = dense<[[1.0, 2.0, 3.0, 4.0]]> : tensor<1x4xf32>,
                     v_reset = dense<-1.0> : tensor<f32>,
                     v_init = dense<1.0> : tensor<1x1x1xf32>}
      : tensor<5x2x3x4xf32> -> tensor<5x2x3x4xi1>
  return %s : tensor<5x2x3x4xi1>
}
