func.func @maxpool_f32_explicit_strides(%x: tensor<2x3x8x9xf32>) -> tensor<2x3x4x3xf32> {
  %p = spike.maxpool2d %x {kernel = array<i64: 2, 3>, strides = array<i64: 2, 3>}
      : tensor<2x3x8x9xf32> -> tensor<2x3x4x3xf32>
  return %p : tensor<2x3x4x3xf32>
}
