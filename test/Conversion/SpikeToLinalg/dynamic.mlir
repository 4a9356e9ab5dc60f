// RUN: spike-opt %s --convert-spike-to-linalg -split-input-file -verify-diagnostics

// Dynamic shapes are rejected with a diagnostic, not lowered wrongly.
func.func @dynamic(%x: tensor<?x8xf32>) -> tensor<?x8xi1> {
  // expected-error @+1 {{'spike.lif' op cannot be lowered by --convert-spike-to-linalg: it needs static shapes, got 'tensor<?x8xf32>'}}
  %s = spike.lif %x : tensor<?x8xf32> -> tensor<?x8xi1>
  return %s : tensor<?x8xi1>
}

// -----

func.func @dynamic_and(%a: tensor<?x70xi1>, %b: tensor<1x70xi1>) -> tensor<?x70xi1> {
  // expected-error @+1 {{'spike.and' op cannot be lowered by --convert-spike-to-linalg: it needs static shapes, got 'tensor<?x70xi1>'}}
  %r = spike.and %a, %b : tensor<?x70xi1>, tensor<1x70xi1> -> tensor<?x70xi1>
  return %r : tensor<?x70xi1>
}

// -----

func.func @dynamic_count(%x: tensor<3x?xi2>) -> tensor<3x1xf32> {
  // expected-error @+1 {{'spike.count' op cannot be lowered by --convert-spike-to-linalg: it needs static shapes, got 'tensor<3x?xi2>'}}
  %c = spike.count %x {dims = array<i64: 1>} : tensor<3x?xi2> -> tensor<3x1xf32>
  return %c : tensor<3x1xf32>
}
