func.func @mean_of_repeat_f32(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %t = spike.repeat %x {timesteps = 4 : i64} : tensor<2x3xf32> -> tensor<4x2x3xf32>
  %m = spike.mean_time %t : tensor<4x2x3xf32> -> tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}
