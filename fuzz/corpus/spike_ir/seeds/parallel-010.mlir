func.func @linear(%s: tensor<64x384xi1>, %w: tensor<512x384xf32>) -> tensor<64x512xf32> {
  %y = spike.linear %s, %w : (tensor<64x384xi1>, tensor<512x384xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}
