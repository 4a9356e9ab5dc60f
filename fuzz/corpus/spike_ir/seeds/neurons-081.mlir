func.func @leaky_integrate_defaults(%x: tensor<16x1x10xf32>) -> tensor<16x1x10xf32> {
  %v = spike.leaky_integrate %x : tensor<16x1x10xf32> -> tensor<16x1x10xf32>
  return %v : tensor<16x1x10xf32>
}
