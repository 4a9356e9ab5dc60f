// RUN: spike-opt %s --spike-gpu-copies-to-linalg | FileCheck %s

// spike-gpu-copies-to-linalg replaces every `memref.copy` by a `linalg.copy`
// of the same source and target (strided views included), on the host and
// inside kernels alike, so that convert-linalg-to-parallel-loops turns the
// copies into parallel loops instead of memcpys or `memrefCopy` calls.

// CHECK-LABEL: func.func @copies(
// CHECK-SAME:      %[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<4x8xf32>, %[[C:.*]]: memref<8xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         linalg.copy ins(%[[A]] : memref<4x8xf32>) outs(%[[B]] : memref<4x8xf32>)
// CHECK:         %[[ROW:.*]] = memref.subview %[[A]][0, 2] [4, 1] [1, 1]
// CHECK:         %[[DST:.*]] = memref.subview %[[C]][0] [4] [2]
// CHECK-NEXT:    linalg.copy ins(%[[ROW]] : memref<4xf32, strided<[8], offset: 2>>) outs(%[[DST]] : memref<4xf32, strided<[2]>>)
// CHECK:         gpu.launch
// CHECK-NEXT:      linalg.copy ins(%[[B]] : memref<4x8xf32>) outs(%[[A]] : memref<4x8xf32>)
// CHECK-NEXT:      gpu.terminator
// CHECK-NOT:     memref.copy
// CHECK:         return
func.func @copies(%a: memref<4x8xf32>, %b: memref<4x8xf32>, %c: memref<8xf32>) {
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  %row = memref.subview %a[0, 2] [4, 1] [1, 1] : memref<4x8xf32> to memref<4xf32, strided<[8], offset: 2>>
  %dst = memref.subview %c[0] [4] [2] : memref<8xf32> to memref<4xf32, strided<[2]>>
  memref.copy %row, %dst : memref<4xf32, strided<[8], offset: 2>> to memref<4xf32, strided<[2]>>
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    memref.copy %b, %a : memref<4x8xf32> to memref<4x8xf32>
    gpu.terminator
  }
  return
}
