func.func @conv_i2_all_attrs(%s: tensor<4x10x9xi2>, %w: tensor<6x2x3x2xf32>,
                             %b: tensor<6xf32>) -> tensor<6x5x3xf32> {
  %y = spike.conv2d %s, %w, %b {strides = array<i64: 2, 3>, padding = array<i64: 1, 0, 2, 3>,
                                dilations = array<i64: 2, 3>, groups = 2 : i64}
      : (tensor<4x10x9xi2>, tensor<6x2x3x2xf32>, tensor<6xf32>) -> tensor<6x5x3xf32>
  return %y : tensor<6x5x3xf32>
}
