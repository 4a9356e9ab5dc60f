//===- NeuronEmission.cpp - neurons for the NIR importer ------------------===//

#include "NeuronEmission.h"

#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::nir;
using namespace mlir::spike::nir::detail;
using llvm::Expected;

/// The initial membrane of a step-by-step neuron: v_init broadcast over
/// [B, shape...].
static Value initialState(OpBuilder &b, Location loc, RankedTensorType type,
                          TypedAttr vInit) {
  if (auto scalar = dyn_cast<FloatAttr>(vInit))
    return arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(type, scalar.getValue().convertToFloat()));
  // Per-neuron values: broadcast the attribute's shape over the state.
  auto dense = cast<DenseFPElementsAttr>(vInit);
  Value values = arith::ConstantOp::create(b, loc, dense);
  int64_t rank = type.getRank();
  int64_t valueRank = dense.getType().getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < valueRank; ++d) {
    int64_t dim = rank - valueRank + d;
    exprs.push_back(dense.getType().getDimSize(d) == 1
                        ? getAffineConstantExpr(0, ctx)
                        : getAffineDimExpr(dim, ctx));
  }
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(),
                                       type.getElementType());
  return linalg::GenericOp::create(
             b, loc, type, values, init,
             {AffineMap::get(rank, 0, exprs, ctx),
              b.getMultiDimIdentityMap(rank)},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, args[0]);
             })
      .getResult(0);
}

Expected<Tensor> mlir::spike::nir::detail::emitNeuron(
    Importer &importer, const FlatNode &node, const Tensor &input,
    NeuronKind kind, const NeuronParams &params) {
  OpBuilder &b = importer.builder();
  Location loc = importer.loc(node);
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> shape = input.shape;
  Value x = importer.toReal(input, loc);

  SmallVector<NamedAttribute> attrs;
  auto add = [&](StringRef name, const Array &values) -> llvm::Error {
    auto attr = importer.neuronAttr(node, name, values, shape);
    if (!attr)
      return attr.takeError();
    attrs.push_back(b.getNamedAttr(name, *attr));
    return llvm::Error::success();
  };
  if (auto error = add("decay", params.decay))
    return std::move(error);
  if (auto error = add("gain", params.gain))
    return std::move(error);
  if (auto error = add("bias", params.bias))
    return std::move(error);
  auto vInit = importer.neuronAttr(node, "v_init", params.vInit, shape);
  if (!vInit)
    return vInit.takeError();
  if (kind != NeuronKind::Integrator) {
    if (auto error = add("v_threshold", params.vThreshold))
      return std::move(error);
    if (auto error = add("v_reset", params.vReset))
      return std::move(error);
    auto reset = symbolizeResetMode(params.reset);
    if (!reset)
      return importer.fail(node, "reset must be hard, soft or none, got '" +
                                     params.reset + "'");
    attrs.push_back(b.getNamedAttr("reset", ResetModeAttr::get(ctx, *reset)));
    if (kind == NeuronKind::Binary)
      attrs.push_back(b.getNamedAttr(
          "compare", CompareModeAttr::get(ctx, params.greater
                                                   ? CompareMode::gt
                                                   : CompareMode::ge)));
    if (kind == NeuronKind::Ternary &&
        llvm::any_of(params.vThreshold.values, [](double v) { return v <= 0; }))
      return importer.fail(node, "a ternary neuron needs v_threshold > 0");
  }

  Kind outputKind = kind == NeuronKind::Binary    ? Kind::Binary
                    : kind == NeuronKind::Ternary ? Kind::Ternary
                                                  : Kind::Real;
  RankedTensorType outputType = importer.tensorType(shape, outputKind);
  RankedTensorType realType = importer.tensorType(shape, Kind::Real);

  if (!importer.inTimeLoop()) {
    attrs.push_back(b.getNamedAttr("v_init", *vInit));
    Operation *op;
    if (kind == NeuronKind::Binary)
      op = LIFOp::create(b, loc, TypeRange{outputType}, ValueRange{x}, attrs);
    else if (kind == NeuronKind::Ternary)
      op = TernaryLIFOp::create(b, loc, TypeRange{outputType}, ValueRange{x},
                                attrs);
    else
      op = LeakyIntegrateOp::create(b, loc, TypeRange{outputType},
                                    ValueRange{x}, attrs);
    return Tensor{op->getResult(0), SmallVector<int64_t>(shape), outputKind};
  }

  // One step: the membrane is loop-carried state starting at v_init.
  TypedAttr init = *vInit;
  Value membrane = importer.carry(
      [&](OpBuilder &pb) { return initialState(pb, loc, realType, init); },
      realType);
  Operation *op;
  if (kind == NeuronKind::Binary)
    op = LIFStepOp::create(b, loc, TypeRange{outputType, realType},
                           ValueRange{x, membrane}, attrs);
  else if (kind == NeuronKind::Ternary)
    op = TernaryLIFStepOp::create(b, loc, TypeRange{outputType, realType},
                                  ValueRange{x, membrane}, attrs);
  else
    op = LeakyIntegrateStepOp::create(b, loc, TypeRange{realType},
                                      ValueRange{x, membrane}, attrs);
  importer.setNext(membrane, op->getResults().back());
  if (importer.probes(node))
    importer.recordMembrane(op->getResults().back(), shape);
  return Tensor{op->getResult(0), SmallVector<int64_t>(shape), outputKind};
}
