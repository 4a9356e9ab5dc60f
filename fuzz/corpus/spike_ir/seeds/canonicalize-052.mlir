func.func @pool_1x1_not_identity_kept(%x: tensor<3x4x4xf32>)
    -> (tensor<3x4x3xf32>, tensor<3x2x4xf32>, tensor<3x5x4xf32>) {
  %0 = spike.maxpool2d %x {kernel = array<i64: 1, 2>, strides = array<i64: 1, 1>} : tensor<3x4x4xf32> -> tensor<3x4x3xf32>
  %1 = spike.sumpool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 2, 1>} : tensor<3x4x4xf32> -> tensor<3x2x4xf32>
  %2 = spike.avgpool2d %x {kernel = array<i64: 1, 1>, padding = array<i64: 1, 0, 0, 0>} : tensor<3x4x4xf32> -> tensor<3x5x4xf32>
  return %0, %1, %2 : tensor<3x4x3xf32>, tensor<3x2x4xf32>, tensor<3x5x4xf32>
}
