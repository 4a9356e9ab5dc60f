func.func @relu_constant_2d() -> tensor<2x2xf32> {
  %c = arith.constant dense<[[-1.0, 3.0], [4.0, -5.0]]> : tensor<2x2xf32>
  %r = spike.relu %c : tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}
