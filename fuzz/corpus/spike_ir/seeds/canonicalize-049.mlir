func.func @pool_identity(%s: tensor<2x3x4x4xi1>, %x: tensor<3x5x7xf32>)
    -> (tensor<2x3x4x4xi1>, tensor<3x5x7xf32>, tensor<3x5x7xf32>, tensor<3x5x7xf32>, tensor<3x5x7xf32>) {
  %0 = spike.maxpool2d %s {kernel = array<i64: 1, 1>} : tensor<2x3x4x4xi1> -> tensor<2x3x4x4xi1>
  %1 = spike.maxpool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  %2 = spike.avgpool2d %x {kernel = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>} : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  %3 = spike.sumpool2d %x {kernel = array<i64: 1, 1>} : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  %4 = spike.sumpool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>} : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3x4x4xi1>, tensor<3x5x7xf32>, tensor<3x5x7xf32>, tensor<3x5x7xf32>, tensor<3x5x7xf32>
}
