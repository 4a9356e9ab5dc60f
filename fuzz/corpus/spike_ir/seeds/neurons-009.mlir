func.func @leaky(%x: tensor<6x2x3xf32>) -> tensor<6x2x3xf32> {
  %v = spike.leaky_integrate %x {decay = 9.0e-01 : f32} : tensor<6x2x3xf32> -> tensor<6x2x3xf32>
  return %v : tensor<6x2x3xf32>
}
