func.func @linear_i1_bias(%s: tensor<4x64x384xi1>, %w: tensor<1536x384xf32>,
                          %b: tensor<1536xf32>) -> tensor<4x64x1536xf32> {
  %y = spike.linear %s, %w, %b
      : (tensor<4x64x384xi1>, tensor<1536x384xf32>, tensor<1536xf32>)
        -> tensor<4x64x1536xf32>
  return %y : tensor<4x64x1536xf32>
}
