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

/// f32 lanes of the host CPU's widest vector registers: 16 with AVX-512, 8
/// with AVX, 4 otherwise (SSE, NEON).
int64_t getHostVectorWidth();

} // namespace mlir::spike

#endif // SPIKE_CODEGEN_CPU_PASSES_H
