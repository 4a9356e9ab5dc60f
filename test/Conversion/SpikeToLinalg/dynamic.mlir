// RUN: spike-opt %s --convert-spike-to-linalg -verify-diagnostics

// Dynamic shapes are rejected with a diagnostic, not lowered wrongly.
func.func @dynamic(%x: tensor<?x8xf32>) -> tensor<?x8xi1> {
  // expected-error @+1 {{'spike.lif' op cannot be lowered by --convert-spike-to-linalg: it needs static shapes, got 'tensor<?x8xf32>'}}
  %s = spike.lif %x : tensor<?x8xf32> -> tensor<?x8xi1>
  return %s : tensor<?x8xi1>
}
