func.func @recurrent(%x: tensor<8x1x16xf32>, %w: tensor<16x16xf32>) -> tensor<8x1x16xf32> {
  %z = arith.constant dense<0.0> : tensor<1x16xf32>
  %out:3 = spike.time_loop ins(%x : tensor<8x1x16xf32>) carry(%z, %z : tensor<1x16xf32>, tensor<1x16xf32>)
      -> (tensor<8x1x16xf32>, tensor<1x16xf32>, tensor<1x16xf32>) {
  ^bb0(%xt: tensor<1x16xf32>, %v: tensor<1x16xf32>, %prev: tensor<1x16xf32>):
    %in = arith.addf %xt, %prev : tensor<1x16xf32>
    %s, %v2 = spike.lif_step %in, %v {v_threshold = 0.5 : f32, compare = #spike.compare<gt>} : tensor<1x16xf32> -> tensor<1x16xi1>
    %t, %v3 = spike.ternary_lif_step %in, %v {reset = #spike.reset<soft>} : tensor<1x16xf32> -> tensor<1x16xi2>
    %i = spike.leaky_integrate_step %in, %v {decay = 0.75 : f32} : tensor<1x16xf32>
    %sf = arith.uitofp %s : tensor<1x16xi1> to tensor<1x16xf32>
    spike.yield %sf, %v2, %i : tensor<1x16xf32>, tensor<1x16xf32>, tensor<1x16xf32>
  }
  return %out#0 : tensor<8x1x16xf32>
}
