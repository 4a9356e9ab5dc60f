func.func @relu_of_linear_kept(%s: tensor<4x8xi1>, %w: tensor<2x8xf32>) -> tensor<4x2xf32> {
  %y = spike.linear %s, %w : (tensor<4x8xi1>, tensor<2x8xf32>) -> tensor<4x2xf32>
  %r = spike.relu %y : tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}
