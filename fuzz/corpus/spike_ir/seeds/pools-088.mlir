func.func @avgpool_i1_padded(%s: tensor<4x2x3x6x6xi1>) -> tensor<4x2x3x9x2xf32> {
  %p = spike.avgpool2d %s {kernel = array<i64: 2, 2>, strides = array<i64: 1, 3>,
                           padding = array<i64: 2, 0, 2, 0>}
      : tensor<4x2x3x6x6xi1> -> tensor<4x2x3x9x2xf32>
  return %p : tensor<4x2x3x9x2xf32>
}
