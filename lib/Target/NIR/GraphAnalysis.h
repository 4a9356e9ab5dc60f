//===- GraphAnalysis.h - flattening and ordering an NIR graph -------------===//

#ifndef SPIKE_LIB_TARGET_NIR_GRAPHANALYSIS_H
#define SPIKE_LIB_TARGET_NIR_GRAPHANALYSIS_H

#include "spike/Target/NIR/NIRGraph.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

namespace mlir::spike::nir {

/// One incoming edge of a node.
struct InEdge {
  size_t source;
  /// On a cycle and entering a neuron: carries the previous step's value.
  bool delayed = false;
  /// The source as the edge names it in the target's own graph (a nested
  /// graph by its name): what an `operands` list refers to.
  std::string sourceName;
};

/// A node of the flattened graph. Nested graphs are inlined: their nodes are
/// named `graph.node`, their Input and Output nodes pass values through.
struct FlatNode {
  std::string name;
  const Node *node;
  bool passThrough = false;
  llvm::SmallVector<InEdge, 2> inputs;
};

struct FlatGraph {
  std::vector<FlatNode> nodes;
  size_t input = 0;
  size_t output = 0;
  /// Nodes in an order where every non-delayed input comes first.
  std::vector<size_t> order;
  /// True when some edge is delayed: the graph is evaluated step by step.
  bool recurrent = false;
};

/// True for the neuron node types (standard and extension): the types the
/// node table marks as neurons (NodeTable.cpp).
bool isNeuronType(llvm::StringRef type);
/// The neuron node types, NIR's first.
llvm::ArrayRef<std::string> neuronTypes();

/// Flattens nested graphs, checks the edges, marks the delayed edges of
/// cycles and orders the nodes. Fails on dangling edges, several or no
/// Input/Output nodes, and cycles without a neuron (algebraic loops).
llvm::Expected<FlatGraph> analyzeGraph(const Graph &graph,
                                       llvm::StringRef fileName);

} // namespace mlir::spike::nir

#endif // SPIKE_LIB_TARGET_NIR_GRAPHANALYSIS_H
