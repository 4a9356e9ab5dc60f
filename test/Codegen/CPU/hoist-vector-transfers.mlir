// RUN: spike-opt %s --spike-hoist-vector-transfers -split-input-file | FileCheck %s

// spike-hoist-vector-transfers moves a transfer_read/transfer_write pair on
// the same buffer and indices out of the loops that do not change those
// indices: the accumulator is read once before the loop, carried through it
// in a vector register (an iter_arg) and written once after it. The pair
// stays where its indices depend on the loop or where other accesses to the
// buffer in the loop could see it.

// A reduction loop whose accumulator row depends on the outer loop only:
// the pair leaves the inner loop, not the outer one.
// CHECK-LABEL: func.func @rows(
// CHECK-SAME:      %[[ACC:.*]]: memref<4x8xf32>, %[[IN:.*]]: memref<16x8xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[PAD:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         scf.for %[[I:.*]] = {{.*}} {
// CHECK-NEXT:      %[[INIT:.*]] = vector.transfer_read %[[ACC]][%[[I]], %[[C0]]], %[[PAD]]
// CHECK-NEXT:      %[[SUM:.*]] = scf.for %[[K:.*]] = {{.*}} iter_args(%[[A:.*]] = %[[INIT]]) -> (vector<8xf32>) {
// CHECK-NEXT:        %[[X:.*]] = vector.transfer_read %[[IN]][%[[K]], %[[C0]]], %[[PAD]]
// CHECK-NEXT:        %[[S:.*]] = arith.addf %[[A]], %[[X]] : vector<8xf32>
// CHECK-NEXT:        scf.yield %[[S]] : vector<8xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      vector.transfer_write %[[SUM]], %[[ACC]][%[[I]], %[[C0]]] {in_bounds = [true]} : vector<8xf32>, memref<4x8xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @rows(%acc: memref<4x8xf32>, %in: memref<16x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %pad = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %k = %c0 to %c16 step %c1 {
      %a = vector.transfer_read %acc[%i, %c0], %pad {in_bounds = [true]} : memref<4x8xf32>, vector<8xf32>
      %x = vector.transfer_read %in[%k, %c0], %pad {in_bounds = [true]} : memref<16x8xf32>, vector<8xf32>
      %s = arith.addf %a, %x : vector<8xf32>
      vector.transfer_write %s, %acc[%i, %c0] {in_bounds = [true]} : vector<8xf32>, memref<4x8xf32>
    }
  }
  return
}

// -----

// Another access to the accumulator's buffer in the loop: hoisting would
// reorder it with the pair, so the loop is left alone.
// CHECK-LABEL: func.func @other_access(
// CHECK-SAME:      %[[ACC:.*]]: memref<8xf32>
// CHECK:         scf.for
// CHECK-NOT:       iter_args
// CHECK-NEXT:      vector.transfer_read %[[ACC]]
// CHECK-NEXT:      vector.transfer_read
// CHECK-NEXT:      arith.addf
// CHECK-NEXT:      vector.transfer_write %{{.*}}, %[[ACC]]
// CHECK-NEXT:      memref.store %{{.*}}, %[[ACC]]
// CHECK-NEXT:    }
func.func @other_access(%acc: memref<8xf32>, %in: memref<16x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %pad = arith.constant 0.0 : f32
  scf.for %k = %c0 to %c16 step %c1 {
    %a = vector.transfer_read %acc[%c0], %pad {in_bounds = [true]} : memref<8xf32>, vector<8xf32>
    %x = vector.transfer_read %in[%k, %c0], %pad {in_bounds = [true]} : memref<16x8xf32>, vector<8xf32>
    %s = arith.addf %a, %x : vector<8xf32>
    vector.transfer_write %s, %acc[%c0] {in_bounds = [true]} : vector<8xf32>, memref<8xf32>
    memref.store %pad, %acc[%c1] : memref<8xf32>
  }
  return
}
