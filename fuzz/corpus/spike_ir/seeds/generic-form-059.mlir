func.func @pools(%s: tensor<3x8x8xi1>, %x: tensor<3x8x8xf32>)
    -> (tensor<3x4x4xi1>, tensor<3x4x4xf32>, tensor<3x7x5xf32>) {
  %0 = "spike.maxpool2d"(%s) <{kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                               padding = array<i64: 1, 1, 1, 1>}> : (tensor<3x8x8xi1>) -> tensor<3x4x4xi1>
  %1 = "spike.avgpool2d"(%x) <{kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>}>
      : (tensor<3x8x8xf32>) -> tensor<3x4x4xf32>
  %2 = "spike.sumpool2d"(%s) {kernel = array<i64: 2, 4>, strides = array<i64: 1, 1>}
      : (tensor<3x8x8xi1>) -> tensor<3x7x5xf32>
  return %0, %1, %2 : tensor<3x4x4xi1>, tensor<3x4x4xf32>, tensor<3x7x5xf32>
}
