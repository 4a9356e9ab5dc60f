func.func @ternary_to_float(%x: tensor<2x3x10xf32>) -> tensor<2x3x10xf32> {
  %s = spike.ternary_lif %x : tensor<2x3x10xf32> -> tensor<2x3x10xi2>
  %f = arith.sitofp %s : tensor<2x3x10xi2> to tensor<2x3x10xf32>
  return %f : tensor<2x3x10xf32>
}
