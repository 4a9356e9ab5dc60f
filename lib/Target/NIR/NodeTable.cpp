//===- NodeTable.cpp - the NIR node types spike-import knows --------------===//

#include "NodeTable.h"

#include <cassert>

using namespace mlir;
using namespace mlir::spike::nir;
using namespace mlir::spike::nir::detail;

void NodeTable::insert(StringRef type, NodeKind kind) {
  [[maybe_unused]] bool inserted = kinds.try_emplace(type, kind).second;
  assert(inserted && "a node type is registered twice");
  if (kind.neuron)
    neurons.push_back(type.str());
}

void NodeTable::add(StringRef type, SummedHandler emit) {
  NodeKind kind;
  kind.emit = emit;
  insert(type, kind);
}

void NodeTable::addNeuron(StringRef type, SummedHandler emit) {
  NodeKind kind;
  kind.emit = emit;
  kind.neuron = true;
  insert(type, kind);
}

void NodeTable::addOperandNode(StringRef type, OperandHandler emit,
                               unsigned operandCount) {
  NodeKind kind;
  kind.emitOperands = emit;
  kind.operandCount = operandCount;
  insert(type, kind);
}

const NodeKind *NodeTable::lookup(StringRef type) const {
  auto it = kinds.find(type);
  return it == kinds.end() ? nullptr : &it->second;
}

const NodeTable &mlir::spike::nir::detail::nodeTable() {
  // Built once, on first use (thread-safe); the standard types come first so
  // that messages listing the neurons name NIR's before spike's.
  static const NodeTable table = [] {
    NodeTable table;
    populateGraphNodeHandlers(table);
    populateStandardNodeHandlers(table);
    populateExtensionNodeHandlers(table);
    populateOperandNodeHandlers(table);
    populateShapeNodeHandlers(table);
    populateBitwiseNodeHandlers(table);
    return table;
  }();
  return table;
}

bool mlir::spike::nir::isNeuronType(StringRef type) {
  const NodeKind *kind = nodeTable().lookup(type);
  return kind && kind->neuron;
}

llvm::ArrayRef<std::string> mlir::spike::nir::neuronTypes() {
  return nodeTable().neuronTypes();
}
