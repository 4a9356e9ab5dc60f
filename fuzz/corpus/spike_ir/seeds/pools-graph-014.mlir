func.func @rate(%x: tensor<4x2x10xf32>) -> tensor<2x10xf32> {
  %s = spike.lif %x : tensor<4x2x10xf32> -> tensor<4x2x10xi1>
  %r = spike.mean_time %s : tensor<4x2x10xi1> -> tensor<2x10xf32>
  return %r : tensor<2x10xf32>
}
