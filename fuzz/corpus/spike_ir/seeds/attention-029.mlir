func.func @a2os2a_heads(%q: tensor<4x64x384xi1>, %k: tensor<4x64x384xf32>,
                        %v: tensor<4x64x256xi2>) -> tensor<4x64x256xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64}
      : (tensor<4x64x384xi1>, tensor<4x64x384xf32>, tensor<4x64x256xi2>)
        -> tensor<4x64x256xf32>
  return %o : tensor<4x64x256xf32>
}
