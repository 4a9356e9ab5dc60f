// RUN: spike-opt %s --spike-outline-forall -split-input-file -verify-diagnostics | FileCheck %s

// A one-dimensional loop: the body becomes a chunk function over [begin,
// end); the buffer it writes is passed in the context as its LLVM
// descriptor, the constant is re-created.

// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[BUF:.*]]: memref<16xf32>)
// CHECK-NOT: scf.forall
// CHECK: %[[CTX:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK: %[[DESC:.*]] = builtin.unrealized_conversion_cast %[[BUF]] : memref<16xf32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK: %[[PACKED:.*]] = llvm.insertvalue %[[DESC]], %{{.*}}[0]
// CHECK: llvm.store %[[PACKED]], %[[CTX]]
// CHECK: %[[FN:.*]] = constant @scale_forall0 : (!llvm.ptr, i64, i64) -> ()
// CHECK: %[[N:.*]] = arith.index_cast %{{.*}} : index to i64
// CHECK: call @spike_parallel_for(%[[FN]], %[[CTX]], %[[N]])
// CHECK: func.func private @scale_forall0(%[[C:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK-SAME: llvm.linkage = #llvm.linkage<internal>
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2.0
// CHECK-DAG: %[[LOADED:.*]] = llvm.load %[[C]]
// CHECK: %[[FIELD:.*]] = llvm.extractvalue %[[LOADED]][0]
// CHECK: %[[B:.*]] = builtin.unrealized_conversion_cast %[[FIELD]] : {{.*}} to memref<16xf32>
// CHECK: %[[LO:.*]] = arith.index_cast %[[BEGIN]] : i64 to index
// CHECK: %[[HI:.*]] = arith.index_cast %[[END]] : i64 to index
// CHECK: scf.for %[[I:.*]] = %[[LO]] to %[[HI]]
// CHECK: %[[X:.*]] = memref.load %[[B]]
// CHECK: arith.mulf %[[X]], %[[TWO]]
// CHECK: memref.store %{{.*}}, %[[B]]
// CHECK: func.func private @spike_parallel_for((!llvm.ptr, i64, i64) -> (), !llvm.ptr, i64)
func.func @scale(%buf: memref<16xf32>) {
  %two = arith.constant 2.0 : f32
  scf.forall (%i) in (16) {
    %x = memref.load %buf[%i] : memref<16xf32>
    %y = arith.mulf %x, %two : f32
    memref.store %y, %buf[%i] : memref<16xf32>
  }
  return
}

// -----

// Two dimensions, one with a dynamic bound, one with a lower bound and a
// step: the iteration count is the product of the trip counts (the dynamic
// one is passed, the constant one folded), and the chunk function
// delinearizes its linear index.

// CHECK-LABEL: func.func @grid
// CHECK-SAME: (%[[BUF:.*]]: memref<?x8xf32>, %[[N:.*]]: index)
// CHECK: %[[TRIPS:.*]] = arith.maxsi %[[N]], %{{.*}}
// CHECK: %[[TOTAL:.*]] = arith.muli %[[TRIPS]], %c4
// CHECK: %[[COUNT:.*]] = arith.index_cast %[[TOTAL]] : index to i64
// CHECK: call @spike_parallel_for(%{{.*}}, %{{.*}}, %[[COUNT]])
// CHECK: func.func private @grid_forall0
// CHECK: scf.for %[[K:.*]] =
// CHECK: %[[IJ:.*]]:2 = affine.delinearize_index %[[K]] into (%{{.*}}, 4)
// CHECK: %[[OFF:.*]] = arith.muli %[[IJ]]#1, %c2
// CHECK: %[[J:.*]] = arith.addi %c1{{.*}}, %[[OFF]]
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %[[J]]]
func.func @grid(%buf: memref<?x8xf32>, %n: index) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c9 = arith.constant 9 : index
  scf.forall (%i, %j) = (%c0, %c1) to (%n, %c9) step (%c1, %c2) {
    memref.store %zero, %buf[%i, %j] : memref<?x8xf32>
  }
  return
}

// -----

// Nested loops: the inner one is outlined first, and the outer chunk
// function calls the pool itself (the runtime runs nested calls inline).

// CHECK-LABEL: func.func @nested
// CHECK: call @spike_parallel_for
// CHECK: func.func private @nested_forall1
// CHECK-NOT: scf.forall
// CHECK: call @spike_parallel_for
// CHECK: func.func private @nested_forall0
func.func @nested(%buf: memref<4x4xf32>) {
  %one = arith.constant 1.0 : f32
  scf.forall (%i) in (4) {
    scf.forall (%j) in (4) {
      memref.store %one, %buf[%i, %j] : memref<4x4xf32>
    }
  }
  return
}

// -----

func.func @mapped(%buf: memref<4xf32>) {
  %one = arith.constant 1.0 : f32
  // expected-error @below {{is mapped to a target}}
  scf.forall (%i) in (4) {
    memref.store %one, %buf[%i] : memref<4xf32>
  } {mapping = [#gpu.thread<x>]}
  return
}

// -----

func.func @tensors(%t: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{has shared outputs (tensors)}}
  %r = scf.forall (%i) in (4) shared_outs(%o = %t) -> tensor<4xf32> {
    scf.forall.in_parallel {
    }
  }
  return %r : tensor<4xf32>
}
