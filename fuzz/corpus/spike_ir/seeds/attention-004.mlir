func.func @ssa(%q: tensor<8x16xi1>, %k: tensor<8x16xi1>, %v: tensor<8x16xi1>) -> tensor<8x16xf32> {
  %o = spike.attention %q, %k, %v {scale = 1.250000e-01 : f32}
      : (tensor<8x16xi1>, tensor<8x16xi1>, tensor<8x16xi1>) -> tensor<8x16xf32>
  return %o : tensor<8x16xf32>
}
