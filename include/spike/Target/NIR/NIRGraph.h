//===- NIRGraph.h - an NIR graph as read from a file ----------------------===//
//
// The in-memory form of an NIR file (HDF5): nodes with their type and
// parameters, edges, nested graphs. Parameters keep their shape and are
// widened to double (floats) or int64 (integers); strings stay strings.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_TARGET_NIR_NIRGRAPH_H
#define SPIKE_TARGET_NIR_NIRGRAPH_H

#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mlir::spike::nir {

/// One dataset of a node: a numeric array (possibly 0-d), a string, or a 1-D
/// array of strings (e.g. the `operands` of a multi-operand extension node).
struct Param {
  enum class Kind { Float, Int, String };
  Kind kind = Kind::Float;
  std::vector<int64_t> shape;
  std::vector<double> floats; // Kind::Float
  std::vector<int64_t> ints;  // Kind::Int
  std::string text;           // Kind::String: the string (a single one)
  std::vector<std::string> texts; // Kind::String: all strings of the dataset

  int64_t numElements() const;
  bool isScalar() const { return shape.empty(); }
};

struct Graph;

/// A node: its name within its graph, its `type`, its parameters and, for a
/// nested NIRGraph, the subgraph.
struct Node {
  std::string name;
  std::string type;
  llvm::StringMap<Param> params;
  std::unique_ptr<Graph> subgraph;

  const Param *find(llvm::StringRef key) const;
};

/// A graph: nodes in file order and edges (source name, target name).
struct Graph {
  std::vector<Node> nodes;
  std::vector<std::pair<std::string, std::string>> edges;
  std::string version;
};

} // namespace mlir::spike::nir

#endif // SPIKE_TARGET_NIR_NIRGRAPH_H
