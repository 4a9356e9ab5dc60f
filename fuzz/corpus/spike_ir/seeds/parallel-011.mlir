func.func @attention(%q: tensor<2x16x64xi1>, %k: tensor<2x16x64xf32>, %v: tensor<2x16x64xi2>) -> tensor<2x16x64xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 2 : i64, spike.attention_order = #spike.attention_order<scores_first>}
      : (tensor<2x16x64xi1>, tensor<2x16x64xf32>, tensor<2x16x64xi2>) -> tensor<2x16x64xf32>
  return %o : tensor<2x16x64xf32>
}
