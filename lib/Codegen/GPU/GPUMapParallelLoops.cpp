//===- GPUMapParallelLoops.cpp - parallel loops to gpu.launch -------------===//
//
// One thread per iteration of an outermost scf.parallel, iterations
// linearized with the innermost dimension fastest; an outer loop whose body
// is a sequence of nested parallel loops is split into one launch per
// nested loop over both iteration spaces (see Passes.td).
//
// Upstream does the parts it has: the thread ids of a launch come from
// mapping an scf.forall with #gpu.thread<linear_dim_0> through
// mapOneForallToThreadsImpl (the transform dialect's map_nested_forall_to_
// threads, used as a utility as IREE's GPUDistribute does), the indices of
// an iteration from affine.delinearize_index. Ours is what it has not: a
// grid sized at run time (upstream's block mapping needs static trip counts)
// and the split of chained loops through scratch buffers.
//
//===----------------------------------------------------------------------===//

#include "spike/Codegen/GPU/Passes.h"

#include "LoopBodies.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/TransformOps/GPUTransformOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
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

/// Maps the induction variables of `loops` (outermost first) to the
/// iteration `linear` of their combined iteration space, innermost
/// dimension fastest. `linear` is below the iteration count, so the
/// outermost dimension needs no bound.
void delinearize(OpBuilder &b, Location loc, Value linear,
                 ArrayRef<scf::ParallelOp> loops,
                 ArrayRef<SmallVector<Value>> counts, IRMapping &mapping) {
  SmallVector<OpFoldResult> basis;
  for (ArrayRef<Value> loopCounts : counts)
    for (Value count : loopCounts)
      basis.push_back(getAsOpFoldResult(count));
  auto positions = affine::AffineDelinearizeIndexOp::create(
      b, loc, linear, ArrayRef(basis).drop_front(), /*hasOuterBound=*/false);
  unsigned next = 0;
  for (scf::ParallelOp loop : loops) {
    for (unsigned d = 0; d < loop.getNumLoops(); ++d) {
      Value iv = b.createOrFold<arith::AddIOp>(
          loc, loop.getLowerBound()[d],
          b.createOrFold<arith::MulIOp>(loc, positions.getResult(next++),
                                        loop.getStep()[d]));
      mapping.map(loop.getInductionVars()[d], iv);
    }
  }
}

/// A launch of `total` threads at the rewriter's insertion point (none if
/// `total` is 0); `body` builds the work of thread `linear` (threads past
/// `total` do nothing). Fails, with a diagnostic, if upstream's thread
/// mapping does.
LogicalResult buildLaunch(RewriterBase &rewriter, Location loc, Value total,
                          int64_t blockSize,
                          function_ref<void(OpBuilder &, Value)> body) {
  // No thread: no launch. A small loop gets one block of just enough whole
  // warps.
  int64_t threads = blockSize;
  std::optional<int64_t> known = getConstantIntValue(total);
  if (known) {
    if (*known == 0) {
      LLVM_DEBUG(llvm::dbgs() << "  no launch: 0 threads\n");
      return success();
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
  Value one = constantIndex(rewriter, loc, 1);
  Value threadCount = constantIndex(rewriter, loc, threads);
  // At least one block: a grid of zero blocks is an error to launch.
  Value blocks = rewriter.createOrFold<arith::MaxUIOp>(
      loc, rewriter.createOrFold<arith::CeilDivUIOp>(loc, total, threadCount),
      one);
  auto launch = gpu::LaunchOp::create(rewriter, loc, blocks, one, one,
                                      threadCount, one, one);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(&launch.getBody().front());
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.setInsertionPointToStart(&launch.getBody().front());

  // The threads of a block as a forall that upstream maps to thread ids.
  auto threadMapping = rewriter.getArrayAttr(gpu::GPUThreadMappingAttr::get(
      rewriter.getContext(), gpu::MappingId::LinearDim0));
  auto threadLoop = scf::ForallOp::create(
      rewriter, loc, ArrayRef<OpFoldResult>{rewriter.getIndexAttr(threads)},
      ValueRange{}, threadMapping,
      [&](OpBuilder &b, Location loc, ValueRange ivs) {
        Value linear = arith::AddIOp::create(
            b, loc,
            arith::MulIOp::create(b, loc, launch.getBlockIds().x,
                                  threadCount),
            ivs[0]);
        Value inRange = arith::CmpIOp::create(
            b, loc, arith::CmpIPredicate::ult, linear, total);
        auto ifOp = scf::IfOp::create(b, loc, inRange, /*withElseRegion=*/false);
        b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
        body(b, linear);
        b.setInsertionPointToEnd(ifOp->getBlock());
        scf::InParallelOp::create(b, loc);
      });
  DiagnosedSilenceableFailure mapped =
      transform::gpu::mapOneForallToThreadsImpl(
          rewriter, /*transformOp=*/std::nullopt, threadLoop,
          /*blockSizes=*/{threads, 1, 1}, kWarp,
          /*syncAfterDistribute=*/false);
  if (!mapped.succeeded()) {
    // Without a transform op to report to, the failure is reported on the
    // forall; a silenceable one still needs reporting.
    if (mapped.isSilenceableFailure())
      (void)mapped.silence();
    return launch.emitOpError("could not map its threads");
  }
  return success();
}

/// Replaces `loop` by a launch of one thread per iteration.
LogicalResult mapToLaunch(RewriterBase &rewriter, scf::ParallelOp loop,
                          int64_t blockSize) {
  rewriter.setInsertionPoint(loop);
  Location loc = loop.getLoc();
  SmallVector<Value> counts = tripCounts(rewriter, loc, loop);
  Value total = product(rewriter, loc, counts);
  if (failed(buildLaunch(
          rewriter, loc, total, blockSize, [&](OpBuilder &tb, Value linear) {
            IRMapping mapping;
            delinearize(tb, loc, linear, {loop}, {counts}, mapping);
            for (Operation &op : loop.getBody()->without_terminator())
              tb.clone(op, mapping);
          })))
    return failure();
  rewriter.eraseOp(loop);
  return success();
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
LogicalResult splitToLaunches(RewriterBase &rewriter, scf::ParallelOp outer,
                              Split &split, int64_t blockSize) {
  rewriter.setInsertionPoint(outer);
  Location loc = outer.getLoc();
  Block *body = outer.getBody();
  SmallVector<Value> outerCounts = tripCounts(rewriter, loc, outer);
  if (!split.body.buffers.empty()) {
    // The iteration's index, at the start of the body: it selects the
    // buffers' slices.
    rewriter.setInsertionPointToStart(body);
    SmallVector<Value> positions;
    for (auto [d, iv] : llvm::enumerate(outer.getInductionVars()))
      positions.push_back(arith::DivUIOp::create(
          rewriter, loc,
          arith::SubIOp::create(rewriter, loc, iv, outer.getLowerBound()[d]),
          outer.getStep()[d]));
    SmallVector<OpFoldResult> basis =
        getAsOpFoldResult(ValueRange(outerCounts));
    Value iteration = affine::AffineLinearizeIndexOp::create(
        rewriter, loc, positions, ArrayRef(basis).drop_front(),
        /*disjoint=*/true);
    for (memref::AllocOp alloc : split.body.buffers) {
      MemRefType type = alloc.getType();
      int64_t bytes = sliceBytes(type);
      rewriter.setInsertionPoint(outer);
      Value scratch = memref::AllocOp::create(
          rewriter, alloc.getLoc(),
          MemRefType::get({split.iterations * bytes}, rewriter.getI8Type()),
          rewriter.getI64IntegerAttr(kScratchAlignment));
      rewriter.setInsertionPointAfter(outer);
      memref::DeallocOp::create(rewriter, alloc.getLoc(), scratch);
      rewriter.setInsertionPoint(alloc);
      Value shift = arith::MulIOp::create(
          rewriter, alloc.getLoc(), iteration,
          constantIndex(rewriter, alloc.getLoc(), bytes));
      rewriter.replaceOpWithNewOp<memref::ViewOp>(alloc, type, scratch, shift,
                                                  ValueRange{});
    }
  }
  for (memref::DeallocOp dealloc : split.body.deallocs)
    rewriter.eraseOp(dealloc);

  // One launch per phase, in order: the stream runs them one after another.
  for (scf::ParallelOp phase : split.body.phases) {
    rewriter.setInsertionPoint(outer);
    SmallVector<Value> phaseCounts;
    for (Value count : tripCounts(rewriter, loc, phase))
      phaseCounts.push_back(hoistInvariant(rewriter, count, outer));
    Value total = rewriter.createOrFold<arith::MulIOp>(
        loc, product(rewriter, loc, outerCounts),
        product(rewriter, loc, phaseCounts));
    if (failed(buildLaunch(
            rewriter, loc, total, blockSize, [&](OpBuilder &tb, Value linear) {
              IRMapping mapping;
              delinearize(tb, loc, linear, {outer, phase},
                          {outerCounts, phaseCounts}, mapping);
              // The pure ops before the phase (unused ones fold away later).
              for (Operation &op : body->without_terminator()) {
                if (&op == phase.getOperation())
                  break;
                if (!isa<scf::ParallelOp>(op))
                  tb.clone(op, mapping);
              }
              for (Operation &op : phase.getBody()->without_terminator())
                tb.clone(op, mapping);
            })))
      return failure();
  }
  rewriter.eraseOp(outer);
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
    IRRewriter rewriter(&getContext());
    for (scf::ParallelOp loop : outermost) {
      if (loop.getNumResults() != 0) {
        loop.emitOpError("has reductions, which spike-gpu-map-parallel-loops "
                         "does not map to threads");
        return signalPassFailure();
      }
      LogicalResult mapped = success();
      if (std::optional<Split> split = analyzeSplit(loop)) {
        mapped = splitToLaunches(rewriter, loop, *split, blockSize);
      } else {
        LLVM_DEBUG(llvm::dbgs() << "one launch for the loop at "
                                << loop.getLoc() << "\n");
        mapped = mapToLaunch(rewriter, loop, blockSize);
      }
      if (failed(mapped))
        return signalPassFailure();
    }
  }
};

} // namespace
