func.func @mean_of_repeat_i1(%s: tensor<2x3xi1>) -> tensor<2x3xf32> {
  %t = spike.repeat %s {timesteps = 8 : i64} : tensor<2x3xi1> -> tensor<8x2x3xi1>
  %m = spike.mean_time %t : tensor<8x2x3xi1> -> tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}
