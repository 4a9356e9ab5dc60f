func.func @mixed_kinds(%q: tensor<8x32xi1>, %kf: tensor<8x32xf32>, %kb: tensor<8x32xi1>,
                       %vb: tensor<8x16xi1>, %vt: tensor<8x16xi2>)
    -> (tensor<8x16xf32>, tensor<8x16xf32>) {
  %o0 = spike.attention %q, %kf, %vb {scale = -0.5 : f32}
      : (tensor<8x32xi1>, tensor<8x32xf32>, tensor<8x16xi1>) -> tensor<8x16xf32>
  %o1 = spike.attention %q, %kb, %vt {num_heads = 2 : i64}
      : (tensor<8x32xi1>, tensor<8x32xi1>, tensor<8x16xi2>) -> tensor<8x16xf32>
  return %o0, %o1 : tensor<8x16xf32>, tensor<8x16xf32>
}
