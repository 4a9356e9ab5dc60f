func.func @repeat_scalar(%x: tensor<f32>) -> tensor<3xf32> {
  %0 = spike.repeat %x {timesteps = 3 : i64} : tensor<f32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
