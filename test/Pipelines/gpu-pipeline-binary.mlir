// The default output of --spike-gpu-pipeline is a fatbin (cubin and PTX,
// through the CUDA toolkit's ptxas and fatbinary) for sm_90; format=bin is a
// cubin for the chip asked for.
// REQUIRES: cuda-toolkit
// RUN: spike-opt %s --spike-gpu-pipeline | FileCheck %s --check-prefix=FATBIN
// RUN: spike-opt %s --spike-gpu-pipeline="chip=sm_80 format=bin" | FileCheck %s --check-prefix=SM80
// FATBIN: gpu.binary @spike_kernels {{.*}}#nvvm.target<O = 3, chip = "sm_90">
// FATBIN-SAME: "P\EDU\BA
// FATBIN-NOT: assembly =
// SM80: gpu.binary @spike_kernels {{.*}}#nvvm.target<O = 3, chip = "sm_80">{{.*}}bin = "\7FELF

// Invalid options are errors, not crashes.
// RUN: not spike-opt %s --spike-gpu-pipeline="chip=gfx90a" 2>&1 | FileCheck %s --check-prefix=CHIP
// RUN: not spike-opt %s --spike-gpu-pipeline="format=elf" 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not spike-opt %s --spike-gpu-pipeline="block-size=100" 2>&1 | FileCheck %s --check-prefix=BLOCK
// CHIP: error: spike-gpu-pipeline: chip must be sm_NN (NN >= 50, e.g. sm_80 or sm_90), got 'gfx90a'
// FORMAT: error: spike-gpu-pipeline: format must be fatbin, bin, isa or offload, got 'elf'
// BLOCK: error: spike-gpu-pipeline: block-size must be a multiple of 32 from 32 to 1024, got 100

func.func @linear_i1(%x: tensor<2x3x70xf32>, %w: tensor<17x70xf32>) -> tensor<2x3x17xf32> {
  %zero = arith.constant dense<0.0> : tensor<2x3x70xf32>
  %s = arith.cmpf one, %x, %zero : tensor<2x3x70xf32>
  %y = spike.linear %s, %w : (tensor<2x3x70xi1>, tensor<17x70xf32>) -> tensor<2x3x17xf32>
  return %y : tensor<2x3x17xf32>
}
