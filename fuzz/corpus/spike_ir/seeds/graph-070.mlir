func.func @mean_time(%y: tensor<4x1x10xf32>, %s: tensor<?x2x?xi1>, %t: tensor<8x3xi2>, %r: tensor<8xf32>)
    -> (tensor<1x10xf32>, tensor<2x?xf32>, tensor<3xf32>, tensor<f32>) {
  %0 = spike.mean_time %y : tensor<4x1x10xf32> -> tensor<1x10xf32>
  %1 = spike.mean_time %s : tensor<?x2x?xi1> -> tensor<2x?xf32>
  %2 = spike.mean_time %t : tensor<8x3xi2> -> tensor<3xf32>
  %3 = spike.mean_time %r : tensor<8xf32> -> tensor<f32>
  return %0, %1, %2, %3 : tensor<1x10xf32>, tensor<2x?xf32>, tensor<3xf32>, tensor<f32>
}
