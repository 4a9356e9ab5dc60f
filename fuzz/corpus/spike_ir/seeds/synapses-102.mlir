func.func @conv_dynamic(%s: tensor<?x3x?x16xi1>, %w: tensor<4x3x?x3xf32>, %b: tensor<?xf32>) -> tensor<?x4x?x7xf32> {
  %y = spike.conv2d %s, %w, %b {strides = array<i64: 1, 2>}
      : (tensor<?x3x?x16xi1>, tensor<4x3x?x3xf32>, tensor<?xf32>) -> tensor<?x4x?x7xf32>
  return %y : tensor<?x4x?x7xf32>
}
