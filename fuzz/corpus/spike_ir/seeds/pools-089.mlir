func.func @sumpool_i1(%s: tensor<8x1x16x34x34xi1>) -> tensor<8x1x16x17x17xf32> {
  %p = spike.sumpool2d %s {kernel = array<i64: 2, 2>}
      : tensor<8x1x16x34x34xi1> -> tensor<8x1x16x17x17xf32>
  return %p : tensor<8x1x16x17x17xf32>
}
