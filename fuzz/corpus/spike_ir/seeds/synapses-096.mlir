func.func @linear_dynamic(%s: tensor<?x4x?xi1>, %w: tensor<?x16xf32>, %b: tensor<8xf32>) -> tensor<?x4x8xf32> {
  %y = spike.linear %s, %w, %b : (tensor<?x4x?xi1>, tensor<?x16xf32>, tensor<8xf32>) -> tensor<?x4x8xf32>
  return %y : tensor<?x4x8xf32>
}
