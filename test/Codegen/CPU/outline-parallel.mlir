// RUN: spike-opt %s --spike-outline-parallel -split-input-file -verify-diagnostics | FileCheck %s

// A worksharing loop becomes a call of the thread pool with a function over
// a range of iterations; the values the body uses from outside travel in a
// stack struct, constants are re-created, and each iteration computes its
// induction variable lb + i * step.
// CHECK-LABEL: llvm.func @spike_parallel_for(!llvm.ptr, !llvm.ptr, i64)
// CHECK-LABEL: llvm.func @scale(
// CHECK-SAME:      %[[P:.*]]: !llvm.ptr, %[[X:.*]]: f32)
// CHECK:         %[[CTX:.*]] = llvm.alloca %{{.*}} x !llvm.struct<(ptr, f32)>
// CHECK:         %[[F0:.*]] = llvm.getelementptr %[[CTX]][0, 0]
// CHECK:         llvm.store %[[P]], %[[F0]] : !llvm.ptr, !llvm.ptr
// CHECK:         %[[F1:.*]] = llvm.getelementptr %[[CTX]][0, 1]
// CHECK:         llvm.store %[[X]], %[[F1]] : f32, !llvm.ptr
// CHECK:         %[[FN:.*]] = llvm.mlir.addressof @scale_parallel0
// CHECK:         llvm.call @spike_parallel_for(%[[FN]], %[[CTX]], %{{.*}})
// CHECK-NOT:     omp.
// CHECK:         llvm.return
// CHECK-LABEL: llvm.func internal @scale_parallel0(
// CHECK-SAME:      %[[C:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK:         %[[F:.*]] = llvm.getelementptr %[[C]][0, 1]
// CHECK:         %[[X2:.*]] = llvm.load %[[F]] : !llvm.ptr -> f32
// CHECK:         llvm.br ^[[HEADER:.*]](%[[BEGIN]] : i64)
// CHECK:       ^[[HEADER]](%[[I:.*]]: i64):
// CHECK:         %[[MORE:.*]] = llvm.icmp "slt" %[[I]], %[[END]]
// CHECK:         llvm.cond_br %[[MORE]], ^[[BODY:.*]](%{{.*}} : i64), ^[[EXIT:.*]]
// CHECK:       ^[[BODY]](%[[IV:.*]]: i64):
// CHECK:         llvm.fmul %{{.*}}, %[[X2]]
// CHECK:         llvm.br ^[[HEADER]]
// CHECK:       ^[[EXIT]]:
// CHECK-NEXT:    llvm.return
llvm.func @scale(%p: !llvm.ptr, %x: f32) {
  %lb = llvm.mlir.constant(0 : i64) : i64
  %ub = llvm.mlir.constant(64 : i64) : i64
  %step = llvm.mlir.constant(1 : i64) : i64
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : i64 = (%lb) to (%ub) step (%step) {
        %a = llvm.getelementptr %p[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
        %v = llvm.load %a : !llvm.ptr -> f32
        %w = llvm.fmul %v, %x : f32
        llvm.store %w, %a : f32, !llvm.ptr
        omp.yield
      }
    }
    omp.terminator
  }
  llvm.return
}

// -----

// Loops the thread pool cannot run are errors, not silently serialized.
llvm.func @collapsed(%p: !llvm.ptr) {
  %lb = llvm.mlir.constant(0 : i64) : i64
  %ub = llvm.mlir.constant(8 : i64) : i64
  %step = llvm.mlir.constant(1 : i64) : i64
  // expected-error @+1 {{'omp.parallel' op is not a one-dimensional worksharing loop without clauses}}
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i, %j) : i64 = (%lb, %lb) to (%ub, %ub) step (%step, %step) {
        omp.yield
      }
    }
    omp.terminator
  }
  llvm.return
}
