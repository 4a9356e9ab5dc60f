func.func @linear_binary(%s: tensor<4x70xi1>, %w: tensor<16x70xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %y = spike.linear %s, %w, %b : (tensor<4x70xi1>, tensor<16x70xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
