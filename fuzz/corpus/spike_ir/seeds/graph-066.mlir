func.func @relu(%x: tensor<4x64x384xf32>, %d: tensor<?x?xf32>, %s: tensor<f32>)
    -> (tensor<4x64x384xf32>, tensor<?x?xf32>, tensor<f32>) {
  %k = spike.relu %x : tensor<4x64x384xf32>
  %kd = spike.relu %d : tensor<?x?xf32>
  %ks = spike.relu %s : tensor<f32>
  return %k, %kd, %ks : tensor<4x64x384xf32>, tensor<?x?xf32>, tensor<f32>
}
