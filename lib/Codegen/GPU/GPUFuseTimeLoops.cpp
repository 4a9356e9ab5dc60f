//===- GPUFuseTimeLoops.cpp - time loops inside the parallel loops --------===//
//
// for t { parallel (p) {A}; parallel (p) {B} }  ->  parallel (p) { for t {A; B} }
// when every point p touches only its own locations (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "spike/Codegen/GPU/Passes.h"

#include "LoopBodies.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-gpu-fuse-time-loops"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEGPUFUSETIMELOOPS
#include "spike/Codegen/GPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;
using namespace mlir::spike;

namespace {

/// Where an access's point dimensions land: the buffer it goes through
/// subviews to, and per point dimension that buffer's dimension and offset.
struct Footprint {
  Value root;
  SmallVector<int64_t> dims;
  SmallVector<OpFoldResult> offsets;
};

/// The footprint of an access of `memref` whose first indices are the
/// point's coordinates, or nothing when the subviews on the way shift those
/// dimensions by something that changes with time, or stride them. Only
/// the coordinates that tell points apart (`distinguishes`: the dimension
/// has more than one point) count.
std::optional<Footprint> footprint(Value memref, ArrayRef<bool> distinguishes,
                                   scf::ForOp time) {
  int64_t points = distinguishes.size();
  Builder builder(memref.getContext());
  Footprint result;
  for (int64_t d = 0; d < points; ++d) {
    result.dims.push_back(d);
    result.offsets.push_back(builder.getIndexAttr(0));
  }
  while (auto subview = memref.getDefiningOp<memref::SubViewOp>()) {
    llvm::SmallBitVector dropped = subview.getDroppedDims();
    // Source dimension of each result dimension.
    SmallVector<int64_t> sourceDims;
    for (int64_t d = 0, e = subview.getSourceType().getRank(); d < e; ++d)
      if (!dropped.test(d))
        sourceDims.push_back(d);
    for (int64_t p = 0; p < points; ++p) {
      int64_t source = sourceDims[result.dims[p]];
      result.dims[p] = source;
      if (!distinguishes[p])
        continue;
      OpFoldResult offset = subview.getMixedOffsets()[source];
      std::optional<int64_t> stride =
          getConstantIntValue(subview.getMixedStrides()[source]);
      if (!stride || *stride != 1)
        return std::nullopt;
      if (auto value = dyn_cast<Value>(offset); value && !isLoopInvariant(value, time))
        return std::nullopt;
      // Offsets add up; only equality is compared, so keep them symbolic
      // when both are not constants.
      std::optional<int64_t> inner = getConstantIntValue(result.offsets[p]);
      std::optional<int64_t> outer = getConstantIntValue(offset);
      if (inner && outer)
        result.offsets[p] = builder.getIndexAttr(*inner + *outer);
      else if (inner && *inner == 0)
        result.offsets[p] = offset;
      else if (!(outer && *outer == 0))
        return std::nullopt;
    }
    memref = subview.getSource();
  }
  result.root = memref;
  for (int64_t p = 0; p < points; ++p)
    if (!distinguishes[p])
      result.dims[p] = -1;
  return result;
}

/// The buffer under views (subview, reshapes, casts) of `memref`.
Value baseBuffer(Value memref) {
  while (Operation *def = memref.getDefiningOp()) {
    auto view = dyn_cast<ViewLikeOpInterface>(def);
    if (!view)
      break;
    memref = view.getViewSource();
  }
  return memref;
}

/// Whether the points of the `phases` (parallel loops of one iteration
/// space in `time`'s body) touch disjoint memory at every time step: every
/// load and store indexes its buffer with the point's coordinates first,
/// through subviews that keep those dimensions in place over time; the
/// buffers written are allocations that the body reaches through no other
/// view.
bool pointsAreIndependent(scf::ForOp time, ArrayRef<scf::ParallelOp> phases) {
  scf::ParallelOp first = phases.front();
  int64_t points = first.getNumLoops();
  // A dimension of one point tells no points apart (phases share bounds).
  SmallVector<bool> distinguishes;
  for (auto [lower, upper, step] : llvm::zip_equal(
           first.getLowerBound(), first.getUpperBound(), first.getStep())) {
    std::optional<int64_t> lb = getConstantIntValue(lower),
                           ub = getConstantIntValue(upper),
                           st = getConstantIntValue(step);
    distinguishes.push_back(!(lb && ub && st && *ub - *lb <= *st));
  }
  DenseMap<Value, Footprint> footprints;
  DenseSet<Value> written;
  SmallVector<Value> roots;
  auto reject = [&](Operation *op, StringRef why) {
    LLVM_DEBUG(llvm::dbgs() << "not fusing the loop at " << time.getLoc()
                            << ": " << op->getName() << " at " << op->getLoc()
                            << " " << why << "\n");
    return WalkResult::interrupt();
  };
  for (scf::ParallelOp phase : phases) {
    WalkResult result = phase.getBody()->walk([&](Operation *op) {
      Value memref;
      ValueRange indices;
      if (auto load = dyn_cast<memref::LoadOp>(op)) {
        memref = load.getMemRef();
        indices = load.getIndices();
      } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
        memref = store.getMemRef();
        indices = store.getIndices();
      } else if (isMemoryEffectFree(op) || isa<scf::ForOp, scf::IfOp,
                                               scf::WhileOp>(op) ||
                 op->hasTrait<OpTrait::IsTerminator>()) {
        return WalkResult::advance();
      } else {
        return reject(op, "has memory effects");
      }
      if (int64_t(indices.size()) < points)
        return reject(op, "has fewer indices than the point dimensions");
      for (int64_t p = 0; p < points; ++p)
        if (indices[p] != phase.getInductionVars()[p])
          return reject(op, "is not indexed by the point first");
      std::optional<Footprint> place = footprint(memref, distinguishes, time);
      if (!place)
        return reject(op, "goes through a subview that moves with time or "
                          "strides");
      auto [it, inserted] = footprints.try_emplace(place->root, *place);
      if (!inserted && (it->second.dims != place->dims ||
                        it->second.offsets != place->offsets))
        return reject(op, "reaches its buffer at another place than other "
                          "accesses");
      if (inserted)
        roots.push_back(place->root);
      if (isa<memref::StoreOp>(op))
        written.insert(place->root);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return false;
  }
  for (Value root : written) {
    if (!root.getDefiningOp<memref::AllocOp>()) {
      LLVM_DEBUG(llvm::dbgs() << "not fusing the loop at "
                              << time.getLoc() << ": a buffer written at "
                              << root.getLoc() << " is not a memref.alloc\n");
      return false;
    }
    for (Value other : roots)
      if (other != root && baseBuffer(other) == root) {
        LLVM_DEBUG(llvm::dbgs() << "not fusing the loop at "
                                << time.getLoc() << ": the buffer at "
                                << root.getLoc()
                                << " is also accessed through a view\n");
        return false;
      }
  }
  return true;
}

/// `time`'s body if it is a LoopBody whose phases share one iteration
/// space and whose buffers are freed in the same step: one buffer can then
/// serve all steps (a new one's contents are undefined, so reusing the last
/// step's is the same).
std::optional<LoopBody> analyzeTimeBody(scf::ForOp time) {
  auto reject = [&](StringRef why) -> std::optional<LoopBody> {
    LLVM_DEBUG(llvm::dbgs() << "not fusing the loop at " << time.getLoc()
                            << ": " << why << "\n");
    return std::nullopt;
  };
  if (time.getNumResults() != 0)
    return reject("it has results");
  std::optional<LoopBody> body = analyzeLoopBody(time, *time.getBody());
  if (!body)
    return reject("its body is not parallel loops, buffers and pure ops");
  if (body->deallocs.size() != body->buffers.size())
    return reject("not every buffer of a step is freed in the step");
  auto same = [](ValueRange a, ValueRange b) {
    return llvm::equal(a, b, [](Value x, Value y) {
      std::optional<int64_t> cx = getConstantIntValue(x);
      return x == y || (cx && cx == getConstantIntValue(y));
    });
  };
  scf::ParallelOp first = body->phases.front();
  for (scf::ParallelOp phase : body->phases)
    if (!same(first.getLowerBound(), phase.getLowerBound()) ||
        !same(first.getUpperBound(), phase.getUpperBound()) ||
        !same(first.getStep(), phase.getStep()))
      return reject("its parallel loops have different bounds");
  return body;
}

void fuse(scf::ForOp time, LoopBody &body) {
  // The per-step buffers: one for all steps, freed after them.
  for (memref::AllocOp alloc : body.buffers)
    alloc->moveBefore(time);
  OpBuilder b(time);
  Location loc = time.getLoc();
  b.setInsertionPointAfter(time);
  for (memref::DeallocOp dealloc : body.deallocs) {
    memref::DeallocOp::create(b, dealloc.getLoc(), dealloc.getMemref());
    dealloc.erase();
  }
  b.setInsertionPoint(time);
  scf::ParallelOp first = body.phases.front();
  auto bounds = [&](ValueRange values) {
    SmallVector<Value> result;
    for (Value value : values)
      result.push_back(hoistInvariant(b, value, time));
    return result;
  };
  auto points = scf::ParallelOp::create(b, loc, bounds(first.getLowerBound()),
                                        bounds(first.getUpperBound()),
                                        bounds(first.getStep()));
  b.setInsertionPointToStart(points.getBody());
  auto steps = scf::ForOp::create(b, loc, time.getLowerBound(),
                                  time.getUpperBound(), time.getStep());
  b.setInsertionPoint(steps.getBody()->getTerminator());
  IRMapping mapping;
  mapping.map(time.getInductionVar(), steps.getInductionVar());
  for (Operation &op : time.getBody()->without_terminator()) {
    auto phase = dyn_cast<scf::ParallelOp>(op);
    if (!phase) {
      b.clone(op, mapping);
      continue;
    }
    for (auto [from, to] :
         llvm::zip_equal(phase.getInductionVars(), points.getInductionVars()))
      mapping.map(from, to);
    for (Operation &inner : phase.getBody()->without_terminator())
      b.clone(inner, mapping);
  }
  time.erase();
}

struct SpikeGPUFuseTimeLoops
    : spike::impl::SpikeGPUFuseTimeLoopsBase<SpikeGPUFuseTimeLoops> {
  using Base::Base;

  void runOnOperation() override {
    // Host-level loops only: not inside a parallel loop or a launch.
    SmallVector<scf::ForOp> loops;
    getOperation().walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa<scf::ParallelOp, gpu::LaunchOp>(op))
        return WalkResult::skip();
      if (auto loop = dyn_cast<scf::ForOp>(op))
        loops.push_back(loop);
      return WalkResult::advance();
    });
    for (scf::ForOp time : loops) {
      std::optional<LoopBody> body = analyzeTimeBody(time);
      if (body && pointsAreIndependent(time, body->phases)) {
        LLVM_DEBUG(llvm::dbgs() << "fusing the loop at " << time.getLoc()
                                << ": " << body->phases.size()
                                << " parallel loops, " << body->buffers.size()
                                << " buffers\n");
        fuse(time, *body);
      }
    }
  }
};

} // namespace
