func.func @lif_rank1(%x: tensor<16xf32>) -> tensor<16xi1> {
  %s = spike.lif %x : tensor<16xf32> -> tensor<16xi1>
  return %s : tensor<16xi1>
}
