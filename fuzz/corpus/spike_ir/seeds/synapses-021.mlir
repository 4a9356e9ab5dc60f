func.func @linear_ternary(%s: tensor<3x40xi2>, %w: tensor<8x40xf32>) -> tensor<3x8xf32> {
  %y = spike.linear %s, %w : (tensor<3x40xi2>, tensor<8x40xf32>) -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}
