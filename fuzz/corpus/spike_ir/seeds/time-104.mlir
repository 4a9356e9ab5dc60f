func.func @no_operands(%c: tensor<2xf32>) -> tensor<3x2xf32> {
  %out = spike.time_loop -> (tensor<3x2xf32>) {
    spike.yield %c : tensor<2xf32>
  }
  return %out : tensor<3x2xf32>
}
