//===- spike_ir_fuzzer.cpp - libFuzzer target: spike IR -> LLVM dialect ---===//
//
// Parses arbitrary bytes as an MLIR module of func/arith/tensor/spike ops,
// verifies it and, when it verifies, runs --spike-cpu-pipeline on it. Parse,
// verification and lowering errors are diagnostics; a crash, a sanitizer
// report, a hang or unbounded memory is a finding.
//
// Modules with ops of other dialects are skipped: the target exercises the
// spike dialect and its lowering, not every upstream pass on arbitrary
// linalg or LLVM IR.
//
//===----------------------------------------------------------------------===//

#include "spike/Dialect/Spike/IR/SpikeDialect.h"
#include "spike/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <cstddef>
#include <cstdint>

using namespace mlir;

namespace {

/// Whether every op of `module` is one the target is about.
bool onlySpikeLevelOps(ModuleOp module) {
  return !module
              .walk([](Operation *op) {
                StringRef dialect = op->getName().getDialectNamespace();
                bool allowed =
                    isa<ModuleOp>(op) || dialect == "spike" ||
                    dialect == "func" || dialect == "arith" ||
                    isa<tensor::EmptyOp, tensor::ExpandShapeOp,
                        tensor::CollapseShapeOp>(op);
                return allowed ? WalkResult::advance()
                               : WalkResult::interrupt();
              })
              .wasInterrupted();
}

/// Whether every static shape stays below 2^24 elements: within the
/// fuzzer's memory limit even where the compiler folds constants (hostile
/// sizes beyond that have their own tests in test/Tools/hostile-sizes.test).
bool smallShapes(ModuleOp module) {
  constexpr int64_t kMaxElements = int64_t(1) << 24;
  return !module
              .walk([&](Operation *op) {
                for (Type type : llvm::concat<Type>(op->getOperandTypes(),
                                                    op->getResultTypes())) {
                  auto shaped = dyn_cast<ShapedType>(type);
                  if (!shaped || !shaped.hasRank())
                    continue;
                  int64_t elements = 1;
                  for (int64_t size : shaped.getShape()) {
                    if (ShapedType::isDynamic(size))
                      continue;
                    if (size > kMaxElements ||
                        elements * std::max<int64_t>(size, 1) > kMaxElements)
                      return WalkResult::interrupt();
                    elements *= std::max<int64_t>(size, 1);
                  }
                }
                return WalkResult::advance();
              })
              .wasInterrupted();
}

DialectRegistry &registry() {
  static DialectRegistry *registry = [] {
    // The pipeline parses upstream pass pipelines by name.
    registerAllPasses();
    spike::registerSpikePipelines();
    auto *r = new DialectRegistry;
    registerAllDialects(*r);
    registerAllExtensions(*r);
    r->insert<spike::SpikeDialect>();
    return r;
  }();
  return *registry;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // The MLIR lexer reads up to a terminating NUL: fuzzer data has none.
  std::string source(reinterpret_cast<const char *>(data), size);
  MLIRContext context(registry(), MLIRContext::Threading::DISABLED);
  // Diagnostics are expected; keep the fuzzer's output quiet.
  ScopedDiagnosticHandler quiet(&context, [](Diagnostic &) { return success(); });
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  if (!module || failed(verify(*module)) || !onlySpikeLevelOps(*module) ||
      !smallShapes(*module))
    return 0;
  PassManager pm(&context);
  spike::CPUPipelineOptions options;
  // A fixed vector width: the same lowering on every fuzzing machine.
  options.vectorWidth = 16;
  spike::buildSpikeCPUPipeline(pm, options);
  (void)pm.run(*module);
  return 0;
}
