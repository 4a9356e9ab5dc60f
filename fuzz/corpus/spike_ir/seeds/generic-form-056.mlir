func.func @attr_dict(%x: tensor<8x10xf32>) -> (tensor<8x10xi1>, tensor<8x10xf32>) {
  %s = "spike.lif"(%x) {gain = 1.0 : f32, v_threshold = 0.25 : f32, reset = #spike.reset<none>}
      : (tensor<8x10xf32>) -> tensor<8x10xi1>
  %v = "spike.leaky_integrate"(%x) {decay = 0.875 : f32, my.tag = "readout"}
      : (tensor<8x10xf32>) -> tensor<8x10xf32>
  return %s, %v : tensor<8x10xi1>, tensor<8x10xf32>
}
