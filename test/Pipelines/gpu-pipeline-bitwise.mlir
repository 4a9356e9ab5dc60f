// spike.and and spike.count through the GPU pipeline: kernels that AND and
// popcount 64-bit spike words (one ld.global.b64 each), integer sums
// converted to f32 once, no float multiply anywhere.
// RUN: spike-opt %s --split-input-file --spike-gpu-pipeline="format=isa" | FileCheck %s
// RUN: spike-opt %s --split-input-file --spike-gpu-pipeline="format=isa" | FileCheck %s --check-prefix=NOMUL
// NOMUL-NOT: {{(mul|fma)(\.rn)?\.f32}}

// A spike per row masks the row's words: 0 - (word & 1) is a negation.
// CHECK-LABEL: llvm.func @and_mask
// CHECK:         gpu.launch_func <%{{.*}} : !llvm.ptr> @spike_kernels::@and_mask_kernel
// CHECK:       gpu.binary @spike_kernels
// CHECK-SAME:    .entry and_mask_kernel_{{[0-9]+}}({{[^}]*}}ld.global.b64{{[^}]*}}neg.s64{{[^}]*}}and.b64{{[^}]*}}st.global.b64
func.func @and_mask(%m: tensor<2x7x1xi1>, %x: tensor<2x7x70xi1>) -> tensor<2x7x70xf32> {
  %a = spike.and %m, %x : tensor<2x7x1xi1>, tensor<2x7x70xi1> -> tensor<2x7x70xi1>
  %y = arith.uitofp %a : tensor<2x7x70xi1> to tensor<2x7x70xf32>
  return %y : tensor<2x7x70xf32>
}

// -----

// Count over the channels: popcounts of the words summed in 64 bits, then
// one signed conversion to f32.
// CHECK-LABEL: llvm.func @count_channels
// CHECK:       gpu.binary @spike_kernels
// CHECK-SAME:    .entry count_channels_kernel_{{[0-9]+}}({{[^}]*}}ld.global.b64{{[^}]*}}popc.b64{{[^}]*}}add.s64{{[^}]*}}st.global.b64
// CHECK-SAME:    .entry count_channels_kernel_{{[0-9]+}}({{[^}]*}}ld.global.b64{{[^}]*}}cvt.rn.f32.s64{{[^}]*}}st.global.b32
func.func @count_channels(%x: tensor<2x7x70xi1>) -> tensor<2x7x1xf32> {
  %c = spike.count %x {dims = array<i64: 2>} : tensor<2x7x70xi1> -> tensor<2x7x1xf32>
  return %c : tensor<2x7x1xf32>
}

// -----

// Ternary spikes counted over the tokens: a thread per lane shifts its bit
// out of the +1 and the -1 words and subtracts.
// CHECK-LABEL: llvm.func @count_tokens
// CHECK:       gpu.binary @spike_kernels
// CHECK-SAME:    .entry count_tokens_kernel_{{[0-9]+}}({{[^}]*}}shr.u64{{[^}]*}}and.b64{{[^}]*}}shr.u64{{[^}]*}}and.b64{{[^}]*}}sub.s64{{[^}]*}}st.global.b64
func.func @count_tokens(%x: tensor<2x7x70xi2>) -> tensor<2x1x70xf32> {
  %c = spike.count %x {dims = array<i64: 1>} : tensor<2x7x70xi2> -> tensor<2x1x70xf32>
  return %c : tensor<2x1x70xf32>
}
