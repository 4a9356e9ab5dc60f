func.func @linear_constant_weight(%s: tensor<5x2xi1>) -> tensor<5x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %y = spike.linear %s, %w : (tensor<5x2xi1>, tensor<2x2xf32>) -> tensor<5x2xf32>
  return %y : tensor<5x2xf32>
}
