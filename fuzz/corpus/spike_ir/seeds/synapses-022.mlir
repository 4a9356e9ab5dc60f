func.func @linear_real(%x: tensor<2x3x10xf32>, %w: tensor<4x10xf32>) -> tensor<2x3x4xf32> {
  %y = spike.linear %x, %w : (tensor<2x3x10xf32>, tensor<4x10xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}
