// RUN: spike-opt %s --convert-spike-to-linalg=accumulate-words-outer=1 --canonicalize --cse | FileCheck %s

// Words outside the points. Word 0 of every point starts from zero (the
// output is not zero-filled first) and writes its partial sums; for word 1
// (the 64 rows it can select stay in L1), every point loads its partial
// sums, adds the rows of its set bits and stores them again. The rows of
// each output are still added in increasing order, as with points outside.
// CHECK-LABEL: func.func @linear(
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<4x16xf32>
// CHECK-NOT:     linalg.fill {{.*}} tensor<4x16xf32>
// CHECK:         %[[FIRST:.*]] = scf.for %[[P:.*]] = %c0 to %c4 {{.*}} iter_args(%{{.*}} = %[[EMPTY]]) -> (tensor<4x16xf32>)
// CHECK:           tensor.extract %{{.*}}[%[[P]], %c0] : tensor<4x2xi64>
// CHECK-NOT:       vector.transfer_read %{{.*}} : tensor<4x16xf32>
// CHECK:           scf.while ({{.*}} = %[[ZERO]], {{.*}} = %[[ZERO]])
// CHECK-COUNT-2:   vector.transfer_write {{.*}} : vector<8xf32>, tensor<4x16xf32>
// CHECK:         scf.for %[[Q:.*]] = %c0 to %c4 {{.*}} iter_args(%{{.*}} = %[[FIRST]]) -> (tensor<4x16xf32>)
// CHECK:           tensor.extract %{{.*}}[%[[Q]], %c1] : tensor<4x2xi64>
// CHECK-COUNT-2:   vector.transfer_read %{{.*}}[%[[Q]], %{{.*}}]{{.*}} : tensor<4x16xf32>, vector<8xf32>
// CHECK:           scf.while
// CHECK:             math.cttz
// CHECK-COUNT-2:   vector.transfer_write {{.*}} : vector<8xf32>, tensor<4x16xf32>
func.func @linear(%s: tensor<4x70xi1>, %w: tensor<16x70xf32>) -> tensor<4x16xf32> {
  %y = spike.linear %s, %w : (tensor<4x70xi1>, tensor<16x70xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}
