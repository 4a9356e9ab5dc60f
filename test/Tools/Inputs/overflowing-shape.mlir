func.func @forward(%x: tensor<1x1x4xf32>) -> tensor<1x1x9223372036854775807xf32> {
  %w = arith.constant dense<1.0> : tensor<9223372036854775807x4xf32>
  %s = spike.lif %x {v_threshold = 1.0 : f32} : tensor<1x1x4xf32> -> tensor<1x1x4xi1>
  %y = spike.linear %s, %w : (tensor<1x1x4xi1>, tensor<9223372036854775807x4xf32>) -> tensor<1x1x9223372036854775807xf32>
  return %y : tensor<1x1x9223372036854775807xf32>
}
