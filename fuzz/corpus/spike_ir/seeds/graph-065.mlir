func.func @batch_norm_dynamic(%x: tensor<?x?x4xf32>, %p: tensor<8xf32>,
                              %y: tensor<?x8x4xf32>, %q: tensor<?xf32>)
    -> (tensor<?x?x4xf32>, tensor<?x8x4xf32>) {
  %0 = spike.batch_norm %x, %p, %p, %p, %p : tensor<?x?x4xf32>, tensor<8xf32>
  %1 = spike.batch_norm %y, %q, %q, %q, %q {axis = -2 : i64} : tensor<?x8x4xf32>, tensor<?xf32>
  return %0, %1 : tensor<?x?x4xf32>, tensor<?x8x4xf32>
}
