func.func @synapses(%s: tensor<2x3x8x8xi1>, %cw: tensor<4x3x3x3xf32>, %cb: tensor<4xf32>,
                    %t: tensor<5x16xi2>, %lw: tensor<6x16xf32>)
    -> (tensor<2x4x6x8xf32>, tensor<2x4x3x3xf32>, tensor<5x6xf32>) {
  %0 = "spike.conv2d"(%s, %cw, %cb) <{padding = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 1>,
                                       strides = array<i64: 1, 1>, groups = 1 : i64}>
      : (tensor<2x3x8x8xi1>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x6x8xf32>
  %1 = "spike.conv2d"(%s, %cw) {strides = array<i64: 2, 2>}
      : (tensor<2x3x8x8xi1>, tensor<4x3x3x3xf32>) -> tensor<2x4x3x3xf32>
  %2 = "spike.linear"(%t, %lw) : (tensor<5x16xi2>, tensor<6x16xf32>) -> tensor<5x6xf32>
  return %0, %1, %2 : tensor<2x4x6x8xf32>, tensor<2x4x3x3xf32>, tensor<5x6xf32>
}
