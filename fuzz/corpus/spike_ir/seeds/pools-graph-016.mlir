func.func @batch_norm(%x: tensor<2x3x4xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %y = spike.batch_norm %x, %g, %b, %m, %v : tensor<2x3x4xf32>, tensor<3xf32>
  return %y : tensor<2x3x4xf32>
}
