func.func @a2os2a_defaults(%q: tensor<64x384xi1>, %k: tensor<64x384xf32>,
                           %v: tensor<64x384xi2>) -> tensor<64x384xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 1 : i64, scale = 1.0 : f32}
      : (tensor<64x384xi1>, tensor<64x384xf32>, tensor<64x384xi2>)
        -> tensor<64x384xf32>
  return %o : tensor<64x384xf32>
}
