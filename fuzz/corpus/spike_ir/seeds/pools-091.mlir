func.func @pools_identity_window(%s: tensor<2x4x4xi1>, %x: tensor<2x4x4xf32>)
    -> (tensor<2x4x4xi1>, tensor<2x4x4xf32>, tensor<2x4x4xf32>) {
  %0 = spike.maxpool2d %s {kernel = array<i64: 1, 1>} : tensor<2x4x4xi1> -> tensor<2x4x4xi1>
  %1 = spike.avgpool2d %x {kernel = array<i64: 1, 1>} : tensor<2x4x4xf32> -> tensor<2x4x4xf32>
  %2 = spike.sumpool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<2x4x4xf32> -> tensor<2x4x4xf32>
  return %0, %1, %2 : tensor<2x4x4xi1>, tensor<2x4x4xf32>, tensor<2x4x4xf32>
}
