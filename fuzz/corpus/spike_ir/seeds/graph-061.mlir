func.func @batch_norm_defaults(%x: tensor<2x16x8x8xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>,
                               %m: tensor<16xf32>, %v: tensor<16xf32>) -> tensor<2x16x8x8xf32> {
  %y = spike.batch_norm %x, %g, %b, %m, %v {axis = 1 : i64, epsilon = 1.0e-5 : f32}
      : tensor<2x16x8x8xf32>, tensor<16xf32>
  return %y : tensor<2x16x8x8xf32>
}
