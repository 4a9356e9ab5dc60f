//===- OutlineParallel.cpp - worksharing loops to spike's thread pool -----===//
//
//   omp.parallel { omp.wsloop { omp.loop_nest (%iv) = (%lb) to (%ub) step (%s)
//                                 { body } } }
//
// becomes
//
//   %context = llvm.alloca !llvm.struct<(captured types...)>
//   llvm.store captured values into %context
//   llvm.call @spike_parallel_for(@f_parallel0, %context, %iterations)
//
//   llvm.func internal @f_parallel0(%context, %begin, %end) {
//     load the captured values
//     for %i in [%begin, %end): %iv = %lb + %i * %s; body
//   }
//
//===----------------------------------------------------------------------===//

#include "spike/Codegen/CPU/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEOUTLINEPARALLEL
#include "spike/Codegen/CPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kRuntimeFunction = "spike_parallel_for";

/// Ops that the outlined function re-creates rather than receives:
/// constants and other operand-free pure ops.
bool isRematerializable(Operation *op) {
  return op && op->getNumOperands() == 0 && op->getNumRegions() == 0 &&
         isMemoryEffectFree(op);
}

/// Ops of a parallel region that may run once per outlined call: each
/// thread's own stack buffers and pure computations (descriptors).
bool isPerThreadSetUp(Operation &op) {
  return op.getNumRegions() == 0 &&
         (isa<LLVM::AllocaOp>(op) || isMemoryEffectFree(&op));
}

/// The worksharing loop of `parallel` if the region holds nothing else but
/// per-thread set-up before it.
omp::LoopNestOp getOnlyLoop(omp::ParallelOp parallel) {
  if (parallel->getNumOperands() != 0 || !parallel.getRegion().hasOneBlock())
    return {};
  Block &block = parallel.getRegion().front();
  if (block.getNumArguments() != 0)
    return {};
  omp::WsloopOp wsloop;
  for (Operation &op : block.without_terminator()) {
    if (auto loop = dyn_cast<omp::WsloopOp>(op); loop && !wsloop)
      wsloop = loop;
    else if (wsloop || !isPerThreadSetUp(op))
      return {};
  }
  if (!wsloop || wsloop->getNumOperands() != 0 ||
      !wsloop.getRegion().hasOneBlock() ||
      wsloop.getRegion().front().getOperations().size() != 1)
    return {};
  auto loop = dyn_cast<omp::LoopNestOp>(wsloop.getRegion().front().front());
  if (!loop || loop.getLoopLowerBounds().size() != 1 ||
      loop.getLoopInclusive())
    return {};
  return loop;
}

LLVM::LLVMFuncOp getOrDeclareRuntime(ModuleOp module, OpBuilder &b) {
  if (auto function = module.lookupSymbol<LLVM::LLVMFuncOp>(kRuntimeFunction))
    return function;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  MLIRContext *ctx = b.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                          {ptr, ptr, b.getI64Type()});
  return LLVM::LLVMFuncOp::create(b, module.getLoc(), kRuntimeFunction, type);
}

struct SpikeOutlineParallel
    : spike::impl::SpikeOutlineParallelBase<SpikeOutlineParallel> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Inner loops first: an outer body then holds the inner loop's call.
    SmallVector<omp::ParallelOp> loops;
    module.walk<WalkOrder::PostOrder>(
        [&](omp::ParallelOp op) { loops.push_back(op); });
    for (omp::ParallelOp parallel : loops)
      if (failed(outline(module, parallel)))
        return signalPassFailure();
  }

  LogicalResult outline(ModuleOp module, omp::ParallelOp parallel) {
    omp::LoopNestOp loop = getOnlyLoop(parallel);
    if (!loop)
      return parallel.emitOpError()
             << "is not a one-dimensional worksharing loop without clauses; "
                "spike-outline-parallel cannot lower it";
    auto parent = parallel->getParentOfType<LLVM::LLVMFuncOp>();
    Value lower = loop.getLoopLowerBounds()[0];
    Value upper = loop.getLoopUpperBounds()[0];
    Value step = loop.getLoopSteps()[0];
    Type indexType = lower.getType();
    if (!parent || !indexType.isInteger(64))
      return parallel.emitOpError()
             << "must be in an llvm.func with i64 loop bounds";

    // The per-thread set-up in front of the loop, what it and the body use
    // from outside, and the two bounds the iterations need.
    SmallVector<Operation *> setUp;
    for (Operation &op : parallel.getRegion().front().without_terminator())
      if (!isa<omp::WsloopOp>(op))
        setUp.push_back(&op);
    llvm::SetVector<Value> used;
    getUsedValuesDefinedAbove(loop.getRegion(), used);
    for (Operation *op : setUp)
      used.insert(op->operand_begin(), op->operand_end());
    used.insert(lower);
    used.insert(step);
    SmallVector<Value> passed, rematerialized;
    for (Value value : used) {
      if (value.getParentRegion() == &parallel.getRegion())
        continue; // made by the set-up
      (isRematerializable(value.getDefiningOp()) ? rematerialized : passed)
          .push_back(value);
    }

    MLIRContext *ctx = &getContext();
    Location loc = parallel.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    SmallVector<Type> fields;
    for (Value value : passed)
      fields.push_back(value.getType());
    auto contextType = LLVM::LLVMStructType::getLiteral(ctx, fields);
    OpBuilder b(ctx);

    // The outlined function.
    b.setInsertionPointAfter(parent);
    std::string name =
        (parent.getName() + "_parallel" + Twine(counter++)).str();
    auto functionType = LLVM::LLVMFunctionType::get(
        LLVM::LLVMVoidType::get(ctx), {ptr, indexType, indexType});
    auto outlined = LLVM::LLVMFuncOp::create(b, loc, name, functionType,
                                             LLVM::Linkage::Internal);
    Block *entry = outlined.addEntryBlock(b);
    Value context = entry->getArgument(0), begin = entry->getArgument(1),
          end = entry->getArgument(2);
    IRMapping mapping;
    b.setInsertionPointToStart(entry);
    for (Value value : rematerialized)
      mapping.map(value, b.clone(*value.getDefiningOp())->getResult(0));
    for (auto [i, value] : llvm::enumerate(passed)) {
      Value field = LLVM::GEPOp::create(
          b, loc, ptr, contextType, context,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
      mapping.map(value, LLVM::LoadOp::create(b, loc, value.getType(), field));
    }
    for (Operation *op : setUp)
      b.clone(*op, mapping);

    // header(%i): %i < %end ? body(%lb + %i * %s) : exit
    Region &body = outlined.getBody();
    Block *header = b.createBlock(&body, body.end(), {indexType}, {loc});
    Block *exit = b.createBlock(&body, body.end());
    LLVM::ReturnOp::create(b, loc, ValueRange{});
    b.setInsertionPointToEnd(entry);
    LLVM::BrOp::create(b, loc, ValueRange{begin}, header);

    // The body's blocks go between the header and the exit.
    loop.getRegion().cloneInto(&body, Region::iterator(exit), mapping);
    Block *firstBodyBlock = header->getNextNode();
    b.setInsertionPointToEnd(header);
    Value index = header->getArgument(0);
    Value more = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::slt, index,
                                      end);
    Value offset = LLVM::MulOp::create(b, loc, index, mapping.lookup(step));
    Value iv = LLVM::AddOp::create(b, loc, mapping.lookup(lower), offset);
    LLVM::CondBrOp::create(b, loc, more, firstBodyBlock, ValueRange{iv}, exit,
                           ValueRange{});
    // omp.yield ends an iteration: on to the next.
    SmallVector<omp::YieldOp> yields;
    for (Block *block = firstBodyBlock; block != exit;
         block = block->getNextNode())
      if (auto yield = dyn_cast<omp::YieldOp>(block->getTerminator()))
        yields.push_back(yield);
    for (omp::YieldOp yield : yields) {
      if (yield->getNumOperands() != 0)
        return parallel.emitOpError() << "has a loop body that yields values";
      b.setInsertionPoint(yield);
      Value one = LLVM::ConstantOp::create(b, loc, indexType,
                                           b.getIntegerAttr(indexType, 1));
      Value next = LLVM::AddOp::create(b, loc, index, one);
      LLVM::BrOp::create(b, loc, ValueRange{next}, header);
      yield.erase();
    }

    // The call that replaces the loop.
    b.setInsertionPoint(parallel);
    Value one = LLVM::ConstantOp::create(b, loc, b.getI64Type(),
                                         b.getI64IntegerAttr(1));
    Value packed =
        LLVM::AllocaOp::create(b, loc, ptr, contextType, one, /*alignment=*/0);
    for (auto [i, value] : llvm::enumerate(passed)) {
      Value field = LLVM::GEPOp::create(
          b, loc, ptr, contextType, packed,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
      LLVM::StoreOp::create(b, loc, value, field);
    }
    // ceil((upper - lower) / step) iterations; steps are positive.
    Value stepOne = LLVM::ConstantOp::create(b, loc, indexType,
                                             b.getIntegerAttr(indexType, 1));
    Value span = LLVM::SubOp::create(b, loc, upper, lower);
    Value rounded = LLVM::SubOp::create(
        b, loc, LLVM::AddOp::create(b, loc, span, step), stepOne);
    Value iterations = LLVM::SDivOp::create(b, loc, rounded, step);
    LLVM::LLVMFuncOp runtime = getOrDeclareRuntime(module, b);
    Value function = LLVM::AddressOfOp::create(b, loc, outlined);
    LLVM::CallOp::create(b, loc, runtime,
                         ValueRange{function, packed, iterations});
    parallel.erase();
    return success();
  }

  unsigned counter = 0;
};

} // namespace
