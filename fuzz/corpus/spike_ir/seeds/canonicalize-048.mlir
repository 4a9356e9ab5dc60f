func.func @mean_of_lif_kept(%x: tensor<3xf32>) -> tensor<3xf32> {
  %t = spike.repeat %x {timesteps = 4 : i64} : tensor<3xf32> -> tensor<4x3xf32>
  %s = spike.lif %t : tensor<4x3xf32> -> tensor<4x3xi1>
  %m = spike.mean_time %s : tensor<4x3xi1> -> tensor<3xf32>
  return %m : tensor<3xf32>
}
