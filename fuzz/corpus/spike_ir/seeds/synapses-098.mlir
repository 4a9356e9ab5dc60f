func.func @conv_i1_strided(%s: tensor<4x1x64x32x32xi1>, %w: tensor<128x64x3x3xf32>,
                           %b: tensor<128xf32>) -> tensor<4x1x128x16x16xf32> {
  %y = spike.conv2d %s, %w, %b {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
      : (tensor<4x1x64x32x32xi1>, tensor<128x64x3x3xf32>, tensor<128xf32>)
        -> tensor<4x1x128x16x16xf32>
  return %y : tensor<4x1x128x16x16xf32>
}
