func.func @repeat(%img: tensor<1x3x32x32xf32>, %s: tensor<?x8xi1>, %t: tensor<5xi2>)
    -> (tensor<4x1x3x32x32xf32>, tensor<1x?x8xi1>, tensor<?x5xi2>) {
  %0 = spike.repeat %img {timesteps = 4 : i64} : tensor<1x3x32x32xf32> -> tensor<4x1x3x32x32xf32>
  %1 = spike.repeat %s {timesteps = 1 : i64} : tensor<?x8xi1> -> tensor<1x?x8xi1>
  %2 = spike.repeat %t {timesteps = 16 : i64} : tensor<5xi2> -> tensor<?x5xi2>
  return %0, %1, %2 : tensor<4x1x3x32x32xf32>, tensor<1x?x8xi1>, tensor<?x5xi2>
}
