func.func @lif_into_linear(%x: tensor<4x3x100xf32>, %w: tensor<8x100xf32>) -> tensor<4x3x8xf32> {
  %s = spike.lif %x : tensor<4x3x100xf32> -> tensor<4x3x100xi1>
  %y = spike.linear %s, %w : (tensor<4x3x100xi1>, tensor<8x100xf32>) -> tensor<4x3x8xf32>
  return %y : tensor<4x3x8xf32>
}
