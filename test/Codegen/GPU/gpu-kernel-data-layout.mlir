// RUN: spike-opt %s --spike-gpu-kernel-data-layout | FileCheck %s

// spike-gpu-kernel-data-layout sets `llvm.data_layout` to NVPTX's 64-bit
// layout (i64 aligned to 8 bytes, so that 64-bit spike words load with one
// ld.b64) on every gpu.module that has no data layout. A module that has
// one keeps it, and the host module gets none.

// CHECK:       module attributes {gpu.container_module} {
// CHECK:         gpu.module @spike_kernels attributes {llvm.data_layout = "e-p6:32:32-i64:64-i128:128-i256:256-v16:16-v32:32-n16:32:64"} {
// CHECK-NEXT:      gpu.func @step(
// CHECK:         gpu.module @custom attributes {llvm.data_layout = "e-i64:32"} {
// CHECK-NEXT:      gpu.func @other(
module attributes {gpu.container_module} {
  func.func @host(%words: memref<64xi64>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @spike_kernels::@step blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%words : memref<64xi64>)
    gpu.launch_func @custom::@other blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%words : memref<64xi64>)
    return
  }
  gpu.module @spike_kernels {
    gpu.func @step(%words: memref<64xi64>) kernel {
      %t = gpu.thread_id x
      %w = memref.load %words[%t] : memref<64xi64>
      %n = arith.xori %w, %w : i64
      memref.store %n, %words[%t] : memref<64xi64>
      gpu.return
    }
  }
  gpu.module @custom attributes {llvm.data_layout = "e-i64:32"} {
    gpu.func @other(%words: memref<64xi64>) kernel {
      gpu.return
    }
  }
}
