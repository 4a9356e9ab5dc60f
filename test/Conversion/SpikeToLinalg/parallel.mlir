// RUN: spike-opt %s --convert-spike-to-linalg=parallel=1 --canonicalize --cse -split-input-file | FileCheck %s

// With `parallel`, the accumulation's (column tile, block of points) pairs
// are the iterations of an scf.forall: 512 outputs are 8 tiles of 64
// (accumulate-lanes 8 x 8 registers), 64 points 2 blocks of 32, so 16
// iterations, tile-major; each one reads and writes its own [32, 64] slice.
// CHECK-LABEL: func.func @linear(
// CHECK:         scf.forall (%[[I:.*]]) in (16) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<64x512xf32>)
// CHECK:           %[[TILE:.*]] = arith.divui %[[I]], %c2
// CHECK:           %[[BLOCK:.*]] = arith.remui %[[I]], %c2
// CHECK:           %[[FIRST:.*]] = arith.muli %[[BLOCK]], %c32
// CHECK:           %[[COLUMN:.*]] = arith.muli %[[TILE]], %c64
// CHECK:           tensor.extract_slice %[[OUT]][%[[FIRST]], %[[COLUMN]]] [32, 64] [1, 1]
// CHECK:           scf.for
// CHECK:             scf.while
// CHECK:               math.cttz
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%[[FIRST]], %[[COLUMN]]] [32, 64] [1, 1]
func.func @linear(%s: tensor<64x384xi1>, %w: tensor<512x384xf32>) -> tensor<64x512xf32> {
  %y = spike.linear %s, %w : (tensor<64x384xi1>, tensor<512x384xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

// -----

// The attention's (batch element, head) pairs are the parallel loop; the
// accumulations inside stay serial (no nested scf.forall).
// CHECK-LABEL: func.func @attention(
// CHECK:         scf.forall (%[[I:.*]]) in (4) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<2x16x64xf32>)
// CHECK-NOT:       scf.forall
// CHECK:           scf.while
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%{{.*}}, 0, %{{.*}}] [1, 16, 32] [1, 1, 1]
func.func @attention(%q: tensor<2x16x64xi1>, %k: tensor<2x16x64xf32>, %v: tensor<2x16x64xi2>) -> tensor<2x16x64xf32> {
  %o = spike.attention %q, %k, %v {num_heads = 2 : i64, spike.attention_order = #spike.attention_order<scores_first>}
      : (tensor<2x16x64xi1>, tensor<2x16x64xf32>, tensor<2x16x64xi2>) -> tensor<2x16x64xf32>
  return %o : tensor<2x16x64xf32>
}
