func.func @mean_time_argument_kept(%s: tensor<4x3xi1>) -> tensor<3xf32> {
  %m = spike.mean_time %s : tensor<4x3xi1> -> tensor<3xf32>
  return %m : tensor<3xf32>
}
