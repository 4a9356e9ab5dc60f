//===- GPUMapParallelLoops.cpp - parallel loops to gpu.launch -------------===//
//
// One thread per iteration of an outermost scf.parallel, iterations
// linearized with the innermost dimension fastest (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "spike/Pipelines/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEGPUMAPPARALLELLOOPS
#include "spike/Pipelines/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {

constexpr int64_t kWarp = 32;

Value constantIndex(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// Replaces `loop` by a launch of one thread per iteration.
LogicalResult mapToLaunch(scf::ParallelOp loop, int64_t blockSize) {
  if (loop.getNumResults() != 0)
    return loop.emitOpError(
        "has reductions, which spike-gpu-map-parallel-loops does not map "
        "to threads");
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  Value zero = constantIndex(b, loc, 0);
  // Trip counts: ceil((ub - lb) / step), zero for an empty range.
  SmallVector<Value> counts;
  Value total = constantIndex(b, loc, 1);
  for (auto [lower, upper, step] : llvm::zip_equal(
           loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    // Folded where the bounds are constants (the usual, static case).
    Value span = b.createOrFold<arith::MaxSIOp>(
        loc, b.createOrFold<arith::SubIOp>(loc, upper, lower), zero);
    Value count = b.createOrFold<arith::CeilDivUIOp>(loc, span, step);
    counts.push_back(count);
    total = b.createOrFold<arith::MulIOp>(loc, total, count);
  }
  std::optional<int64_t> staticTotal = getConstantIntValue(total);
  if (staticTotal && *staticTotal == 0) {
    loop.erase();
    return success();
  }
  // A small loop gets one block of just enough whole warps.
  int64_t threads = blockSize;
  if (staticTotal && *staticTotal < blockSize)
    threads = llvm::alignTo(*staticTotal, kWarp);
  Value one = constantIndex(b, loc, 1);
  Value threadCount = constantIndex(b, loc, threads);
  // At least one block: a grid of zero blocks is an error to launch.
  Value blocks = b.createOrFold<arith::MaxUIOp>(
      loc, b.createOrFold<arith::CeilDivUIOp>(loc, total, threadCount), one);
  auto launch =
      gpu::LaunchOp::create(b, loc, blocks, one, one, threadCount, one, one);

  Block &body = launch.getBody().front();
  b.setInsertionPointToStart(&body);
  Value linear = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, launch.getBlockIds().x,
                            launch.getBlockSize().x),
      launch.getThreadIds().x);
  gpu::TerminatorOp::create(b, loc);
  b.setInsertionPoint(body.getTerminator());
  Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                        linear, total);
  auto guard = scf::IfOp::create(b, loc, inRange, /*withElseRegion=*/false);
  b.setInsertionPoint(guard.thenBlock()->getTerminator());
  // Delinearize, innermost dimension fastest.
  IRMapping mapping;
  Value rest = linear;
  for (int64_t d = loop.getNumLoops() - 1; d >= 0; --d) {
    Value position = rest;
    if (d > 0) {
      position = b.createOrFold<arith::RemUIOp>(loc, rest, counts[d]);
      rest = b.createOrFold<arith::DivUIOp>(loc, rest, counts[d]);
    }
    Value iv = b.createOrFold<arith::AddIOp>(
        loc, loop.getLowerBound()[d],
        b.createOrFold<arith::MulIOp>(loc, position, loop.getStep()[d]));
    mapping.map(loop.getInductionVars()[d], iv);
  }
  for (Operation &op : loop.getBody()->without_terminator())
    b.clone(op, mapping);
  loop.erase();
  return success();
}

struct SpikeGPUMapParallelLoops
    : spike::impl::SpikeGPUMapParallelLoopsBase<SpikeGPUMapParallelLoops> {
  using Base::Base;

  void runOnOperation() override {
    if (blockSize < 1 || blockSize > 1024 || blockSize % kWarp != 0) {
      getOperation().emitError()
          << "spike-gpu-map-parallel-loops: block-size must be a multiple "
             "of 32 from 32 to 1024, got "
          << blockSize;
      return signalPassFailure();
    }
    SmallVector<scf::ParallelOp> outermost;
    getOperation().walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
        outermost.push_back(loop);
        return WalkResult::skip();
      }
      if (isa<gpu::LaunchOp>(op))
        return WalkResult::skip();
      return WalkResult::advance();
    });
    for (scf::ParallelOp loop : outermost)
      if (failed(mapToLaunch(loop, blockSize)))
        return signalPassFailure();
  }
};

} // namespace
