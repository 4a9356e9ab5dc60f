func.func @dynamic(%q: tensor<?x?x?xi1>, %k: tensor<2x?x48xf32>,
                   %v: tensor<?x10x?xi2>) -> tensor<2x?x?xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 3 : i64}
      : (tensor<?x?x?xi1>, tensor<2x?x48xf32>, tensor<?x10x?xi2>) -> tensor<2x?x?xf32>
  return %o : tensor<2x?x?xf32>
}
