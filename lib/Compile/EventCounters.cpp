//===- EventCounters.cpp - counting spikes and accumulates per layer ------===//
//
// The counters are computed on the spike-dialect level, on a copy of
// @forward, so that they count what the model does whatever the lowering:
// non-zeros of spike tensors, and accumulates derived from them.
//
//===----------------------------------------------------------------------===//

#include "EventCounters.h"

#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::spike;

namespace {

int64_t elementCount(Type type) {
  return cast<ShapedType>(type).getNumElements();
}

bool isSpikes(Value value) {
  Type element = cast<ShapedType>(value.getType()).getElementType();
  return element.isSignlessInteger(1) || element.isSignlessInteger(2);
}

/// An i1 tensor that is true where `tensor` is non-zero.
Value nonZeroMask(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  Type element = type.getElementType();
  if (element.isSignlessInteger(1))
    return tensor;
  if (element.isF32()) {
    Value zero =
        arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, 0.0f));
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, tensor,
                                 zero);
  }
  Value zero = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, b.getIntegerAttr(element, 0)));
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, tensor, zero);
}

/// The sum of all elements of an i64 tensor, as an i64 scalar.
Value sumAll(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  Value zero = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{},
                                       b.getI64Type());
  init = linalg::FillOp::create(b, loc, zero, init).getResult(0);
  SmallVector<int64_t> dims;
  for (int64_t d = 0; d < type.getRank(); ++d)
    dims.push_back(d);
  Value sum = linalg::ReduceOp::create(
                  b, loc, ValueRange{tensor}, ValueRange{init}, dims,
                  [](OpBuilder &nb, Location nl, ValueRange args) {
                    linalg::YieldOp::create(
                        nb, nl,
                        arith::AddIOp::create(nb, nl, args[0], args[1])
                            .getResult());
                  })
                  .getResult(0);
  return tensor::ExtractOp::create(b, loc, sum, ValueRange{});
}

/// The number of non-zero elements of `tensor`, as an i64 scalar.
Value countNonZero(OpBuilder &b, Location loc, Value tensor) {
  Value mask = nonZeroMask(b, loc, tensor);
  auto type = cast<RankedTensorType>(mask.getType());
  Value wide = arith::ExtUIOp::create(
      b, loc, RankedTensorType::get(type.getShape(), b.getI64Type()), mask);
  return sumAll(b, loc, wide);
}

Value times(OpBuilder &b, Location loc, Value count, int64_t factor) {
  Value constant = arith::ConstantIntOp::create(b, loc, b.getI64Type(), factor);
  return arith::MulIOp::create(b, loc, count, constant);
}

/// "node (op)" for imported models, "op #index" otherwise.
std::string layerName(Operation *op, unsigned index) {
  StringRef kind = op->getName().stripDialect();
  if (auto named = dyn_cast<NameLoc>(op->getLoc()))
    return (named.getName().strref() + " (" + kind + ")").str();
  return (kind + " #" + std::to_string(index)).str();
}

/// ACs of a conv2d on spikes: for every output position, the set bits of its
/// window times the output channels of the group. The window counts come
/// from the same convolution with weights of ones (one output per group).
Value convAccumulates(OpBuilder &b, Location loc, Conv2dOp conv) {
  Value input = nonZeroMask(b, loc, conv.getInput());
  RankedTensorType weightType = conv.getWeight().getType();
  auto groups = static_cast<int64_t>(conv.getGroups());
  auto onesType = RankedTensorType::get(
      {groups, weightType.getDimSize(1), weightType.getDimSize(2),
       weightType.getDimSize(3)},
      b.getF32Type());
  Value ones =
      arith::ConstantOp::create(b, loc, DenseElementsAttr::get(onesType, 1.0f));
  SmallVector<int64_t> shape(conv.getOutput().getType().getShape());
  shape[shape.size() - 3] = groups;
  Value windows = Conv2dOp::create(
      b, loc, RankedTensorType::get(shape, b.getF32Type()), input, ones,
      Value(), conv.getStridesAttr(), conv.getPaddingAttr(),
      conv.getDilationsAttr(), conv.getGroupsAttr());
  // Window counts are small integers: exact in f32, summed in i64.
  Value counts = arith::FPToSIOp::create(
      b, loc, RankedTensorType::get(shape, b.getI64Type()), windows);
  return times(b, loc, sumAll(b, loc, counts),
               weightType.getDimSize(0) / groups);
}

/// ACs of an attention in its evaluation order: each set query bit adds a
/// row of N scores (scores_first) or of Dv/heads kv values (kv_first); each
/// non-zero value spike adds a row of N (scores_first) or D/heads
/// (kv_first).
Value attentionAccumulates(OpBuilder &b, Location loc, AttentionOp attention) {
  ArrayRef<int64_t> q = attention.getQ().getType().getShape();
  int64_t tokens = q[q.size() - 2], keyDim = q.back();
  int64_t valueDim = attention.getV().getType().getShape().back();
  auto heads = static_cast<int64_t>(attention.getNumHeads());
  bool scoresFirst =
      attention.getEvaluationOrder() == AttentionOrder::scores_first;
  Value fromQ = times(b, loc, countNonZero(b, loc, attention.getQ()),
                      scoresFirst ? tokens : valueDim / heads);
  Value fromV = times(b, loc, countNonZero(b, loc, attention.getV()),
                      scoresFirst ? tokens : keyDim / heads);
  return arith::AddIOp::create(b, loc, fromQ, fromV);
}

/// Multiply-accumulates of the attention on real-valued q, k and v, in the
/// order the compiler picks: per batch element N² (D + Dv) or 2 N D Dv / h.
int64_t attentionDenseMacs(AttentionOp attention) {
  ArrayRef<int64_t> q = attention.getQ().getType().getShape();
  int64_t batch = 1;
  for (int64_t size : q.drop_back(2))
    batch *= size;
  return batch * static_cast<int64_t>(attention.getAdditionCount(
                     attention.getEvaluationOrder()));
}

} // namespace

std::vector<LayerInfo> mlir::spike::addEventCounters(ModuleOp module) {
  auto forward = module.lookupSymbol<func::FuncOp>("forward");
  OpBuilder b(module.getContext());
  b.setInsertionPointAfter(forward);
  auto stats = cast<func::FuncOp>(b.clone(*forward.getOperation()));
  stats.setSymName("forward_stats");

  // Collected first: the counting code adds ops (a conv2d of ones) that
  // must not be counted themselves.
  SmallVector<Operation *> candidates;
  stats.walk([&](Operation *op) {
    if (isa<LIFOp, TernaryLIFOp, LinearOp, Conv2dOp, AttentionOp>(op) &&
        !op->getParentOfType<TimeLoopOp>())
      candidates.push_back(op);
  });
  std::vector<LayerInfo> layers;
  SmallVector<Value> counts;
  unsigned index = 0;
  for (Operation *op : candidates) {
    Location loc = op->getLoc();
    b.setInsertionPointAfter(op);
    LayerInfo layer{layerName(op, index++), LayerInfo::Synapse, 0, 0};
    Value count;
    if (isa<LIFOp, TernaryLIFOp>(op)) {
      layer.kind = LayerInfo::Neuron;
      layer.size = elementCount(op->getResult(0).getType());
      count = countNonZero(b, loc, op->getResult(0));
    } else if (auto linear = dyn_cast<LinearOp>(op)) {
      int64_t outputs = linear.getWeight().getType().getDimSize(0);
      layer.denseMacs = elementCount(linear.getInput().getType()) * outputs;
      if (isSpikes(linear.getInput()))
        count = times(b, loc, countNonZero(b, loc, linear.getInput()), outputs);
      else
        layer.macs = layer.denseMacs;
    } else if (auto conv = dyn_cast<Conv2dOp>(op)) {
      RankedTensorType weight = conv.getWeight().getType();
      layer.denseMacs = elementCount(conv.getOutput().getType()) *
                        weight.getDimSize(1) * weight.getDimSize(2) *
                        weight.getDimSize(3);
      if (isSpikes(conv.getInput()))
        count = convAccumulates(b, loc, conv);
      else
        layer.macs = layer.denseMacs;
    } else if (auto attention = dyn_cast<AttentionOp>(op)) {
      count = attentionAccumulates(b, loc, attention);
      // As an ANN: the cheaper order on real-valued q, k and v.
      layer.denseMacs = attentionDenseMacs(attention);
    }
    if (!count)
      count = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
    counts.push_back(count);
    layers.push_back(std::move(layer));
  }

  auto ret = cast<func::ReturnOp>(stats.getBody().front().getTerminator());
  b.setInsertionPoint(ret);
  Location loc = ret.getLoc();
  auto countsType =
      RankedTensorType::get({static_cast<int64_t>(counts.size())}, b.getI64Type());
  Value all = counts.empty()
                  ? tensor::EmptyOp::create(b, loc, countsType.getShape(),
                                            b.getI64Type())
                        .getResult()
                  : tensor::FromElementsOp::create(b, loc, countsType, counts)
                        .getResult();
  SmallVector<Value> results(ret.getOperands());
  results.push_back(all);
  ret->setOperands(results);
  stats.setFunctionType(b.getFunctionType(
      stats.getFunctionType().getInputs(), ValueRange(results).getTypes()));
  return layers;
}
