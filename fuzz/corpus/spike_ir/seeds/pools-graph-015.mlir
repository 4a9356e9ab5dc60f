func.func @repeat_spikes(%s: tensor<3x20xi1>, %w: tensor<2x20xf32>) -> tensor<5x3x2xf32> {
  %r = spike.repeat %s {timesteps = 5 : i64} : tensor<3x20xi1> -> tensor<5x3x20xi1>
  %y = spike.linear %r, %w : (tensor<5x3x20xi1>, tensor<2x20xf32>) -> tensor<5x3x2xf32>
  return %y : tensor<5x3x2xf32>
}
