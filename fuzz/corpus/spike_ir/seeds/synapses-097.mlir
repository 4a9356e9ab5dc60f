func.func @conv_i1_defaults(%s: tensor<2x3x8x8xi1>, %w: tensor<16x3x3x3xf32>) -> tensor<2x16x6x6xf32> {
  %y = spike.conv2d %s, %w {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
                            dilations = array<i64: 1, 1>, groups = 1 : i64}
      : (tensor<2x3x8x8xi1>, tensor<16x3x3x3xf32>) -> tensor<2x16x6x6xf32>
  return %y : tensor<2x16x6x6xf32>
}
