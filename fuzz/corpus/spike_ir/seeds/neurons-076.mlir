func.func @lif_dynamic(%x: tensor<?x?x16xf32>) -> tensor<?x?x16xi1> {
  %s = spike.lif %x {v_threshold = dense<0.5> : tensor<3x16xf32>}
      : tensor<?x?x16xf32> -> tensor<?x?x16xi1>
  return %s : tensor<?x?x16xi1>
}
