func.func @mean_of_repeat_shape_differs(%x: tensor<?x3xf32>) -> tensor<2x3xf32> {
  %t = spike.repeat %x {timesteps = 4 : i64} : tensor<?x3xf32> -> tensor<4x?x3xf32>
  %m = spike.mean_time %t : tensor<4x?x3xf32> -> tensor<2x3xf32>
  return %m : tensor<2x3xf32>
}
