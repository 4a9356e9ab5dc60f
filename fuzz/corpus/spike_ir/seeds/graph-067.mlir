func.func @relu_chain(%x: tensor<8xf32>) -> tensor<8xf32> {
  %a = spike.relu %x : tensor<8xf32>
  %b = spike.relu %a : tensor<8xf32>
  return %b : tensor<8xf32>
}
