func.func @kv_first(%q: tensor<128x16xi1>, %k: tensor<128x16xf32>, %v: tensor<128x16xi2>) -> tensor<128x16xf32> {
  %o = spike.attention %q, %k, %v {spike.attention_order = #spike.attention_order<kv_first>}
      : (tensor<128x16xi1>, tensor<128x16xf32>, tensor<128x16xi2>) -> tensor<128x16xf32>
  return %o : tensor<128x16xf32>
}
