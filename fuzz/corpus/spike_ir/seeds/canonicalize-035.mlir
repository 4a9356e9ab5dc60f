func.func @relu_constant() -> tensor<5xf32> {
  %c = arith.constant dense<[-2.0, 1.5, -0.0, 0.0, 0.25]> : tensor<5xf32>
  %r = spike.relu %c : tensor<5xf32>
  return %r : tensor<5xf32>
}
