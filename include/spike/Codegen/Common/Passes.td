//===- Passes.td - code generation passes of both targets -*- tablegen -*-===//
//
// Generic: no pass here needs the spike dialect (SpikeCodegenCommon links MLIR
// only), so that pipelines of other dialects can reuse them.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_CODEGEN_COMMON_PASSES_TD
#define SPIKE_CODEGEN_COMMON_PASSES_TD

include "mlir/Pass/PassBase.td"

def SpikeCheckLoweredToLLVM : Pass<"spike-check-lowered-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Check that only LLVM dialect ops are left (the backend contract)";
  let description = [{
    The last pass of the CPU and GPU pipelines: fails with a diagnostic
    naming the first op that is not in the LLVM dialect (a spike, tensor,
    linalg, ... op that some stage did not lower). With `allow-gpu`, the
    kernels' `gpu.binary` and the host's `gpu.launch_func` (on LLVM values),
    which the translation to LLVM IR handles, are allowed too.
  }];
  let options = [
    Option<"allowGPU", "allow-gpu", "bool", /*default=*/"false",
           "allow gpu.binary and gpu.launch_func">
  ];
}

#endif // SPIKE_CODEGEN_COMMON_PASSES_TD
