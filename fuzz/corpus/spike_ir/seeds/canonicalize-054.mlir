func.func @pool_1x1_shape_differs_kept(%x: tensor<3x?x4xf32>) -> tensor<3x4x4xf32> {
  %0 = spike.maxpool2d %x {kernel = array<i64: 1, 1>} : tensor<3x?x4xf32> -> tensor<3x4x4xf32>
  return %0 : tensor<3x4x4xf32>
}
