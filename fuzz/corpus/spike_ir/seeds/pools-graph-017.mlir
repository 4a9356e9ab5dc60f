func.func @relu(%x: tensor<5xf32>) -> tensor<5xf32> {
  %y = spike.relu %x : tensor<5xf32>
  return %y : tensor<5xf32>
}
