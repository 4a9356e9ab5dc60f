//===- GPUMapParallelLoops.cpp - parallel loops to gpu.launch -------------===//
//
// One thread per iteration of an outermost scf.parallel, iterations
// linearized with the innermost dimension fastest; an outer loop whose body
// is a sequence of nested parallel loops is split into one launch per
// nested loop over both iteration spaces (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "spike/Codegen/GPU/Passes.h"

#include "LoopBodies.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-gpu-map-parallel-loops"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEGPUMAPPARALLELLOOPS
#include "spike/Codegen/GPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;
using namespace mlir::spike;

namespace {

constexpr int64_t kWarp = 32;
/// At most this much scratch memory for the expanded temporaries of one
/// split loop.
constexpr int64_t kMaxScratchBytes = int64_t(4) << 30;
constexpr int64_t kScratchAlignment = 64;

Value constantIndex(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// The trip counts of `loop`'s dimensions, ceil((ub - lb) / step) or zero,
/// built at `b` (folded where the bounds are constants).
SmallVector<Value> tripCounts(OpBuilder &b, Location loc,
                              scf::ParallelOp loop) {
  Value zero = constantIndex(b, loc, 0);
  SmallVector<Value> counts;
  for (auto [lower, upper, step] : llvm::zip_equal(
           loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
    Value span = b.createOrFold<arith::MaxSIOp>(
        loc, b.createOrFold<arith::SubIOp>(loc, upper, lower), zero);
    counts.push_back(b.createOrFold<arith::CeilDivUIOp>(loc, span, step));
  }
  return counts;
}

Value product(OpBuilder &b, Location loc, ArrayRef<Value> values) {
  Value total = constantIndex(b, loc, 1);
  for (Value value : values)
    total = b.createOrFold<arith::MulIOp>(loc, total, value);
  return total;
}

/// Maps `loop`'s induction variables to the iteration `linear` (innermost
/// dimension fastest) and returns what is left of `linear` for the
/// dimensions of enclosing loops (`outermost`: there are none, `linear` is
/// below the iteration count).
Value delinearize(OpBuilder &b, Location loc, Value linear,
                  scf::ParallelOp loop, ArrayRef<Value> counts,
                  IRMapping &mapping, bool outermost) {
  Value rest = linear;
  for (int64_t d = loop.getNumLoops() - 1; d >= 0; --d) {
    Value position = rest;
    if (d > 0 || !outermost) {
      position = b.createOrFold<arith::RemUIOp>(loc, rest, counts[d]);
      rest = b.createOrFold<arith::DivUIOp>(loc, rest, counts[d]);
    }
    Value iv = b.createOrFold<arith::AddIOp>(
        loc, loop.getLowerBound()[d],
        b.createOrFold<arith::MulIOp>(loc, position, loop.getStep()[d]));
    mapping.map(loop.getInductionVars()[d], iv);
  }
  return rest;
}

/// A launch of `total` threads at `b` (none if `total` is 0); `body` builds
/// the work of thread `linear` (threads past `total` do nothing).
void buildLaunch(OpBuilder &b, Location loc, Value total, int64_t blockSize,
                 function_ref<void(OpBuilder &, Value)> body) {
  // No thread: no launch. A small loop gets one block of just enough whole
  // warps.
  int64_t threads = blockSize;
  std::optional<int64_t> known = getConstantIntValue(total);
  if (known) {
    if (*known == 0) {
      LLVM_DEBUG(llvm::dbgs() << "  no launch: 0 threads\n");
      return;
    }
    threads = std::min(blockSize, int64_t(llvm::alignTo(*known, kWarp)));
  }
  LLVM_DEBUG({
    llvm::dbgs() << "  launch of " << threads << " threads per block, ";
    if (known)
      llvm::dbgs() << *known << " threads\n";
    else
      llvm::dbgs() << "thread count known at run time\n";
  });
  Value one = constantIndex(b, loc, 1);
  Value threadCount = constantIndex(b, loc, threads);
  // At least one block: a grid of zero blocks is an error to launch.
  Value blocks = b.createOrFold<arith::MaxUIOp>(
      loc, b.createOrFold<arith::CeilDivUIOp>(loc, total, threadCount), one);
  auto launch =
      gpu::LaunchOp::create(b, loc, blocks, one, one, threadCount, one, one);
  Block &launchBody = launch.getBody().front();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&launchBody);
  Value linear = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, launch.getBlockIds().x,
                            launch.getBlockSize().x),
      launch.getThreadIds().x);
  gpu::TerminatorOp::create(b, loc);
  b.setInsertionPoint(launchBody.getTerminator());
  Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                        linear, total);
  auto ifOp = scf::IfOp::create(b, loc, inRange, /*withElseRegion=*/false);
  b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
  body(b, linear);
}

/// Replaces `loop` by a launch of one thread per iteration.
void mapToLaunch(scf::ParallelOp loop, int64_t blockSize) {
  OpBuilder b(loop);
  Location loc = loop.getLoc();
  SmallVector<Value> counts = tripCounts(b, loc, loop);
  Value total = product(b, loc, counts);
  buildLaunch(b, loc, total, blockSize, [&](OpBuilder &tb, Value linear) {
    IRMapping mapping;
    delinearize(tb, loc, linear, loop, counts, mapping, /*outermost=*/true);
    for (Operation &op : loop.getBody()->without_terminator())
      tb.clone(op, mapping);
  });
  loop.erase();
}

/// The bytes of one slice of a scratch buffer standing for `type`.
int64_t sliceBytes(MemRefType type) {
  return llvm::alignTo(type.getNumElements() *
                           (type.getElementTypeBitWidth() / 8),
                       kScratchAlignment);
}

/// A buffer of a loop's body that can become a slice of one scratch buffer
/// with a slice per iteration: contiguous, whole bytes.
bool isExpandable(memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  return type.getLayout().isIdentity() && !type.getMemorySpace() &&
         type.getElementType().isIntOrFloat() &&
         type.getElementTypeBitWidth() % 8 == 0;
}

/// The split of a loop with constant bounds whose body is a LoopBody with
/// expandable buffers: its iteration count and body, or nothing.
struct Split {
  int64_t iterations = 1;
  LoopBody body;
};

std::optional<Split> analyzeSplit(scf::ParallelOp outer) {
  auto reject = [&](StringRef why) -> std::optional<Split> {
    LLVM_DEBUG(llvm::dbgs() << "not splitting the loop at " << outer.getLoc()
                            << ": " << why << "\n");
    return std::nullopt;
  };
  Split split;
  for (auto [lower, upper, step] : llvm::zip_equal(
           outer.getLowerBound(), outer.getUpperBound(), outer.getStep())) {
    std::optional<int64_t> lb = getConstantIntValue(lower),
                           ub = getConstantIntValue(upper),
                           st = getConstantIntValue(step);
    if (!lb || !ub || !st || *st <= 0)
      return reject("bounds not constant or step not positive");
    split.iterations *= std::max<int64_t>(0, llvm::divideCeil(*ub - *lb, *st));
    if (split.iterations > (int64_t(1) << 32))
      return reject("more than 2^32 iterations");
  }
  std::optional<LoopBody> body = analyzeLoopBody(outer, *outer.getBody());
  if (!body)
    return reject("its body is not parallel loops, buffers and pure ops");
  if (!llvm::all_of(body->buffers, isExpandable))
    return reject("a buffer is not contiguous, of whole-byte elements");
  int64_t scratch = 0;
  for (memref::AllocOp alloc : body->buffers)
    scratch += split.iterations * sliceBytes(alloc.getType());
  if (scratch > kMaxScratchBytes)
    return reject("scratch memory over 4 GiB");
  LLVM_DEBUG(llvm::dbgs() << "splitting the loop at " << outer.getLoc() << ": "
                          << split.iterations << " iterations, "
                          << body->phases.size() << " launches, "
                          << body->buffers.size() << " buffers in " << scratch
                          << " bytes of scratch\n");
  split.body = std::move(*body);
  return split;
}

/// Splits `outer` into one launch per phase over (outer iteration, phase
/// iteration), after giving each of its buffers one scratch buffer with a
/// slice per outer iteration.
void splitToLaunches(scf::ParallelOp outer, Split &split, int64_t blockSize) {
  OpBuilder b(outer);
  Location loc = outer.getLoc();
  Block *body = outer.getBody();
  SmallVector<Value> outerCounts = tripCounts(b, loc, outer);
  if (!split.body.buffers.empty()) {
    // The iteration's index, at the start of the body: it selects the
    // buffers' slices.
    b.setInsertionPointToStart(body);
    Value iteration = constantIndex(b, loc, 0);
    for (auto [d, iv] : llvm::enumerate(outer.getInductionVars())) {
      Value position = arith::DivUIOp::create(
          b, loc, arith::SubIOp::create(b, loc, iv, outer.getLowerBound()[d]),
          outer.getStep()[d]);
      iteration = arith::AddIOp::create(
          b, loc, arith::MulIOp::create(b, loc, iteration, outerCounts[d]),
          position);
    }
    for (memref::AllocOp alloc : split.body.buffers) {
      MemRefType type = alloc.getType();
      int64_t bytes = sliceBytes(type);
      b.setInsertionPoint(outer);
      Value scratch = memref::AllocOp::create(
          b, alloc.getLoc(),
          MemRefType::get({split.iterations * bytes}, b.getI8Type()),
          b.getI64IntegerAttr(kScratchAlignment));
      b.setInsertionPointAfter(outer);
      memref::DeallocOp::create(b, alloc.getLoc(), scratch);
      b.setInsertionPoint(alloc);
      Value shift = arith::MulIOp::create(
          b, alloc.getLoc(), iteration,
          constantIndex(b, alloc.getLoc(), bytes));
      Value view = memref::ViewOp::create(b, alloc.getLoc(), type, scratch,
                                          shift, ValueRange{});
      alloc.getResult().replaceAllUsesWith(view);
      alloc.erase();
    }
  }
  for (memref::DeallocOp dealloc : split.body.deallocs)
    dealloc.erase();

  // One launch per phase, in order: the stream runs them one after another.
  for (scf::ParallelOp phase : split.body.phases) {
    b.setInsertionPoint(outer);
    SmallVector<Value> phaseCounts;
    for (Value count : tripCounts(b, loc, phase))
      phaseCounts.push_back(hoistInvariant(b, count, outer));
    Value total = b.createOrFold<arith::MulIOp>(
        loc, product(b, loc, outerCounts), product(b, loc, phaseCounts));
    buildLaunch(b, loc, total, blockSize, [&](OpBuilder &tb, Value linear) {
      IRMapping mapping;
      Value rest = delinearize(tb, loc, linear, phase, phaseCounts, mapping,
                               /*outermost=*/false);
      delinearize(tb, loc, rest, outer, outerCounts, mapping,
                  /*outermost=*/true);
      // The pure ops before the phase (unused ones fold away later).
      for (Operation &op : body->without_terminator()) {
        if (&op == phase.getOperation())
          break;
        if (!isa<scf::ParallelOp>(op))
          tb.clone(op, mapping);
      }
      for (Operation &op : phase.getBody()->without_terminator())
        tb.clone(op, mapping);
    });
  }
  outer.erase();
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
    for (scf::ParallelOp loop : outermost) {
      if (loop.getNumResults() != 0) {
        loop.emitOpError("has reductions, which spike-gpu-map-parallel-loops "
                         "does not map to threads");
        return signalPassFailure();
      }
      if (std::optional<Split> split = analyzeSplit(loop)) {
        splitToLaunches(loop, *split, blockSize);
      } else {
        LLVM_DEBUG(llvm::dbgs() << "one launch for the loop at "
                                << loop.getLoc() << "\n");
        mapToLaunch(loop, blockSize);
      }
    }
  }
};

} // namespace
