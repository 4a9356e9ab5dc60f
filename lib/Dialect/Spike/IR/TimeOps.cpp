//===- TimeOps.cpp - spike.time_loop and spike.yield ----------------------===//

#include "VerifyUtils.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

using namespace mlir;
using namespace mlir::spike;
using namespace mlir::spike::detail;

void TimeLoopOp::build(OpBuilder &builder, OperationState &state,
                       TypeRange resultTypes, ValueRange inputs,
                       ValueRange inits) {
  state.addOperands(inputs);
  state.addOperands(inits);
  state.getOrAddProperties<Properties>().operandSegmentSizes = {
      static_cast<int32_t>(inputs.size()), static_cast<int32_t>(inits.size())};
  state.addTypes(resultTypes);
  state.addRegion();
}

/// `type` without its leading (time) dimension.
static RankedTensorType dropTime(RankedTensorType type) {
  return RankedTensorType::get(type.getShape().drop_front(),
                               type.getElementType());
}

/// Spike tensors are packed along their innermost dimension: time must not
/// be it.
static LogicalResult verifyTimeSliced(Operation *op, StringRef what,
                                      unsigned index, RankedTensorType type) {
  if (type.getRank() < 1)
    return op->emitOpError() << what << " #" << index
                             << " must have a leading time dimension";
  if (type.getRank() < 2 && !type.getElementType().isF32())
    return op->emitOpError()
           << what << " #" << index
           << " holds spikes and needs a dimension after time, got " << type;
  return success();
}

LogicalResult TimeLoopOp::verifyRegions() {
  Block &body = getBodyBlock();
  unsigned inputs = getInputs().size(), carried = getInitArgs().size();
  if (getNumResults() < carried)
    return emitOpError() << "has " << getNumResults()
                         << " results but carries " << carried
                         << " values (the last results are the carried ones)";
  if (body.getNumArguments() != inputs + carried)
    return emitOpError() << "body must have " << inputs + carried
                         << " arguments (a time slice per input, then the "
                            "carried values), got "
                         << body.getNumArguments();
  int64_t steps = ShapedType::kDynamic;
  for (auto [index, input] : llvm::enumerate(getInputs())) {
    auto type = cast<RankedTensorType>(input.getType());
    if (failed(verifyTimeSliced(*this, "input", index, type)))
      return failure();
    int64_t t = type.getDimSize(0);
    if (!sizesCompatible(t, steps))
      return emitOpError() << "input #" << index << " has " << t
                           << " time steps, another input has " << steps;
    if (!ShapedType::isDynamic(t))
      steps = t;
    if (body.getArgument(index).getType() != dropTime(type))
      return emitOpError() << "body argument #" << index << " must be "
                           << dropTime(type) << " (a time slice of input #"
                           << index << ")";
  }
  for (auto [index, init] : llvm::enumerate(getInitArgs()))
    if (body.getArgument(inputs + index).getType() != init.getType())
      return emitOpError() << "body argument #" << inputs + index
                           << " must have the type of init #" << index << ", "
                           << init.getType();

  auto yield = cast<YieldOp>(body.getTerminator());
  unsigned outputs = getNumOutputs();
  if (yield.getValues().size() != outputs + carried)
    return yield.emitOpError()
           << "must yield " << outputs << " outputs and " << carried
           << " carried values, got " << yield.getValues().size();
  for (unsigned i = 0; i < outputs; ++i) {
    auto result = cast<RankedTensorType>(getResult(i).getType());
    if (failed(verifyTimeSliced(*this, "result", i, result)))
      return failure();
    if (!sizesCompatible(result.getDimSize(0), steps) ||
        yield.getValues()[i].getType() != dropTime(result))
      return emitOpError() << "result #" << i
                           << " must stack the yielded output #" << i
                           << " over the " << steps << " time steps";
  }
  for (unsigned j = 0; j < carried; ++j) {
    Type type = getInitArgs()[j].getType();
    if (yield.getValues()[outputs + j].getType() != type ||
        getResult(outputs + j).getType() != type)
      return emitOpError() << "carried value #" << j
                           << " must keep the type " << type;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Loop and region-branch interfaces: only the carried state is forwarded.
//===----------------------------------------------------------------------===//

SmallVector<Region *> TimeLoopOp::getLoopRegions() { return {&getBody()}; }

MutableArrayRef<OpOperand> TimeLoopOp::getInitsMutable() {
  return getInitArgsMutable();
}

// The carried part is the `initArgs.size()` values after the per-step ones;
// on malformed IR the counts then still agree, and verifyRegions says what
// is wrong in this op's terms.
Block::BlockArgListType TimeLoopOp::getRegionIterArgs() {
  return getBodyBlock()
      .getArguments()
      .drop_front(getInputs().size())
      .take_front(getInitArgs().size());
}

std::optional<MutableArrayRef<OpOperand>>
TimeLoopOp::getYieldedValuesMutable() {
  auto yield = cast<YieldOp>(getBodyBlock().getTerminator());
  return yield->getOpOperands()
      .drop_front(getNumOutputs())
      .take_front(getInitArgs().size());
}

std::optional<ResultRange> TimeLoopOp::getLoopResults() {
  return getResults().drop_front(getNumOutputs()).take_front(
      getInitArgs().size());
}

OperandRange TimeLoopOp::getEntrySuccessorOperands(RegionSuccessor) {
  return getInitArgs();
}

void TimeLoopOp::getSuccessorRegions(RegionBranchPoint point,
                                     SmallVectorImpl<RegionSuccessor> &regions) {
  // Into the body (from outside, or for the next step), or out: with no
  // time step at all (a dynamic T of 0) straight from the inits.
  regions.push_back(RegionSuccessor(&getBody(), getRegionIterArgs()));
  regions.push_back(RegionSuccessor(getOperation(), *getLoopResults()));
}

MutableOperandRange
YieldOp::getMutableSuccessorOperands(RegionSuccessor successor) {
  auto loop = cast<TimeLoopOp>((*this)->getParentOp());
  return getValuesMutable().slice(loop.getNumOutputs(),
                                  loop.getInitArgs().size());
}
