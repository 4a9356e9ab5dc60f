//===- Passes.h - code generation passes of both targets -----------------===//
//
// Declared from Passes.td; see docs/passes/SpikeCodegenCommonPasses.md.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_CODEGEN_COMMON_PASSES_H
#define SPIKE_CODEGEN_COMMON_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Pass/Pass.h"

namespace mlir::spike {

#define GEN_PASS_DECL
#include "spike/Codegen/Common/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "spike/Codegen/Common/Passes.h.inc"

} // namespace mlir::spike

#endif // SPIKE_CODEGEN_COMMON_PASSES_H
