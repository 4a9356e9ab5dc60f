func.func @ssa_scale(%q: tensor<4x2x16x64xi1>, %k: tensor<4x2x16x64xi1>,
                     %v: tensor<4x2x16x64xi1>) -> tensor<4x2x16x64xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 8 : i64, scale = 0.125 : f32}
      : (tensor<4x2x16x64xi1>, tensor<4x2x16x64xi1>, tensor<4x2x16x64xi1>)
        -> tensor<4x2x16x64xf32>
  return %o : tensor<4x2x16x64xf32>
}
