func.func @mean_of_repeat_scalar(%x: tensor<f32>) -> tensor<f32> {
  %t = spike.repeat %x {timesteps = 3 : i64} : tensor<f32> -> tensor<3xf32>
  %m = spike.mean_time %t : tensor<3xf32> -> tensor<f32>
  return %m : tensor<f32>
}
