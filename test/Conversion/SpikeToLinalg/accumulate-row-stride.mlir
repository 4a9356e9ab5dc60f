// RUN: spike-opt %s --convert-spike-to-linalg="accumulate-words-outer=1 accumulate-lanes=16 accumulate-registers=8" --canonicalize --cse -split-input-file | FileCheck %s

// The row stride of constant rows in the words-outer order (tiles of 16
// lanes x 8 registers = 128 floats, 8 cache lines).
// Constant rows whose stride aliases L1 sets: 256 outputs are 16 cache
// lines a row, so the 64 rows a word selects (8 lines of one 128-float
// tile each) would start on 4 of L1's 64 sets. They are stored with a
// stride of 272 floats (17 lines, odd) and read below column 256.
// CHECK-LABEL: func.func @aliasing_rows(
// CHECK:         %[[ROWS:.*]] = arith.constant dense<{{.*}}> : tensor<64x272xf32>
// CHECK-NOT:     tensor<64x256xf32>
// CHECK:         scf.while
// CHECK:           vector.transfer_read %[[ROWS]]{{.*}} : tensor<64x272xf32>, vector<16xf32>
func.func @aliasing_rows(%s: tensor<4x64xi1>) -> tensor<4x256xf32> {
  %w = arith.constant dense<0.25> : tensor<256x64xf32>
  %y = spike.linear %s, %w : (tensor<4x64xi1>, tensor<256x64xf32>) -> tensor<4x256xf32>
  return %y : tensor<4x256xf32>
}

// -----

// A stride whose start sets are no farther apart than a tile's lines (384
// floats: 24 lines, starts 8 sets apart, tiles of 8 lines) is kept.
// CHECK-LABEL: func.func @spread_rows(
// CHECK:         arith.constant dense<{{.*}}> : tensor<64x384xf32>
// CHECK-NOT:     tensor<64x400xf32>
func.func @spread_rows(%s: tensor<4x64xi1>) -> tensor<4x384xf32> {
  %w = arith.constant dense<0.25> : tensor<384x64xf32>
  %y = spike.linear %s, %w : (tensor<4x64xi1>, tensor<384x64xf32>) -> tensor<4x384xf32>
  return %y : tensor<4x384xf32>
}
