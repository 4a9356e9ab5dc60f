func.func @forward(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = spike.lif %x : tensor<4xf32>
