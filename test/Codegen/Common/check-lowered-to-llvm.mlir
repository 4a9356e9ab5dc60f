// RUN: not spike-opt %s --spike-check-lowered-to-llvm 2>&1 | FileCheck %s

// The last check of --spike-cpu-pipeline names the first op that some stage
// left unlowered.
// CHECK: error: 'func.func' op was not lowered to the LLVM dialect by the spike pipeline
func.func @not_lowered() {
  return
}
