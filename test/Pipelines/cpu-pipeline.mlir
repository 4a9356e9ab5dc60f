// RUN: spike-opt %s --spike-cpu-pipeline="vector-width=16" | FileCheck %s
// RUN: spike-opt %s --spike-cpu-pipeline="vectorize=0" | FileCheck %s --check-prefix=SCALAR
// RUN: spike-opt %s --spike-cpu-pipeline="vector-width=8" | FileCheck %s --check-prefix=AVX2

// Everything ends in the LLVM dialect; the bitmask synapse stays
// addition-only down to LLVM: no floating-point multiply at all. The
// partial sums of the accumulation are 8 vector registers: 8 x 16 f32 with
// AVX-512 (vector-width 16, this test fixes it), 8 x 8 with AVX2.

// CHECK-LABEL: llvm.func @spiking_layer(
// CHECK-NOT:     llvm.fmul
// CHECK:         llvm.intr.cttz
// CHECK-NOT:     llvm.fmul
// CHECK-COUNT-8: llvm.fadd {{.*}} : vector<16xf32>
// CHECK-NOT:     llvm.fmul
// CHECK:         llvm.return
// SCALAR-LABEL:  llvm.func @spiking_layer(
// SCALAR-NOT:      vector<
// SCALAR:          llvm.fadd {{.*}} : f32
// AVX2-LABEL:    llvm.func @spiking_layer(
// AVX2-COUNT-8:    llvm.fadd {{.*}} : vector<8xf32>
func.func @spiking_layer(%s: tensor<4x256xi1>, %w: tensor<512x256xf32>) -> tensor<4x512xf32> {
  %y = spike.linear %s, %w : (tensor<4x256xi1>, tensor<512x256xf32>) -> tensor<4x512xf32>
  return %y : tensor<4x512xf32>
}

// The spikes never leave the neuron as an i1 tensor when a synapse follows:
// the packed words feed the accumulation directly.
// CHECK-LABEL: llvm.func @neuron_then_synapse(
// CHECK-NOT:     llvm.fmul
// CHECK:         llvm.intr.cttz
// CHECK:         llvm.return
func.func @neuron_then_synapse(%x: tensor<2x4x64xf32>, %w: tensor<16x64xf32>) -> tensor<2x4x16xf32> {
  %s = spike.lif %x {decay = 1.0 : f32, gain = 1.0 : f32} : tensor<2x4x64xf32> -> tensor<2x4x64xi1>
  %y = spike.linear %s, %w : (tensor<2x4x64xi1>, tensor<16x64xf32>) -> tensor<2x4x16xf32>
  return %y : tensor<2x4x16xf32>
}
