func.func @batch_norm_negative_zero_epsilon(%x: tensor<3x2xf32>, %p: tensor<2xf32>) -> tensor<3x2xf32> {
  %y = spike.batch_norm %x, %p, %p, %p, %p {epsilon = -0.0 : f32} : tensor<3x2xf32>, tensor<2xf32>
  return %y : tensor<3x2xf32>
}
