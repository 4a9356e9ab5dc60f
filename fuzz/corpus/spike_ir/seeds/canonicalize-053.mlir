func.func @pool_1x1_type_change_kept(%s: tensor<3x4x4xi1>) -> (tensor<3x4x4xf32>, tensor<3x4x4xf32>) {
  %0 = spike.avgpool2d %s {kernel = array<i64: 1, 1>} : tensor<3x4x4xi1> -> tensor<3x4x4xf32>
  %1 = spike.sumpool2d %s {kernel = array<i64: 1, 1>} : tensor<3x4x4xi1> -> tensor<3x4x4xf32>
  return %0, %1 : tensor<3x4x4xf32>, tensor<3x4x4xf32>
}
