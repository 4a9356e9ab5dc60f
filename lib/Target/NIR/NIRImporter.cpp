//===- NIRImporter.cpp - NIR graphs to the spike dialect ------------------===//
//
// Feed-forward graphs become multi-step ops on whole [T, B, ...] tensors.
// Graphs with cycles (recurrent edges, which carry the previous step's value)
// are evaluated step by step inside one spike.time_loop, with the membranes
// and the recurrent values as loop-carried state (docs/design/recurrence.md).
//
//===----------------------------------------------------------------------===//

#include "ImporterImpl.h"
#include "NodeTable.h"

#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Verifier.h"

#include <cmath>

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::nir;
using namespace mlir::spike::nir::detail;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

/// Largest number of elements of one per-sample value.
static constexpr int64_t kMaxElements = int64_t(1) << 31;

bool Array::isUniform() const {
  return llvm::all_of(values, [&](double v) { return v == values.front(); });
}

Expected<Array>
mlir::spike::nir::detail::broadcastArrays(const Array &lhs, const Array &rhs,
                                          function_ref<double(double, double)> op) {
  size_t rank = std::max(lhs.shape.size(), rhs.shape.size());
  SmallVector<int64_t> shape(rank, 1);
  auto dim = [](const Array &a, size_t d, size_t rank) -> int64_t {
    size_t offset = rank - a.shape.size();
    return d < offset ? 1 : a.shape[d - offset];
  };
  for (size_t d = 0; d < rank; ++d) {
    int64_t l = dim(lhs, d, rank), r = dim(rhs, d, rank);
    if (l != r && l != 1 && r != 1)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "parameter shapes are not broadcastable");
    shape[d] = std::max(l, r);
  }
  Array result;
  result.shape = shape;
  int64_t count = computeProduct(shape);
  result.values.resize(count);
  SmallVector<int64_t> index(rank, 0);
  auto flat = [&](const Array &a) {
    size_t offset = rank - a.shape.size();
    int64_t position = 0;
    for (size_t d = 0; d < a.shape.size(); ++d)
      position = position * a.shape[d] +
                 (a.shape[d] == 1 ? 0 : index[offset + d]);
    return position;
  };
  for (int64_t i = 0; i < count; ++i) {
    result.values[i] = op(lhs.values[flat(lhs)], rhs.values[flat(rhs)]);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return result;
}

Importer::Importer(MLIRContext *context, StringRef file,
                   const ImportOptions &options, const FlatGraph &graph)
    : context(context), file(file.str()), options(options), graph(graph),
      b(context), prologue(context) {}

Location Importer::loc(const FlatNode &node) {
  return NameLoc::get(StringAttr::get(context, node.name),
                      FileLineColLoc::get(context, file, 0, 0));
}

void Importer::warn(const FlatNode &node, const Twine &message) {
  mlir::emitWarning(loc(node)) << "node '" << node.name << "': " << message;
}

/// Equal after dropping every dimension of size 1: older exporters write
/// shapes such as [1, 1, 3] for [3].
static bool sameUpToUnitDims(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  auto nonUnit = [](ArrayRef<int64_t> shape) {
    return llvm::to_vector(
        llvm::make_filter_range(shape, [](int64_t size) { return size != 1; }));
  };
  return nonUnit(lhs) == nonUnit(rhs);
}

static std::string shapeText(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

Error Importer::fail(const FlatNode &node, const Twine &message) const {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 file + ": node '" + node.name + "': " +
                                     message);
}

RankedTensorType Importer::tensorType(ArrayRef<int64_t> shape, Kind kind) {
  SmallVector<int64_t> dims;
  if (!stepMode)
    dims.push_back(options.timesteps);
  dims.push_back(options.batch);
  llvm::append_range(dims, shape);
  Type element = kind == Kind::Real     ? Type(b.getF32Type())
                 : kind == Kind::Binary ? Type(b.getI1Type())
                                        : Type(b.getIntegerType(2));
  return RankedTensorType::get(dims, element);
}

Value Importer::toReal(const Tensor &tensor, Location loc) {
  if (tensor.kind == Kind::Real)
    return tensor.value;
  RankedTensorType type = tensorType(tensor.shape, Kind::Real);
  if (tensor.kind == Kind::Binary)
    return arith::UIToFPOp::create(b, loc, type, tensor.value);
  return arith::SIToFPOp::create(b, loc, type, tensor.value);
}

Value Importer::f32Constant(ArrayRef<int64_t> shape, ArrayRef<float> values,
                            Location loc) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, values));
}

const Param *Importer::param(const FlatNode &node, StringRef key) const {
  consulted.insert(key);
  return node.node->find(key);
}

bool Importer::has(const FlatNode &node, StringRef key) const {
  return param(node, key) != nullptr;
}

Error Importer::checkUnusedParams(const FlatNode &node) const {
  // NIR's own metadata: the shapes of a node's ports and free-form notes.
  auto isMetadata = [](StringRef key) {
    return key.starts_with("input_type") || key.starts_with("output_type") ||
           key.starts_with("metadata");
  };
  SmallVector<StringRef> unused;
  for (const auto &entry : node.node->params)
    if (!consulted.contains(entry.getKey()) && !isMetadata(entry.getKey()))
      unused.push_back(entry.getKey());
  if (unused.empty())
    return Error::success();
  llvm::sort(unused);
  return fail(node, "unknown parameter '" + unused.front() + "' for a " +
                        node.node->type +
                        " node (spike-import rejects what it would ignore)");
}

Expected<Array> Importer::floats(const FlatNode &node, StringRef key) {
  const Param *param = this->param(node, key);
  if (!param)
    return fail(node, "missing parameter '" + key + "'");
  if (param->kind != Param::Kind::Float)
    return fail(node, "parameter '" + key + "' must hold floating-point numbers");
  for (double value : param->floats)
    if (!std::isfinite(value))
      return fail(node, "parameter '" + key + "' holds NaN or Inf");
  Array array;
  array.shape.assign(param->shape.begin(), param->shape.end());
  array.values = param->floats;
  if (array.values.empty())
    return fail(node, "parameter '" + key + "' is empty");
  return array;
}

Expected<Array> Importer::floatsOr(const FlatNode &node, StringRef key,
                                   double fallback) {
  if (!has(node, key))
    return Array{{}, {fallback}};
  return floats(node, key);
}

Expected<double> Importer::floatScalar(const FlatNode &node, StringRef key) {
  auto values = floats(node, key);
  if (!values)
    return values.takeError();
  if (values->values.size() != 1)
    return fail(node, "'" + key + "' must be a single number");
  return values->values.front();
}

Expected<double> Importer::floatScalarOr(const FlatNode &node, StringRef key,
                                         double fallback) {
  if (!has(node, key))
    return fallback;
  return floatScalar(node, key);
}

Expected<SmallVector<int64_t>> Importer::ints(const FlatNode &node,
                                              StringRef key) {
  const Param *param = this->param(node, key);
  if (!param)
    return fail(node, "missing parameter '" + key + "'");
  if (param->kind != Param::Kind::Int)
    return fail(node, "parameter '" + key + "' must hold integers");
  return SmallVector<int64_t>(param->ints.begin(), param->ints.end());
}

Expected<int64_t> Importer::intScalar(const FlatNode &node, StringRef key) {
  auto values = ints(node, key);
  if (!values)
    return values.takeError();
  if (values->size() != 1)
    return fail(node, "parameter '" + key + "' must be a single integer");
  return values->front();
}

Expected<std::string> Importer::string(const FlatNode &node, StringRef key,
                                       StringRef fallback) {
  const Param *param = this->param(node, key);
  if (!param)
    return fallback.str();
  if (param->kind != Param::Kind::String)
    return fail(node, "parameter '" + key + "' must be a string");
  return param->text;
}

Expected<std::vector<std::string>> Importer::strings(const FlatNode &node,
                                                     StringRef key) {
  const Param *param = this->param(node, key);
  if (!param)
    return fail(node, "missing parameter '" + key + "'");
  if (param->kind != Param::Kind::String)
    return fail(node, "parameter '" + key + "' must hold strings");
  if (!param->texts.empty())
    return param->texts;
  return std::vector<std::string>{param->text};
}

Expected<TypedAttr> Importer::neuronAttr(const FlatNode &node, StringRef name,
                                         const Array &values,
                                         ArrayRef<int64_t> nodeShape) {
  // The shape is checked before a uniform array becomes a scalar: a file
  // whose parameters do not fit the layer is wrong even when they are equal.
  SmallVector<int64_t> shape = values.shape;
  if (values.shape != nodeShape && sameUpToUnitDims(values.shape, nodeShape))
    shape.assign(nodeShape.begin(), nodeShape.end());
  bool broadcastable = shape.size() <= nodeShape.size();
  for (size_t i = 1; broadcastable && i <= shape.size(); ++i) {
    int64_t size = shape[shape.size() - i];
    broadcastable = size == 1 || size == nodeShape[nodeShape.size() - i];
  }
  if (!broadcastable)
    return fail(node, "parameter '" + name + "' of shape " +
                          shapeText(values.shape) +
                          " does not fit the node's shape " +
                          shapeText(nodeShape));
  if (values.isUniform())
    return TypedAttr(b.getF32FloatAttr(static_cast<float>(values.values[0])));
  SmallVector<float> narrowed(values.values.begin(), values.values.end());
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return TypedAttr(DenseElementsAttr::get(type, ArrayRef<float>(narrowed)));
}

Value Importer::carry(function_ref<Value(OpBuilder &)> buildInit, Type type) {
  carriedInits.push_back(buildInit(prologue));
  carriedNext.push_back(Value());
  return body->addArgument(type, prologue.getUnknownLoc());
}

void Importer::setNext(Value state, Value next) {
  unsigned index = cast<BlockArgument>(state).getArgNumber() - 1;
  carriedNext[index] = next;
}

bool Importer::probes(const FlatNode &node) const {
  return !options.membraneOf.empty() && node.name == options.membraneOf;
}

void Importer::recordMembrane(Value membrane, ArrayRef<int64_t> shape) {
  probe = membrane;
  probeShape.assign(shape.begin(), shape.end());
}

Expected<Tensor> Importer::sumInputs(const FlatNode &node,
                                     ArrayRef<Tensor> inputs) {
  if (inputs.size() == 1)
    return inputs.front();
  for (const Tensor &input : inputs.drop_front())
    if (input.shape != inputs.front().shape)
      return fail(node, "its inputs have different shapes and cannot be summed");
  Location location = loc(node);
  Value sum = toReal(inputs.front(), location);
  for (const Tensor &input : inputs.drop_front())
    sum = arith::AddFOp::create(b, location, sum, toReal(input, location));
  return Tensor{sum, inputs.front().shape, Kind::Real};
}

Expected<SmallVector<Tensor>>
Importer::bindOperands(const FlatNode &node, unsigned count,
                       ArrayRef<Tensor> inputs,
                       ArrayRef<std::string> sourceNames) {
  auto names = strings(node, "operands");
  if (!names)
    return names.takeError();
  SmallVector<Tensor> operands;
  llvm::StringSet<> bound;
  for (const std::string &name : *names) {
    const auto *it = llvm::find(sourceNames, name);
    if (it == sourceNames.end())
      return fail(node, "operand '" + name + "' has no edge into the node");
    operands.push_back(inputs[it - sourceNames.begin()]);
    bound.insert(name);
  }
  for (const std::string &name : sourceNames)
    if (!bound.contains(name))
      return fail(node, "the edge from '" + name +
                            "' is not one of its operands");
  if (count && operands.size() != count)
    return fail(node, "a " + node.node->type + " node takes " + Twine(count) +
                          " operands, 'operands' names " +
                          Twine(operands.size()));
  return operands;
}

Expected<Tensor> Importer::emitNode(const FlatNode &node,
                                    ArrayRef<Tensor> inputs,
                                    ArrayRef<std::string> sourceNames) {
  StringRef type = node.node->type;
  consulted.clear();
  consulted.insert("type");
  const NodeKind *kind = nodeTable().lookup(type);
  bool operandNode = kind && kind->emitOperands;
  if (!node.passThrough && operandNode && has(node, "operands")) {
    auto operands = bindOperands(node, kind->operandCount, inputs, sourceNames);
    if (!operands)
      return operands.takeError();
    auto output = kind->emitOperands(*this, node, *operands);
    if (!output)
      return output.takeError();
    if (Error error = checkUnusedParams(node))
      return std::move(error);
    return *output;
  }
  auto input = sumInputs(node, inputs);
  if (!input)
    return input.takeError();
  if (node.passThrough)
    return *input;
  if (!kind)
    return fail(node, "unknown node type '" + type + "'");
  if (operandNode)
    return fail(node, "a " + type + " node needs an 'operands' list");
  auto output = kind->emit(*this, node, *input);
  if (!output)
    return output.takeError();
  if (Error error = checkUnusedParams(node))
    return std::move(error);
  return *output;
}

/// The graph's Output: its input, checked against the shape it declares.
static Expected<Tensor> emitOutput(Importer &importer, const FlatNode &node,
                                   const Tensor &input) {
  if (!importer.has(node, "shape"))
    return input;
  auto shape = importer.ints(node, "shape");
  if (!shape)
    return shape.takeError();
  if (*shape == input.shape)
    return input;
  if (!sameUpToUnitDims(*shape, input.shape))
    return importer.fail(node, "the Output shape " + shapeText(*shape) +
                                   " does not match its input's shape " +
                                   shapeText(input.shape));
  importer.warn(node, "the Output shape " + shapeText(*shape) +
                          " differs from its input's shape " +
                          shapeText(input.shape) +
                          " only by unit dimensions; the output keeps " +
                          shapeText(input.shape));
  return input;
}

/// The graph's one Input is the function's argument (emitInput) and nested
/// Inputs pass their input through: an Input emitted as a node has inputs.
static Expected<Tensor> rejectInput(Importer &importer, const FlatNode &node,
                                    const Tensor &) {
  return importer.fail(node, "an Input node inside the graph has inputs");
}

void mlir::spike::nir::detail::populateGraphNodeHandlers(NodeTable &table) {
  table.add("Input", rejectInput);
  table.add("Output", emitOutput);
}

Expected<Tensor> Importer::emitInput(const FlatNode &node, Value argument) {
  return Tensor{argument,
                SmallVector<int64_t>(
                    cast<RankedTensorType>(argument.getType())
                        .getShape()
                        .drop_front(stepMode ? 1 : 2)),
                Kind::Real};
}

Error Importer::emitAll(Value input, Tensor &output) {
  std::vector<std::optional<Tensor>> values(graph.nodes.size());
  SmallVector<std::pair<Value, size_t>> recurrentStates;
  for (size_t index : graph.order) {
    const FlatNode &node = graph.nodes[index];
    if (index == graph.input) {
      auto tensor = emitInput(node, input);
      if (!tensor)
        return tensor.takeError();
      values[index] = *tensor;
      continue;
    }
    SmallVector<Tensor> inputs;
    SmallVector<std::string> sourceNames;
    for (const InEdge &edge : node.inputs)
      if (!edge.delayed) {
        inputs.push_back(*values[edge.source]);
        sourceNames.push_back(edge.sourceName);
      }
    bool anyDelayed =
        llvm::any_of(node.inputs, [](const InEdge &e) { return e.delayed; });
    if (anyDelayed) {
      // A recurrent input: last step's value of its source (zero at t = 0),
      // shaped like the node's other inputs.
      if (inputs.empty())
        return fail(node, "a neuron fed only by recurrent edges is not "
                          "supported (its shape is unknown)");
      SmallVector<int64_t> shape = inputs.front().shape;
      RankedTensorType type = tensorType(shape, Kind::Real);
      for (const InEdge &edge : node.inputs) {
        if (!edge.delayed)
          continue;
        Value state = carry(
            [&](OpBuilder &pb) -> Value {
              Value zero = arith::ConstantOp::create(
                  pb, loc(node), DenseElementsAttr::get(type, 0.0f));
              return zero;
            },
            type);
        recurrentStates.emplace_back(state, edge.source);
        inputs.push_back(Tensor{state, shape, Kind::Real});
        sourceNames.push_back(edge.sourceName);
      }
    }
    auto tensor = emitNode(node, inputs, sourceNames);
    if (!tensor)
      return tensor.takeError();
    values[index] = *tensor;
  }
  for (auto [state, source] : recurrentStates) {
    const Tensor &value = *values[source];
    if (cast<RankedTensorType>(state.getType()).getShape() !=
        tensorType(value.shape, Kind::Real).getShape())
      return fail(graph.nodes[source],
                  "its recurrent output does not have the shape of the node "
                  "it feeds back into");
    setNext(state, toReal(value, loc(graph.nodes[source])));
  }
  output = *values[graph.output];
  return Error::success();
}

Expected<SmallVector<int64_t>>
Importer::reconcileInputShape(const FlatNode &inputNode,
                              ArrayRef<int64_t> declared) {
  std::optional<SmallVector<int64_t>> expected;
  for (const FlatNode &node : graph.nodes) {
    if (node.passThrough ||
        llvm::none_of(node.inputs, [&](const InEdge &edge) {
          return edge.source == graph.input;
        }))
      continue;
    std::optional<SmallVector<int64_t>> shape;
    for (StringRef key : {"input_type.input", "input_type"}) {
      if (!has(node, key))
        continue;
      auto ints = this->ints(node, key);
      if (!ints)
        return ints.takeError();
      shape = *ints;
      break;
    }
    // A consumer without a declared shape, or two that disagree: the
    // Input's own shape, as the file says.
    if (!shape || (expected && *expected != *shape))
      return SmallVector<int64_t>(declared);
    expected = shape;
  }
  // Only extra unit dimensions on the Input are dropped.
  if (!expected || expected->empty() || expected->size() >= declared.size() ||
      !sameUpToUnitDims(*expected, declared))
    return SmallVector<int64_t>(declared);
  warn(inputNode, "the Input shape " + shapeText(declared) +
                      " differs from its consumers' input shape " +
                      shapeText(*expected) +
                      " only by unit dimensions; the model takes " +
                      shapeText(*expected));
  return *expected;
}

Expected<OwningOpRef<ModuleOp>> Importer::run() {
  const FlatNode &inputNode = graph.nodes[graph.input];
  SmallVector<int64_t> inputShape;
  for (StringRef key : {"shape", "input_type.input", "input_type"}) {
    if (!has(inputNode, key))
      continue;
    auto shape = ints(inputNode, key);
    if (!shape)
      return shape.takeError();
    inputShape = *shape;
    break;
  }
  if (inputShape.empty())
    return fail(inputNode, "the Input node has no 'shape'");
  auto reconciled = reconcileInputShape(inputNode, inputShape);
  if (!reconciled)
    return reconciled.takeError();
  inputShape = *reconciled;
  int64_t elements = 1;
  for (int64_t size : inputShape) {
    if (size <= 0 || size > kMaxElements)
      return fail(inputNode, "the Input shape has a size of " + Twine(size));
    elements *= size;
    if (elements > kMaxElements)
      return fail(inputNode, "the Input shape is too large");
  }

  Location fileLoc = FileLineColLoc::get(context, file, 0, 0);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  b.setInsertionPointToEnd(module->getBody());
  auto inputType = tensorType(inputShape, Kind::Real);
  auto func = func::FuncOp::create(b, fileLoc, options.functionName,
                                   b.getFunctionType({inputType}, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);

  Tensor output;
  Value result;
  bool probing = !options.membraneOf.empty();
  if (probing && llvm::none_of(graph.nodes, [&](const FlatNode &node) {
        return node.name == options.membraneOf;
      }))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   file + ": no node '" + options.membraneOf +
                                       "' to probe");
  if (!graph.recurrent && !probing) {
    if (Error error = emitAll(entry->getArgument(0), output))
      return std::move(error);
    result = toReal(output, fileLoc);
  } else {
    // Step by step: the body of a spike.time_loop over T.
    stepMode = true;
    prologue.setInsertionPointToEnd(entry);
    auto body = std::make_unique<Block>();
    this->body = body.get();
    Value step = body->addArgument(tensorType(inputShape, Kind::Real), fileLoc);
    b.setInsertionPointToStart(body.get());
    if (Error error = emitAll(step, output))
      return std::move(error);
    if (probing) {
      if (!probe)
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            file + ": node '" + options.membraneOf +
                "': is not a neuron, it has no membrane to probe");
      output = Tensor{probe, probeShape, Kind::Real};
    }
    SmallVector<Value> yields{toReal(output, fileLoc)};
    llvm::append_range(yields, carriedNext);
    YieldOp::create(b, fileLoc, yields);
    stepMode = false;
    SmallVector<Type> resultTypes{tensorType(output.shape, Kind::Real)};
    for (Value init : carriedInits)
      resultTypes.push_back(init.getType());
    b.setInsertionPointToEnd(entry);
    auto loop = TimeLoopOp::create(b, fileLoc, resultTypes,
                                   ValueRange{entry->getArgument(0)},
                                   carriedInits);
    loop.getBody().push_back(body.release());
    result = loop.getResult(0);
  }
  func::ReturnOp::create(b, fileLoc, result);
  func.setFunctionType(b.getFunctionType({inputType}, {result.getType()}));
  if (failed(verify(*module)))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   file + ": the imported IR does not verify "
                                          "(an internal error of spike-import)");
  return std::move(module);
}

void mlir::spike::nir::loadImportDialects(MLIRContext &context) {
  context.loadDialect<SpikeDialect, arith::ArithDialect, func::FuncDialect,
                      tensor::TensorDialect, linalg::LinalgDialect,
                      math::MathDialect>();
}

Expected<OwningOpRef<ModuleOp>>
mlir::spike::nir::importGraph(const Graph &graph, StringRef fileName,
                              const ImportOptions &options,
                              MLIRContext *context) {
  if (options.timesteps < 1 || options.timesteps > (1 << 24))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--timesteps must be between 1 and 2^24");
  if (options.batch < 1 || options.batch > (1 << 20))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--batch must be between 1 and 2^20");
  if (!(options.dt > 0) || !std::isfinite(options.dt))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--dt must be a positive number");
  auto flat = analyzeGraph(graph, fileName);
  if (!flat)
    return flat.takeError();
  loadImportDialects(*context);
  Importer importer(context, fileName, options, *flat);
  return importer.run();
}
