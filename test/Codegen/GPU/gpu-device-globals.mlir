// RUN: spike-opt %s --spike-gpu-device-globals -split-input-file -verify-diagnostics | FileCheck %s

// spike-gpu-device-globals gives kernels device copies of host globals:
// every `llvm.mlir.addressof` of an `llvm.mlir.global` in a host function
// is followed by a call `spike_cuda_device_global(address, bytes)`
// (declared once), whose result replaces the address everywhere else.
// Addresses of functions are left alone; a declaration of the runtime
// function with another type is an error.

// CHECK:       module attributes {gpu.container_module}
// CHECK-NEXT:    llvm.func @spike_cuda_device_global(!llvm.ptr, i64) -> !llvm.ptr
// CHECK-NOT:     llvm.func @spike_cuda_device_global
// CHECK:         llvm.func @host(
// CHECK:           %[[W:.*]] = llvm.mlir.addressof @weights : !llvm.ptr
// CHECK-NEXT:      %[[WBYTES:.*]] = llvm.mlir.constant(24 : i64) : i64
// CHECK-NEXT:      %[[WDEV:.*]] = llvm.call @spike_cuda_device_global(%[[W]], %[[WBYTES]]) : (!llvm.ptr, i64) -> !llvm.ptr
// CHECK-NEXT:      %[[ROW:.*]] = llvm.getelementptr %[[WDEV]][0, 1, 0]
// CHECK-NEXT:      %[[T:.*]] = llvm.mlir.addressof @thresholds : !llvm.ptr
// CHECK-NEXT:      %[[TBYTES:.*]] = llvm.mlir.constant(32 : i64) : i64
// CHECK-NEXT:      %[[TDEV:.*]] = llvm.call @spike_cuda_device_global(%[[T]], %[[TBYTES]])
// CHECK-NEXT:      %[[F:.*]] = llvm.mlir.addressof @host : !llvm.ptr
// CHECK-NEXT:      gpu.launch_func @kernels::@step {{.*}} args(%[[WDEV]] : !llvm.ptr, %[[ROW]] : !llvm.ptr, %[[TDEV]] : !llvm.ptr, %[[F]] : !llvm.ptr)
// CHECK-NEXT:      llvm.return
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target, "">]
  llvm.mlir.global private constant @weights(dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<2 x array<3 x f32>>
  llvm.mlir.global private constant @thresholds(dense<7> : tensor<4xi64>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<4 x i64>
  llvm.func @host() {
    %c1 = llvm.mlir.constant(1 : i64) : i64
    %w = llvm.mlir.addressof @weights : !llvm.ptr
    %row = llvm.getelementptr %w[0, 1, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<2 x array<3 x f32>>
    %t = llvm.mlir.addressof @thresholds : !llvm.ptr
    %f = llvm.mlir.addressof @host : !llvm.ptr
    gpu.launch_func @kernels::@step blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) : i64 args(%w : !llvm.ptr, %row : !llvm.ptr, %t : !llvm.ptr, %f : !llvm.ptr)
    llvm.return
  }
}

// -----

// No global used: nothing is declared.
// CHECK:       module {
// CHECK-NOT:     spike_cuda_device_global
// CHECK:         llvm.func @no_globals(
// CHECK-NOT:     spike_cuda_device_global
llvm.func @no_globals(%p: !llvm.ptr) -> !llvm.ptr {
  llvm.return %p : !llvm.ptr
}

// -----

// expected-error @+1 {{redefinition of function 'spike_cuda_device_global' of different type '!llvm.func<ptr (ptr, i64)>' is prohibited}}
llvm.func @spike_cuda_device_global(!llvm.ptr) -> !llvm.ptr
llvm.mlir.global private constant @words(dense<1> : tensor<4xi64>) : !llvm.array<4 x i64>
llvm.func @wrong_declaration() -> !llvm.ptr {
  %a = llvm.mlir.addressof @words : !llvm.ptr
  llvm.return %a : !llvm.ptr
}
