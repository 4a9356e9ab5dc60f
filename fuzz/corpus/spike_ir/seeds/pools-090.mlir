func.func @sumpool_f32_whole(%x: tensor<2x3x3x?xf32>) -> tensor<2x3x1x?xf32> {
  %p = spike.sumpool2d %x {kernel = array<i64: 5, 3>, strides = array<i64: 1, 1>,
                           padding = array<i64: 1, 1, 1, 1>}
      : tensor<2x3x3x?xf32> -> tensor<2x3x1x?xf32>
  return %p : tensor<2x3x1x?xf32>
}
