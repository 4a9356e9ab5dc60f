func.func @conv_groups(%s: tensor<4x6x6xi1>, %w: tensor<8x2x1x1xf32>) -> tensor<8x6x6xf32> {
  %y = spike.conv2d %s, %w {groups = 2 : i64}
      : (tensor<4x6x6xi1>, tensor<8x2x1x1xf32>) -> tensor<8x6x6xf32>
  return %y : tensor<8x6x6xf32>
}
