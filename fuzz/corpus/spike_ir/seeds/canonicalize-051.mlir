func.func @pool_2x2_kept(%x: tensor<3x4x4xf32>) -> (tensor<3x2x2xf32>, tensor<3x2x2xf32>, tensor<3x2x2xf32>) {
  %0 = spike.maxpool2d %x {kernel = array<i64: 2, 2>} : tensor<3x4x4xf32> -> tensor<3x2x2xf32>
  %1 = spike.avgpool2d %x {kernel = array<i64: 2, 2>} : tensor<3x4x4xf32> -> tensor<3x2x2xf32>
  %2 = spike.sumpool2d %x {kernel = array<i64: 2, 2>} : tensor<3x4x4xf32> -> tensor<3x2x2xf32>
  return %0, %1, %2 : tensor<3x2x2xf32>, tensor<3x2x2xf32>, tensor<3x2x2xf32>
}
