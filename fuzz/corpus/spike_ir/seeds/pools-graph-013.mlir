func.func @avgpool(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %p = spike.avgpool2d %x {kernel = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return %p : tensor<1x3x4x4xf32>
}
