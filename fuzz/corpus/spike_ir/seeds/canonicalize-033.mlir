func.func @relu_relu(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = spike.relu %x : tensor<4x8xf32>
  %1 = spike.relu %0 : tensor<4x8xf32>
  %2 = spike.relu %1 : tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}
