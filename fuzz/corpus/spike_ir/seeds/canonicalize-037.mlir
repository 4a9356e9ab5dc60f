func.func @relu_constant_splat() -> (tensor<3x4xf32>, tensor<3x4xf32>) {
  %n = arith.constant dense<-3.0> : tensor<3x4xf32>
  %p = arith.constant dense<0.75> : tensor<3x4xf32>
  %rn = spike.relu %n : tensor<3x4xf32>
  %rp = spike.relu %p : tensor<3x4xf32>
  return %rn, %rp : tensor<3x4xf32>, tensor<3x4xf32>
}
