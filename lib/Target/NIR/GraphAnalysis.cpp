//===- GraphAnalysis.cpp - flattening and ordering an NIR graph -----------===//

#include "GraphAnalysis.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"

#include <functional>

using namespace mlir::spike::nir;
using llvm::ArrayRef;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

namespace {

/// "LIF, IF, ... or spike.TernaryLIF".
std::string neuronTypeList() {
  ArrayRef<std::string> types = neuronTypes();
  return llvm::join(types.drop_back(), ", ") + " or " + types.back();
}

struct Analyzer {
  StringRef file;
  FlatGraph flat;
  llvm::StringMap<size_t> index;
  /// Flattened edges: source, target, and the source as written.
  struct FlatEdge {
    std::string source, target, sourceName;
  };
  std::vector<FlatEdge> edges;

  Error fail(StringRef node, const Twine &message) const {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   file + ": node '" + node + "': " + message);
  }
  Error failGraph(const Twine &message) const {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   file + ": " + message);
  }

  /// Names of the nodes of type `type` directly in `graph`.
  static std::vector<std::string> nodesOfType(const Graph &graph,
                                              StringRef type) {
    std::vector<std::string> names;
    for (const Node &node : graph.nodes)
      if (node.type == type)
        names.push_back(node.name);
    return names;
  }

  /// Adds the nodes of `graph` named `prefix + name`, and its edges with
  /// nested graphs replaced by their Input (as targets) and Output (as
  /// sources) nodes.
  Error flatten(const Graph &graph, const std::string &prefix, bool top) {
    llvm::StringMap<const Graph *> subgraphs;
    for (const Node &node : graph.nodes) {
      std::string name = prefix + node.name;
      if (name.empty())
        return failGraph("a node has an empty name");
      if (index.count(name))
        return fail(name, "duplicate node name");
      if (node.subgraph) {
        subgraphs[node.name] = node.subgraph.get();
        if (Error error = flatten(*node.subgraph, name + ".", false))
          return error;
        continue;
      }
      index[name] = flat.nodes.size();
      FlatNode flatNode{name, &node, false, {}};
      flatNode.passThrough =
          !top && (node.type == "Input" || node.type == "Output");
      flat.nodes.push_back(std::move(flatNode));
    }
    for (const auto &[source, target] : graph.edges) {
      std::vector<std::string> sources{prefix + source};
      std::vector<std::string> targets{prefix + target};
      if (auto it = subgraphs.find(source); it != subgraphs.end()) {
        sources.clear();
        for (const std::string &out : nodesOfType(*it->second, "Output"))
          sources.push_back(prefix + source + "." + out);
      }
      if (auto it = subgraphs.find(target); it != subgraphs.end()) {
        targets.clear();
        for (const std::string &in : nodesOfType(*it->second, "Input"))
          targets.push_back(prefix + target + "." + in);
      }
      if (sources.empty())
        return fail(prefix + source, "nested graph has no Output node");
      if (targets.empty())
        return fail(prefix + target, "nested graph has no Input node");
      for (const std::string &s : sources)
        for (const std::string &t : targets)
          edges.push_back({s, t, source});
    }
    return Error::success();
  }

  /// Marks edges inside strongly connected components that enter a neuron
  /// as delayed (Tarjan's algorithm).
  void markDelayedEdges() {
    size_t count = flat.nodes.size();
    std::vector<std::vector<size_t>> successors(count);
    for (size_t target = 0; target < count; ++target)
      for (const InEdge &edge : flat.nodes[target].inputs)
        successors[edge.source].push_back(target);
    std::vector<int64_t> order(count, -1), low(count, 0), component(count, -1);
    std::vector<bool> onStack(count, false);
    std::vector<size_t> stack;
    int64_t counter = 0, components = 0;
    // Depth-first with an explicit stack of (node, next successor): a
    // hostile chain of a million nodes must not overflow the call stack.
    std::vector<std::pair<size_t, size_t>> frames;
    auto enter = [&](size_t v) {
      order[v] = low[v] = counter++;
      stack.push_back(v);
      onStack[v] = true;
      frames.emplace_back(v, 0);
    };
    for (size_t root = 0; root < count; ++root) {
      if (order[root] >= 0)
        continue;
      enter(root);
      while (!frames.empty()) {
        auto &[v, next] = frames.back();
        if (next < successors[v].size()) {
          size_t w = successors[v][next++];
          if (order[w] < 0)
            enter(w); // invalidates v and next
          else if (onStack[w])
            low[v] = std::min(low[v], order[w]);
          continue;
        }
        size_t done = v;
        if (low[done] == order[done]) {
          size_t w;
          do {
            w = stack.back();
            stack.pop_back();
            onStack[w] = false;
            component[w] = components;
          } while (w != done);
          ++components;
        }
        frames.pop_back();
        if (!frames.empty()) {
          size_t parent = frames.back().first;
          low[parent] = std::min(low[parent], low[done]);
        }
      }
    }
    for (size_t target = 0; target < count; ++target) {
      FlatNode &node = flat.nodes[target];
      for (InEdge &edge : node.inputs)
        if (component[edge.source] == component[target] &&
            isNeuronType(node.node->type)) {
          edge.delayed = true;
          flat.recurrent = true;
        }
    }
  }

  /// Kahn's algorithm over the non-delayed edges.
  Error orderNodes() {
    size_t count = flat.nodes.size();
    std::vector<size_t> pending(count, 0);
    std::vector<std::vector<size_t>> successors(count);
    for (size_t target = 0; target < count; ++target)
      for (const InEdge &edge : flat.nodes[target].inputs)
        if (!edge.delayed) {
          ++pending[target];
          successors[edge.source].push_back(target);
        }
    std::vector<size_t> ready;
    for (size_t v = 0; v < count; ++v)
      if (pending[v] == 0)
        ready.push_back(v);
    while (!ready.empty()) {
      size_t v = ready.back();
      ready.pop_back();
      flat.order.push_back(v);
      for (size_t w : successors[v])
        if (--pending[w] == 0)
          ready.push_back(w);
    }
    if (flat.order.size() == count)
      return Error::success();
    for (size_t v = 0; v < count; ++v)
      if (pending[v] != 0)
        return fail(flat.nodes[v].name,
                    "is on a cycle without a neuron (an algebraic loop): "
                    "every cycle must pass through " +
                        neuronTypeList());
    return failGraph("cannot order the graph");
  }

  Expected<FlatGraph> run(const Graph &graph) {
    if (graph.nodes.empty())
      return failGraph("the graph is empty");
    if (Error error = flatten(graph, "", true))
      return std::move(error);
    llvm::StringSet<> seen;
    for (const auto &[source, target, sourceName] : edges) {
      auto sourceIt = index.find(source);
      auto targetIt = index.find(target);
      if (sourceIt == index.end())
        return failGraph("edge '" + source + "' -> '" + target +
                         "' names a node that does not exist: '" + source +
                         "'");
      if (targetIt == index.end())
        return failGraph("edge '" + source + "' -> '" + target +
                         "' names a node that does not exist: '" + target +
                         "'");
      if (!seen.insert(source + "\x1f" + target).second)
        continue; // duplicate edges add nothing
      flat.nodes[targetIt->second].inputs.push_back(
          {sourceIt->second, false, sourceName});
    }

    std::vector<size_t> inputs, outputs;
    for (auto [i, node] : llvm::enumerate(flat.nodes)) {
      if (node.passThrough)
        continue;
      if (node.node->type == "Input")
        inputs.push_back(i);
      if (node.node->type == "Output")
        outputs.push_back(i);
    }
    if (inputs.size() != 1)
      return failGraph("the graph must have exactly one Input node, it has " +
                       Twine(inputs.size()));
    if (outputs.size() != 1)
      return failGraph("the graph must have exactly one Output node, it has " +
                       Twine(outputs.size()));
    flat.input = inputs.front();
    flat.output = outputs.front();
    if (!flat.nodes[flat.input].inputs.empty())
      return fail(flat.nodes[flat.input].name, "the Input node has incoming edges");
    if (flat.nodes[flat.output].inputs.empty())
      return fail(flat.nodes[flat.output].name, "nothing is connected to the Output node");
    for (const FlatNode &node : flat.nodes)
      if (&node != &flat.nodes[flat.input] && node.inputs.empty())
        return fail(node.name, "has no incoming edge");

    markDelayedEdges();
    if (Error error = orderNodes())
      return std::move(error);
    return std::move(flat);
  }
};

} // namespace

Expected<FlatGraph> mlir::spike::nir::analyzeGraph(const Graph &graph,
                                                   StringRef fileName) {
  Analyzer analyzer{fileName, {}, {}, {}};
  return analyzer.run(graph);
}
