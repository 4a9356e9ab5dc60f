// RUN: spike-opt %s --pass-pipeline="builtin.module(llvm.func(spike-hoist-static-allocas))" | FileCheck %s

// A fixed-size alloca in a loop body moves to the entry block (otherwise
// every iteration grows the stack); a dynamically sized one stays.
// CHECK-LABEL: llvm.func @loop(
// CHECK:         %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-NEXT:    %[[BUF:.*]] = llvm.alloca %[[ONE]] x !llvm.array<16 x f32>
// CHECK:       ^bb1(
// CHECK-NOT:     llvm.alloca %{{.*}} x !llvm.array<16 x f32>
// CHECK:         llvm.alloca %{{.*}} x f32 : (i64) -> !llvm.ptr
// CHECK:         llvm.store %{{.*}}, %[[BUF]]
llvm.func @loop(%n: i64) {
  %zero = llvm.mlir.constant(0 : i64) : i64
  llvm.br ^bb1(%zero : i64)
^bb1(%i: i64):
  %one = llvm.mlir.constant(1 : i64) : i64
  %buf = llvm.alloca %one x !llvm.array<16 x f32> : (i64) -> !llvm.ptr
  %dyn = llvm.alloca %i x f32 : (i64) -> !llvm.ptr
  %v = llvm.mlir.constant(1.0 : f32) : f32
  llvm.store %v, %buf : f32, !llvm.ptr
  llvm.store %v, %dyn : f32, !llvm.ptr
  %next = llvm.add %i, %one : i64
  %done = llvm.icmp "eq" %next, %n : i64
  llvm.cond_br %done, ^bb2, ^bb1(%next : i64)
^bb2:
  llvm.return
}
