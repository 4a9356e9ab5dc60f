func.func @lif_reset_none(%x: tensor<3x5xf32>) -> tensor<3x5xi1> {
  %s = spike.lif %x {reset = #spike.reset<none>, compare = #spike.compare<ge>}
      : tensor<3x5xf32> -> tensor<3x5xi1>
  return %s : tensor<3x5xi1>
}
