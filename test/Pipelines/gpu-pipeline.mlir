// The GPU pipeline on each op family: all kernels in one gpu.binary,
// each of one thread per output element (.maxntid 256), bitmask accumulation over set bits (popc of the
// isolated lowest bit: cttz) with f32 adds and subtracts only, weights in
// device copies of the host constants, launches from the host code.
// RUN: spike-opt %s --split-input-file --spike-gpu-pipeline="format=isa" | FileCheck %s
// No float multiply (or fused multiply-add) in any kernel of a synapse,
// pool or attention on spikes (the LIF's decay is a multiply):
// RUN: spike-opt %s --split-input-file --spike-gpu-pipeline="format=isa" | FileCheck %s --check-prefix=NOMUL
// NOMUL-NOT: {{\.entry (linear|conv2d|maxpool|attention)[a-z0-9_]*\([^}]*(mul|fma)(\.rn)?\.f32}}

// Binary spikes through a linear layer: the packing kernel, then one thread
// per output column and point walking the set bits of the point's words
// (2 x 3 x 17 = 102 outputs: one block of 128 threads), each word one 64-bit
// load.
// CHECK-LABEL: llvm.func @linear_i1
// CHECK:         llvm.call @_mlir_memref_to_llvm_alloc
// CHECK:         gpu.launch_func <%{{.*}} : !llvm.ptr> @spike_kernels::@linear_i1_kernel{{(_[0-9]+)?}} blocks in
// CHECK-SAME:      threads in (%{{.*}}, %{{.*}}, %{{.*}}) : i64
// CHECK:       gpu.binary @spike_kernels
// CHECK-SAME:    .target sm_90
// CHECK-SAME:    .entry linear_i1_kernel(
// CHECK-SAME:    .maxntid {{[0-9]+}}, 1, 1
// CHECK-SAME:    .entry linear_i1_kernel_{{[0-9]+}}({{[^}]*}}.maxntid 128, 1, 1{{[^}]*}}ld.global.b64{{[^}]*}}popc.b64{{[^}]*}}ld.global{{[^}]*}}add.rn.f32
func.func @linear_i1(%x: tensor<2x3x70xf32>, %w: tensor<17x70xf32>) -> tensor<2x3x17xf32> {
  %zero = arith.constant dense<0.0> : tensor<2x3x70xf32>
  %s = arith.cmpf one, %x, %zero : tensor<2x3x70xf32>
  %y = spike.linear %s, %w : (tensor<2x3x70xi1>, tensor<17x70xf32>) -> tensor<2x3x17xf32>
  return %y : tensor<2x3x17xf32>
}

// -----

// Ternary spikes: the +1 plane adds, the -1 plane subtracts. Constants
// reach the kernels as device copies of host globals.
// CHECK-LABEL: llvm.mlir.global private constant @__constant_1x70xf32
// CHECK:       llvm.func @linear_i2
// CHECK:         %[[HOST:.*]] = llvm.mlir.addressof @__constant_1x70xf32
// CHECK:         llvm.call @spike_cuda_device_global(%[[HOST]], %{{.*}})
// CHECK:       gpu.binary @spike_kernels {{.*}}.entry linear_i2_kernel_{{[0-9]+}}({{[^}]*}}popc.b64{{[^}]*}}add.rn.f32{{[^}]*}}popc.b64{{[^}]*}}sub.rn.f32
func.func @linear_i2(%x: tensor<4x70xf32>) -> tensor<4x9xf32> {
  %w = arith.constant dense<[[0.25, -0.5, 0.75, 1.0, -1.0, 0.125, 0.5, -0.25, 0.0, 1.0, 0.25, -0.5, 0.75, 1.0, -1.0, 0.125, 0.5, -0.25, 0.0, 1.0, 0.25, -0.5, 0.75, 1.0, -1.0, 0.125, 0.5, -0.25, 0.0, 1.0, 0.25, -0.5, 0.75, 1.0, -1.0, 0.125, 0.5, -0.25, 0.0, 1.0, 0.25, -0.5, 0.75, 1.0, -1.0, 0.125, 0.5, -0.25, 0.0, 1.0, 0.25, -0.5, 0.75, 1.0, -1.0, 0.125, 0.5, -0.25, 0.0, 1.0, 0.25, -0.5, 0.75, 1.0, -1.0, 0.125, 0.5, -0.25, 0.0, 1.0]]> : tensor<1x70xf32>
  %w9 = tensor.concat dim(0) %w, %w, %w, %w, %w, %w, %w, %w, %w : (tensor<1x70xf32>, tensor<1x70xf32>, tensor<1x70xf32>, tensor<1x70xf32>, tensor<1x70xf32>, tensor<1x70xf32>, tensor<1x70xf32>, tensor<1x70xf32>, tensor<1x70xf32>) -> tensor<9x70xf32>
  %s = arith.fptosi %x : tensor<4x70xf32> to tensor<4x70xi2>
  %y = spike.linear %s, %w9 : (tensor<4x70xi2>, tensor<9x70xf32>) -> tensor<4x9xf32>
  return %y : tensor<4x9xf32>
}

// -----

// conv2d on spikes: per kernel tap, the channel words of the input pixel.
// CHECK:       gpu.binary @spike_kernels {{.*}}.entry conv2d_i1_kernel_{{[0-9]+}}({{[^}]*}}popc.b64{{[^}]*}}add.rn.f32
func.func @conv2d_i1(%x: tensor<2x3x4x70xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x4x70xf32> {
  %zero = arith.constant dense<0.0> : tensor<2x3x4x70xf32>
  %s = arith.cmpf one, %x, %zero : tensor<2x3x4x70xf32>
  %y = spike.conv2d %s, %w {strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64} : (tensor<2x3x4x70xi1>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x70xf32>
  return %y : tensor<2x4x4x70xf32>
}

// -----

// A LIF neuron: one launch runs the whole time loop (spike-gpu-fuse-time-
// loops), each thread stepping the membranes of one 64-neuron word through
// the 5 steps and writing the packed spike word of each (packing fused into
// the neuron's epilogue: the threshold compare and the OR into the word are
// in the same kernel). The host code has no loop; it only launches and
// manages buffers: all launches go to one stream, which is waited for once,
// at the return.
// CHECK-LABEL: llvm.func @lif
// CHECK:         %[[STREAM:.*]] = llvm.call @mgpuStreamCreate()
// CHECK-NOT:     llvm.cond_br
// CHECK:         gpu.launch_func <%[[STREAM]] : !llvm.ptr> @spike_kernels::@lif_kernel
// CHECK-NOT:     llvm.cond_br
// CHECK:         llvm.call @mgpuStreamSynchronize(%[[STREAM]])
// CHECK-NEXT:    llvm.call @mgpuStreamDestroy(%[[STREAM]])
// CHECK-NEXT:    llvm.return
// CHECK:       gpu.binary @spike_kernels {{.*}}.entry lif_kernel_{{[0-9]+}}({{[^}]*}}setp.ge.f32{{[^}]*}}or.b64
func.func @lif(%x: tensor<5x2x70xf32>) -> tensor<5x2x70xi1> {
  %s = spike.lif %x : tensor<5x2x70xf32> -> tensor<5x2x70xi1>
  return %s : tensor<5x2x70xi1>
}

// -----

// Max pooling of spikes is an OR of bits.
// CHECK:       gpu.binary @spike_kernels {{.*}}.entry maxpool_i1_kernel_{{[0-9]+}}({{[^}]*}}or.b64
func.func @maxpool_i1(%x: tensor<2x3x4x70xf32>) -> tensor<2x3x2x35xi1> {
  %zero = arith.constant dense<0.0> : tensor<2x3x4x70xf32>
  %s = arith.cmpf one, %x, %zero : tensor<2x3x4x70xf32>
  %p = spike.maxpool2d %s {kernel = array<i64: 2, 2>} : tensor<2x3x4x70xi1> -> tensor<2x3x2x35xi1>
  return %p : tensor<2x3x2x35xi1>
}

// -----

// A2OS2A attention (binary Q, ReLU K, ternary V), both evaluation orders:
// the heads' chains split into one launch per step, a thread per (batch
// element x head, output element), accumulating over set bits with adds and
// subtracts; the heads' temporaries are slices of scratch buffers, not
// in-kernel allocations.
// CHECK-LABEL: llvm.func @attention_scores_first
// CHECK-NOT:     llvm.call @malloc
// CHECK:       gpu.binary @spike_kernels {{.*}}.entry attention_scores_first_kernel_{{[0-9]+}}({{[^}]*}}popc.b64{{[^}]*}}add.rn.f32{{[^}]*}}sub.rn.f32
func.func @attention_scores_first(%q: tensor<2x12x32xf32>, %k: tensor<2x12x32xf32>, %v: tensor<2x12x32xf32>) -> tensor<2x12x32xf32> {
  %zero = arith.constant dense<0.0> : tensor<2x12x32xf32>
  %qs = arith.cmpf one, %q, %zero : tensor<2x12x32xf32>
  %vs = arith.fptosi %v : tensor<2x12x32xf32> to tensor<2x12x32xi2>
  %o = spike.attention %qs, %k, %vs {num_heads = 2 : i64, spike.attention_order = #spike.attention_order<scores_first>} : (tensor<2x12x32xi1>, tensor<2x12x32xf32>, tensor<2x12x32xi2>) -> tensor<2x12x32xf32>
  return %o : tensor<2x12x32xf32>
}

// -----

// CHECK:       gpu.binary @spike_kernels {{.*}}.entry attention_kv_first_kernel_{{[0-9]+}}({{[^}]*}}popc.b64{{[^}]*}}add.rn.f32{{[^}]*}}sub.rn.f32
func.func @attention_kv_first(%q: tensor<2x12x32xf32>, %k: tensor<2x12x32xf32>, %v: tensor<2x12x32xf32>) -> tensor<2x12x32xf32> {
  %zero = arith.constant dense<0.0> : tensor<2x12x32xf32>
  %qs = arith.cmpf one, %q, %zero : tensor<2x12x32xf32>
  %vs = arith.fptosi %v : tensor<2x12x32xf32> to tensor<2x12x32xi2>
  %o = spike.attention %qs, %k, %vs {num_heads = 2 : i64, spike.attention_order = #spike.attention_order<kv_first>} : (tensor<2x12x32xi1>, tensor<2x12x32xf32>, tensor<2x12x32xi2>) -> tensor<2x12x32xf32>
  return %o : tensor<2x12x32xf32>
}
