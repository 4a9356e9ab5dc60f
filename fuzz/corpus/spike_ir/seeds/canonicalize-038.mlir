func.func @relu_sitofp_kept(%t: tensor<8xi2>) -> tensor<8xf32> {
  %f = arith.sitofp %t : tensor<8xi2> to tensor<8xf32>
  %r = spike.relu %f : tensor<8xf32>
  return %r : tensor<8xf32>
}
