// RUN: spike-opt %s --spike-gpu-async-launches --split-input-file | FileCheck %s

// Only launches and buffers: one stream for all, one wait before return.
// CHECK-LABEL: llvm.func @launches_only
// CHECK:         %[[STREAM:.*]] = llvm.call @mgpuStreamCreate()
// CHECK:         gpu.launch_func <%[[STREAM]] : !llvm.ptr> @kernels::@first
// CHECK:         llvm.call @_mlir_memref_to_llvm_free
// CHECK:         gpu.launch_func <%[[STREAM]] : !llvm.ptr> @kernels::@second
// CHECK:         llvm.call @mgpuStreamSynchronize(%[[STREAM]])
// CHECK-NEXT:    llvm.call @mgpuStreamDestroy(%[[STREAM]])
// CHECK-NEXT:    llvm.return
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target, "">]
  llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
  llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
  llvm.func @launches_only(%n: i64) {
    %c1 = llvm.mlir.constant(1 : i64) : i64
    %buffer = llvm.call @_mlir_memref_to_llvm_alloc(%n) : (i64) -> !llvm.ptr
    gpu.launch_func @kernels::@first blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) : i64 args(%buffer : !llvm.ptr)
    llvm.call @_mlir_memref_to_llvm_free(%buffer) : (!llvm.ptr) -> ()
    gpu.launch_func @kernels::@second blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) : i64 args(%buffer : !llvm.ptr)
    llvm.return
  }
}

// -----

// The host reads a buffer between launches: every launch stays synchronous.
// CHECK-LABEL: llvm.func @host_reads
// CHECK-NOT:     mgpuStreamCreate
// CHECK:         gpu.launch_func @kernels::@first
// CHECK:         llvm.load
// CHECK:         gpu.launch_func @kernels::@second
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target, "">]
  llvm.func @host_reads(%buffer: !llvm.ptr) -> f32 {
    %c1 = llvm.mlir.constant(1 : i64) : i64
    gpu.launch_func @kernels::@first blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) : i64 args(%buffer : !llvm.ptr)
    %v = llvm.load %buffer : !llvm.ptr -> f32
    gpu.launch_func @kernels::@second blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) : i64 args(%buffer : !llvm.ptr)
    llvm.return %v : f32
  }
}
