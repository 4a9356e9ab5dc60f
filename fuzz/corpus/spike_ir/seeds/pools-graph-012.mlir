func.func @maxpool_bits(%s: tensor<2x4x70x70xi1>) -> tensor<2x4x35x35xi1> {
  %p = spike.maxpool2d %s {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<2x4x70x70xi1> -> tensor<2x4x35x35xi1>
  return %p : tensor<2x4x35x35xi1>
}
