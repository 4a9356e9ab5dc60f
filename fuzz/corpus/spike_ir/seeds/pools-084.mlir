func.func @maxpool_f32_default_strides(%x: tensor<16x8x8xf32>) -> tensor<16x4x4xf32> {
  %p = spike.maxpool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>}
      : tensor<16x8x8xf32> -> tensor<16x4x4xf32>
  return %p : tensor<16x4x4xf32>
}
