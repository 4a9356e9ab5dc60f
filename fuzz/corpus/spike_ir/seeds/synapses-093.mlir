func.func @linear_i1_no_batch(%s: tensor<384xi1>, %w: tensor<10x384xf32>) -> tensor<10xf32> {
  %y = spike.linear %s, %w : (tensor<384xi1>, tensor<10x384xf32>) -> tensor<10xf32>
  return %y : tensor<10xf32>
}
