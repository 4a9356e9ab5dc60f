func.func @maxpool_i1_strided(%s: tensor<4x1x64x32x32xi1>) -> tensor<4x1x64x16x16xi1> {
  %p = spike.maxpool2d %s {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                           padding = array<i64: 1, 1, 1, 1>}
      : tensor<4x1x64x32x32xi1> -> tensor<4x1x64x16x16xi1>
  return %p : tensor<4x1x64x16x16xi1>
}
