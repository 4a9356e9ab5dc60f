func.func @mean_of_repeat_shared(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<4x3xf32>) {
  %t = spike.repeat %x {timesteps = 4 : i64} : tensor<3xf32> -> tensor<4x3xf32>
  %m = spike.mean_time %t : tensor<4x3xf32> -> tensor<3xf32>
  return %m, %t : tensor<3xf32>, tensor<4x3xf32>
}
