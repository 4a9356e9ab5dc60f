// Spike-driven self-attention (q AND lif(count(k AND v) over the tokens))
// compiled by --spike-gpu-pipeline to a fatbin for sm_90 (PTX through the
// CUDA toolkit's ptxas and fatbinary), and to a cubin for sm_80.
// REQUIRES: cuda-toolkit
// RUN: spike-opt %s --spike-gpu-pipeline | FileCheck %s --check-prefix=FATBIN
// RUN: spike-opt %s --spike-gpu-pipeline="chip=sm_80 format=bin" | FileCheck %s --check-prefix=SM80
// FATBIN: gpu.binary @spike_kernels {{.*}}#nvvm.target<O = 3, chip = "sm_90">
// FATBIN-SAME: "P\EDU\BA
// SM80: gpu.binary @spike_kernels {{.*}}#nvvm.target<O = 3, chip = "sm_80">{{.*}}bin = "\7FELF

func.func @sdsa(%x: tensor<3x2x1x7x70xf32>) -> tensor<2x1x7x70xf32> {
  %xq = tensor.extract_slice %x[0, 0, 0, 0, 0] [1, 2, 1, 7, 70] [1, 1, 1, 1, 1] : tensor<3x2x1x7x70xf32> to tensor<2x1x7x70xf32>
  %xk = tensor.extract_slice %x[1, 0, 0, 0, 0] [1, 2, 1, 7, 70] [1, 1, 1, 1, 1] : tensor<3x2x1x7x70xf32> to tensor<2x1x7x70xf32>
  %xv = tensor.extract_slice %x[2, 0, 0, 0, 0] [1, 2, 1, 7, 70] [1, 1, 1, 1, 1] : tensor<3x2x1x7x70xf32> to tensor<2x1x7x70xf32>
  %q = spike.lif %xq : tensor<2x1x7x70xf32> -> tensor<2x1x7x70xi1>
  %k = spike.lif %xk : tensor<2x1x7x70xf32> -> tensor<2x1x7x70xi1>
  %v = spike.lif %xv : tensor<2x1x7x70xf32> -> tensor<2x1x7x70xi1>
  %kv = spike.and %k, %v : tensor<2x1x7x70xi1>, tensor<2x1x7x70xi1> -> tensor<2x1x7x70xi1>
  %c = spike.count %kv {dims = array<i64: 2>} : tensor<2x1x7x70xi1> -> tensor<2x1x1x70xf32>
  %m = spike.lif %c {v_threshold = 0.5 : f32} : tensor<2x1x1x70xf32> -> tensor<2x1x1x70xi1>
  %a = spike.and %q, %m : tensor<2x1x7x70xi1>, tensor<2x1x1x70xi1> -> tensor<2x1x7x70xi1>
  %y = arith.uitofp %a : tensor<2x1x7x70xi1> to tensor<2x1x7x70xf32>
  return %y : tensor<2x1x7x70xf32>
}
