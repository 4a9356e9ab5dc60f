func.func @conv_f32_batches(%x: tensor<2x3x4x5x6x7xf32>, %w: tensor<9x5x1x1xf32>) -> tensor<2x3x4x9x6x7xf32> {
  %y = spike.conv2d %x, %w : (tensor<2x3x4x5x6x7xf32>, tensor<9x5x1x1xf32>) -> tensor<2x3x4x9x6x7xf32>
  return %y : tensor<2x3x4x9x6x7xf32>
}
