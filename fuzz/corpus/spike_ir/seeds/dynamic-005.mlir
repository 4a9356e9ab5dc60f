func.func @dynamic(%x: tensor<?x8xf32>) -> tensor<?x8xi1> {
  %s = spike.lif %x : tensor<?x8xf32> -> tensor<?x8xi1>
  return %s : tensor<?x8xi1>
}
