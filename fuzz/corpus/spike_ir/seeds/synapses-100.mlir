func.func @conv_f32_depthwise(%x: tensor<8x5x5xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<8x5x5xf32> {
  %y = spike.conv2d %x, %w {groups = 8 : i64, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<8x5x5xf32>, tensor<8x1x3x3xf32>) -> tensor<8x5x5xf32>
  return %y : tensor<8x5x5xf32>
}
