func.func @conv_binary(%s: tensor<2x4x9x9xi1>, %w: tensor<8x4x3x3xf32>) -> tensor<2x8x5x5xf32> {
  %y = spike.conv2d %s, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<2x4x9x9xi1>, tensor<8x4x3x3xf32>) -> tensor<2x8x5x5xf32>
  return %y : tensor<2x8x5x5xf32>
}
