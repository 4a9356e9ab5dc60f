func.func @ternary_lif_defaults(%x: tensor<4x64x384xf32>) -> tensor<4x64x384xi2> {
  %v = spike.ternary_lif %x : tensor<4x64x384xf32> -> tensor<4x64x384xi2>
  return %v : tensor<4x64x384xi2>
}
