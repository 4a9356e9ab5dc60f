func.func @maxpool_i1_dynamic(%s: tensor<?x5x?x7xi1>) -> tensor<?x5x?x7xi1> {
  %p = spike.maxpool2d %s {kernel = array<i64: 2, 3>, strides = array<i64: 2, 1>,
                           padding = array<i64: 1, 0, 0, 2>}
      : tensor<?x5x?x7xi1> -> tensor<?x5x?x7xi1>
  return %p : tensor<?x5x?x7xi1>
}
