//===- ImporterImpl.h - state shared by the NIR node emitters -------------===//

#ifndef SPIKE_LIB_TARGET_NIR_IMPORTERIMPL_H
#define SPIKE_LIB_TARGET_NIR_IMPORTERIMPL_H

#include "GraphAnalysis.h"
#include "spike/Target/NIR/NIRImporter.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::spike::nir::detail {

/// What a value holds: real numbers, binary or ternary spikes.
enum class Kind { Real, Binary, Ternary };

/// A node's output: the tensor (leading dims T x B, or B inside the time
/// loop) and its per-sample shape.
struct Tensor {
  Value value;
  SmallVector<int64_t> shape;
  Kind kind = Kind::Real;
};

/// A numeric parameter with its shape, widened to double.
struct Array {
  SmallVector<int64_t> shape;
  std::vector<double> values;
  bool isUniform() const;
};

/// Builds one function from a flattened graph; the node emitters use it for
/// types, constants, parameters, diagnostics and (step by step) state.
class Importer {
public:
  Importer(MLIRContext *context, llvm::StringRef file,
           const ImportOptions &options, const FlatGraph &graph);

  llvm::Expected<OwningOpRef<ModuleOp>> run();

  // Construction helpers for the emitters.
  OpBuilder &builder() { return b; }
  Location loc(const FlatNode &node);
  llvm::Error fail(const FlatNode &node, const llvm::Twine &message) const;
  /// Prints a warning about `node` through the context's diagnostics.
  void warn(const FlatNode &node, const Twine &message);
  bool inTimeLoop() const { return stepMode; }
  int64_t timesteps() const { return options.timesteps; }
  double dt() const { return options.dt; }

  /// The full tensor type of a per-sample shape (with the leading dims).
  RankedTensorType tensorType(ArrayRef<int64_t> shape, Kind kind);
  /// The same value as f32 (spikes become 0.0/1.0 or -1.0/0.0/1.0).
  Value toReal(const Tensor &tensor, Location loc);
  /// An f32 constant of `shape`.
  Value f32Constant(ArrayRef<int64_t> shape, ArrayRef<float> values,
                    Location loc);

  // Parameters, validated: present, numeric, finite, of the right rank.
  llvm::Expected<Array> floats(const FlatNode &node, llvm::StringRef key);
  llvm::Expected<Array> floatsOr(const FlatNode &node, llvm::StringRef key,
                                 double fallback);
  /// A single floating-point number (a scalar or a one-element array);
  /// `floatScalarOr` gives `fallback` when the parameter is absent.
  llvm::Expected<double> floatScalar(const FlatNode &node, llvm::StringRef key);
  llvm::Expected<double> floatScalarOr(const FlatNode &node, llvm::StringRef key,
                                       double fallback);
  llvm::Expected<SmallVector<int64_t>> ints(const FlatNode &node,
                                            llvm::StringRef key);
  llvm::Expected<int64_t> intScalar(const FlatNode &node, llvm::StringRef key);
  llvm::Expected<std::string> string(const FlatNode &node,
                                     llvm::StringRef key,
                                     llvm::StringRef fallback);
  /// A string or a 1-D array of strings (required).
  llvm::Expected<std::vector<std::string>> strings(const FlatNode &node,
                                                   llvm::StringRef key);
  bool has(const FlatNode &node, llvm::StringRef key) const;
  /// The parameter `key` of `node`, or null; every accessor above goes
  /// through it, so that the parameters no emitter asked for are known.
  const Param *param(const FlatNode &node, llvm::StringRef key) const;

  /// A neuron attribute from values broadcastable to the node shape: an f32
  /// scalar when every value is the same, else dense f32 elements.
  llvm::Expected<TypedAttr> neuronAttr(const FlatNode &node,
                                       llvm::StringRef name,
                                       const Array &values,
                                       ArrayRef<int64_t> nodeShape);

  /// Inside the time loop: a state carried from one step to the next,
  /// starting at `init` (built before the loop); returns this step's value.
  Value carry(function_ref<Value(OpBuilder &)> buildInit, Type type);
  /// Sets the value that `state` (from carry) has at the next step.
  void setNext(Value state, Value next);

  /// Membrane probe (ImportOptions::membraneOf): whether `node` is probed,
  /// and this step's membrane of it.
  bool probes(const FlatNode &node) const;
  void recordMembrane(Value membrane, ArrayRef<int64_t> shape);

private:
  /// Rejects a parameter of `node` that its emitter did not consult:
  /// silently ignoring one (a misspelt `v_treshold`, a feature we do not
  /// implement) would simulate a different network than the file describes.
  llvm::Error checkUnusedParams(const FlatNode &node) const;
  /// Keys consulted while the current node is emitted.
  mutable llvm::StringSet<> consulted;
  llvm::Expected<Tensor> emitNode(const FlatNode &node,
                                  ArrayRef<Tensor> inputs,
                                  ArrayRef<std::string> sourceNames);
  /// The inputs of a node with an `operands` list, in that order: each
  /// operand names the source of one incoming edge. `count` operands, or
  /// any number when it is 0.
  llvm::Expected<SmallVector<Tensor>>
  bindOperands(const FlatNode &node, unsigned count, ArrayRef<Tensor> inputs,
               ArrayRef<std::string> sourceNames);
  llvm::Expected<Tensor> sumInputs(const FlatNode &node,
                                   ArrayRef<Tensor> inputs);
  llvm::Expected<Tensor> emitInput(const FlatNode &node, Value argument);
  /// The Input node's shape: `declared`, or the shape its consumers declare
  /// (`input_type`) where `declared` only adds unit dimensions to it.
  llvm::Expected<SmallVector<int64_t>>
  reconcileInputShape(const FlatNode &inputNode, ArrayRef<int64_t> declared);
  llvm::Error emitAll(Value input, Tensor &output);

  MLIRContext *context;
  std::string file;
  ImportOptions options;
  const FlatGraph &graph;
  OpBuilder b;
  bool stepMode = false;

  // Step-by-step evaluation: the loop body and its carried states.
  OpBuilder prologue;
  Block *body = nullptr;
  SmallVector<Value> carriedInits;
  SmallVector<Value> carriedNext;

  // The probed membrane of this step.
  Value probe;
  SmallVector<int64_t> probeShape;
};

/// The leading dimensions in front of a per-sample shape: T x B, or B inside
/// the time loop.
inline int64_t leadingRank(const Importer &importer) {
  return importer.inTimeLoop() ? 1 : 2;
}

/// Elementwise `op` over two broadcastable arrays (NumPy rules).
llvm::Expected<Array> broadcastArrays(const Array &lhs, const Array &rhs,
                                      function_ref<double(double, double)> op);

} // namespace mlir::spike::nir::detail

#endif // SPIKE_LIB_TARGET_NIR_IMPORTERIMPL_H
