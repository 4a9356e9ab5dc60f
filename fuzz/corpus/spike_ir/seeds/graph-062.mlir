func.func @batch_norm_last_axis(%x: tensor<4x64x384xf32>, %g: tensor<384xf32>, %b: tensor<384xf32>,
                                %m: tensor<384xf32>, %v: tensor<384xf32>) -> tensor<4x64x384xf32> {
  %y = spike.batch_norm %x, %g, %b, %m, %v {axis = -1 : i64, epsilon = 1.000000e-03 : f32}
      : tensor<4x64x384xf32>, tensor<384xf32>
  return %y : tensor<4x64x384xf32>
}
