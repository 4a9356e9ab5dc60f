func.func @lif_params(%x: tensor<3x2x64xf32>) -> tensor<3x2x64xi1> {
  %s = spike.lif %x {decay = dense<[0.5, 0.25, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
                                    0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
                                    0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
                                    0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]> : tensor<64xf32>,
                     v_threshold = dense<[[0.5], [1.0]]> : tensor<2x1xf32>,
                     compare = #spike.compare<gt>, reset = #spike.reset<soft>}
      : tensor<3x2x64xf32> -> tensor<3x2x64xi1>
  return %s : tensor<3x2x64xi1>
}
