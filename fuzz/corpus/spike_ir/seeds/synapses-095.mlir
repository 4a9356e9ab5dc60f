func.func @linear_f32(%x: tensor<4x2x3x5x7xf32>, %w: tensor<6x7xf32>) -> tensor<4x2x3x5x6xf32> {
  %y = spike.linear %x, %w : (tensor<4x2x3x5x7xf32>, tensor<6x7xf32>) -> tensor<4x2x3x5x6xf32>
  return %y : tensor<4x2x3x5x6xf32>
}
