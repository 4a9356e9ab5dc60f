func.func @mean_of_repeat_i2(%t: tensor<5xi2>) -> tensor<5xf32> {
  %r = spike.repeat %t {timesteps = 2 : i64} : tensor<5xi2> -> tensor<2x5xi2>
  %m = spike.mean_time %r : tensor<2x5xi2> -> tensor<5xf32>
  return %m : tensor<5xf32>
}
