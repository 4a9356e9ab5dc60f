func.func @graph(%x: tensor<2x6xf32>, %p: tensor<6xf32>) -> tensor<2x6xf32> {
  %bn = "spike.batch_norm"(%x, %p, %p, %p, %p) <{axis = -1 : i64, epsilon = 1.000000e-03 : f32}>
      : (tensor<2x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  %r = "spike.relu"(%bn) : (tensor<2x6xf32>) -> tensor<2x6xf32>
  %t = "spike.repeat"(%r) {timesteps = 4 : i64} : (tensor<2x6xf32>) -> tensor<4x2x6xf32>
  %m = "spike.mean_time"(%t) : (tensor<4x2x6xf32>) -> tensor<2x6xf32>
  return %m : tensor<2x6xf32>
}
