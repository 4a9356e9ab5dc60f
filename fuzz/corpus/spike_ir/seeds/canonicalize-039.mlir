func.func @relu_argument_kept(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %r = spike.relu %x : tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}
