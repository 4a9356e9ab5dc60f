func.func @spikes_to_float(%x: tensor<2x3x10xf32>) -> tensor<2x3x10xf32> {
  %s = spike.lif %x : tensor<2x3x10xf32> -> tensor<2x3x10xi1>
  %f = arith.uitofp %s : tensor<2x3x10xi1> to tensor<2x3x10xf32>
  return %f : tensor<2x3x10xf32>
}
