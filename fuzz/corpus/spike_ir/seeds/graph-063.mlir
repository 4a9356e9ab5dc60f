func.func @batch_norm_rank1(%x: tensor<10xf32>, %g: tensor<10xf32>, %b: tensor<10xf32>,
                            %m: tensor<10xf32>, %v: tensor<10xf32>) -> tensor<10xf32> {
  %y = spike.batch_norm %x, %g, %b, %m, %v {axis = 0 : i64, epsilon = 0.0 : f32}
      : tensor<10xf32>, tensor<10xf32>
  return %y : tensor<10xf32>
}
