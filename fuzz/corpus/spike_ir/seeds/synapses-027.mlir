func.func @linear_dense_words(%s: tensor<4x70xi1>) -> tensor<4x16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x70xf32>
  %y = spike.linear %s, %w : (tensor<4x70xi1>, tensor<16x70xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
