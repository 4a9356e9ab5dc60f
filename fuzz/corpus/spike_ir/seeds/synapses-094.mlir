func.func @linear_i2(%s: tensor<8x96xi2>, %w: tensor<32x96xf32>, %b: tensor<32xf32>) -> tensor<8x32xf32> {
  %y = spike.linear %s, %w, %b : (tensor<8x96xi2>, tensor<32x96xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  return %y : tensor<8x32xf32>
}
