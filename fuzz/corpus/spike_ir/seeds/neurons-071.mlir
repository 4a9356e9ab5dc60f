func.func @lif_defaults(%x: tensor<4x2x64xf32>) -> tensor<4x2x64xi1> {
  %s = spike.lif %x : tensor<4x2x64xf32> -> tensor<4x2x64xi1>
  return %s : tensor<4x2x64xi1>
}
