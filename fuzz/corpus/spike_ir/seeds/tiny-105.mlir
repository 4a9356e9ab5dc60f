func.func @forward(%x: tensor<3x2x70xf32>) -> tensor<3x2x5xf32> {
  %w = arith.constant dense<0.25> : tensor<5x70xf32>
  %s = spike.lif %x {v_threshold = 5.000000e-01 : f32} : tensor<3x2x70xf32> -> tensor<3x2x70xi1>
  %y = spike.linear %s, %w : (tensor<3x2x70xi1>, tensor<5x70xf32>) -> tensor<3x2x5xf32>
  return %y : tensor<3x2x5xf32>
}
