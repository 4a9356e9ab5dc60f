func.func @relu_uitofp(%s: tensor<4x8xi1>) -> tensor<4x8xf32> {
  %f = arith.uitofp %s : tensor<4x8xi1> to tensor<4x8xf32>
  %r = spike.relu %f : tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}
