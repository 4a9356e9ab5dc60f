// RUN: spike-opt %s --convert-spike-to-linalg=accumulate-words-outer=1 --canonicalize --cse | FileCheck %s

// Words outside the points: for each of the 2 words (the 64 rows it can
// select stay in L1), every point loads its partial sums, adds the rows of
// its set bits and stores them again. The rows of each output are still
// added in increasing order, as with points outside.
// CHECK-LABEL: func.func @linear(
// CHECK:         scf.for %[[W:.*]] = %c0 to %c2 {{.*}} -> (tensor<4x16xf32>)
// CHECK:           scf.for %[[P:.*]] = %c0 to %c4 {{.*}} -> (tensor<4x16xf32>)
// CHECK:             tensor.extract %{{.*}}[%[[P]], %[[W]]] : tensor<4x2xi64>
// CHECK-COUNT-2:     vector.transfer_read %{{.*}}[%[[P]], %{{.*}}]{{.*}} : tensor<4x16xf32>, vector<8xf32>
// CHECK:             scf.while
// CHECK:               math.cttz
// CHECK-COUNT-2:     vector.transfer_write {{.*}} : vector<8xf32>, tensor<4x16xf32>
func.func @linear(%s: tensor<4x70xi1>, %w: tensor<16x70xf32>) -> tensor<4x16xf32> {
  %y = spike.linear %s, %w : (tensor<4x70xi1>, tensor<16x70xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
