//===- NIRImporter.h - NIR graphs to the spike dialect --------------------===//

#ifndef SPIKE_TARGET_NIR_NIRIMPORTER_H
#define SPIKE_TARGET_NIR_NIRIMPORTER_H

#include "spike/Target/NIR/NIRGraph.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

namespace mlir::spike::nir {

struct ImportOptions {
  /// Time steps T and batch size B: the leading dimensions of every value.
  int64_t timesteps = 1;
  int64_t batch = 1;
  /// Forward-Euler step of the continuous-time NIR neurons (SPEC section 3).
  double dt = 1e-4;
  /// Name of the generated function.
  std::string functionName = "forward";
  /// When set, @forward returns the membrane potential (after reset) of
  /// this neuron node at every step instead of the graph's output: a probe
  /// for comparing with other simulators. Evaluates step by step.
  std::string membraneOf;
};

/// Builds `func.func @forward(%input: tensor<T x B x In... x f32>) ->
/// tensor<T x B x Out... x f32>` from an NIR graph (standard NIR nodes and
/// spike's extension nodes, docs/nir-extension.md). Spike outputs are
/// returned as 0.0/1.0. Errors name `fileName` and the node.
llvm::Expected<OwningOpRef<ModuleOp>>
importGraph(const Graph &graph, llvm::StringRef fileName,
            const ImportOptions &options, MLIRContext *context);

/// The dialects that imported modules use.
void loadImportDialects(MLIRContext &context);

} // namespace mlir::spike::nir

#endif // SPIKE_TARGET_NIR_NIRIMPORTER_H
