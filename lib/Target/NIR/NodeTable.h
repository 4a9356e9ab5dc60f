//===- NodeTable.h - the NIR node types spike-import knows ----------------===//
//
// One table from a node's `type` to how it is emitted and what the importer
// must know about it. Each node-family file registers its own types (like
// torch-mlir's populateDefaultDomain* handler tables); the importer looks a
// node's type up once, and the graph analysis asks it which types are
// neurons.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_LIB_TARGET_NIR_NODETABLE_H
#define SPIKE_LIB_TARGET_NIR_NODETABLE_H

#include "ImporterImpl.h"

#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace mlir::spike::nir::detail {

/// Emits a node on the sum of its incoming edges.
using SummedHandler = llvm::Expected<Tensor> (*)(Importer &, const FlatNode &,
                                                 const Tensor &input);
/// Emits a node on its operands, in the order of its `operands` list.
using OperandHandler = llvm::Expected<Tensor> (*)(Importer &, const FlatNode &,
                                                  ArrayRef<Tensor> operands);

/// `emit` with its trailing arguments fixed, as a SummedHandler:
/// `table.add("Affine", emitWith<emitLinear, /*withBias=*/true>)`.
template <auto emit, auto... args>
llvm::Expected<Tensor> emitWith(Importer &importer, const FlatNode &node,
                                const Tensor &input) {
  return emit(importer, node, input, args...);
}

/// One node type: exactly one of its handlers is set.
struct NodeKind {
  SummedHandler emit = nullptr;
  /// Set for the types whose incoming edges are distinct operands, bound by
  /// an `operands` list, instead of summed.
  OperandHandler emitOperands = nullptr;
  /// The number of operands an operand node takes (0: any, at least one).
  unsigned operandCount = 0;
  /// A neuron's state breaks a cycle through it: the edges into it on a
  /// cycle carry the previous step's value (GraphAnalysis).
  bool neuron = false;
};

class NodeTable {
public:
  /// Registers a node type that sums its incoming edges.
  void add(StringRef type, SummedHandler emit);
  /// Registers a neuron type (it sums its incoming edges too).
  void addNeuron(StringRef type, SummedHandler emit);
  /// Registers a node type whose incoming edges are the operands its
  /// `operands` list names; `operandCount` 0 takes any number.
  void addOperandNode(StringRef type, OperandHandler emit,
                      unsigned operandCount = 0);

  /// The kind of `type`, or null for a type no file registered.
  const NodeKind *lookup(StringRef type) const;
  /// The neuron types, in the order they were registered.
  ArrayRef<std::string> neuronTypes() const { return neurons; }

private:
  void insert(StringRef type, NodeKind kind);

  llvm::StringMap<NodeKind> kinds;
  std::vector<std::string> neurons;
};

/// Every node type, registered by the populate functions below on first use.
const NodeTable &nodeTable();

/// Input and Output (NIRImporter.cpp).
void populateGraphNodeHandlers(NodeTable &table);
/// NIR's own types: Affine, Conv2d, LIF, ... (ImportStandardNodes.cpp).
void populateStandardNodeHandlers(NodeTable &table);
/// spike.LIF, spike.BatchNorm, ... (ImportExtensionNodes.cpp).
void populateExtensionNodeHandlers(NodeTable &table);
/// spike.Attention (ImportOperandNodes.cpp).
void populateOperandNodeHandlers(NodeTable &table);
/// spike.Reshape, spike.Slice, spike.Concat (ImportShapeNodes.cpp).
void populateShapeNodeHandlers(NodeTable &table);
/// spike.And, spike.Count (ImportBitwiseNodes.cpp).
void populateBitwiseNodeHandlers(NodeTable &table);

} // namespace mlir::spike::nir::detail

#endif // SPIKE_LIB_TARGET_NIR_NODETABLE_H
