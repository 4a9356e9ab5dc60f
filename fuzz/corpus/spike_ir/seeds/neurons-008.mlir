func.func @ternary(%x: tensor<4x5x10xf32>, %w: tensor<3x10xf32>) -> tensor<4x5x3xf32> {
  %v = spike.ternary_lif %x : tensor<4x5x10xf32> -> tensor<4x5x10xi2>
  %y = spike.linear %v, %w : (tensor<4x5x10xi2>, tensor<3x10xf32>) -> tensor<4x5x3xf32>
  return %y : tensor<4x5x3xf32>
}
