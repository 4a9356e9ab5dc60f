//===- Passes.h - CPU code generation passes -----------------------------===//
//
// Declared from Passes.td; see docs/passes/SpikeCodegenCPUPasses.md.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_CODEGEN_CPU_PASSES_H
#define SPIKE_CODEGEN_CPU_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Pass/Pass.h"

namespace mlir::spike {

#define GEN_PASS_DECL
#include "spike/Codegen/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "spike/Codegen/CPU/Passes.h.inc"

} // namespace mlir::spike

#endif // SPIKE_CODEGEN_CPU_PASSES_H
