//===- GPULaunchToLoops.cpp - kernels as host loops -----------------------===//

#include "spike/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-gpu-launch-to-loops"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEGPULAUNCHTOLOOPS
#include "spike/Codegen/GPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {

/// The launch's dimension `d` of a KernelDim3.
Value dimension(gpu::KernelDim3 values, gpu::Dimension d) {
  switch (d) {
  case gpu::Dimension::x:
    return values.x;
  case gpu::Dimension::y:
    return values.y;
  case gpu::Dimension::z:
    return values.z;
  }
  llvm_unreachable("a gpu::Dimension");
}

LogicalResult launchToLoops(gpu::LaunchOp launch) {
  if (launch.getAsyncToken() || !launch.getAsyncDependencies().empty() ||
      launch.getDynamicSharedMemorySize() || launch.hasClusterSize())
    return launch.emitOpError("is async, uses dynamic shared memory or "
                              "clusters: spike-gpu-launch-to-loops cannot "
                              "run it on the host");
  Region &body = launch.getBody();
  if (!body.hasOneBlock())
    return launch.emitOpError(
        "has a body of several blocks: spike-gpu-launch-to-loops cannot run "
        "it on the host");
  WalkResult synchronizing = body.walk([](Operation *op) {
    if (isa<gpu::BarrierOp, gpu::ShuffleOp, gpu::SubgroupReduceOp,
            gpu::AllReduceOp>(op))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  if (synchronizing.wasInterrupted() ||
      !launch.getWorkgroupAttributions().empty() ||
      !launch.getPrivateAttributions().empty())
    return launch.emitOpError("synchronizes its threads or has memory "
                              "attributions: spike-gpu-launch-to-loops "
                              "cannot run it on the host");

  // Of the GPU's queries, the host loops stand in for block and thread ids
  // and the grid and block sizes only (lane, subgroup, global ids: refused).
  WalkResult unknownQuery = body.walk([](Operation *op) {
    if (isa<gpu::GPUDialect>(op->getDialect()) &&
        !isa<gpu::BlockIdOp, gpu::ThreadIdOp, gpu::GridDimOp, gpu::BlockDimOp,
             gpu::TerminatorOp>(op))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  if (unknownQuery.wasInterrupted())
    return launch.emitOpError("uses a gpu op other than block/thread ids and "
                              "grid/block sizes: spike-gpu-launch-to-loops "
                              "cannot run it on the host");

  LLVM_DEBUG(llvm::dbgs() << "host loops for the launch at " << launch.getLoc()
                          << "\n");
  OpBuilder b(launch);
  Location loc = launch.getLoc();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
  gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
  // Outermost first: blocks z, y, x, then threads z, y, x.
  IRMapping mapping;
  const gpu::Dimension dims[] = {gpu::Dimension::z, gpu::Dimension::y,
                                 gpu::Dimension::x};
  DenseMap<std::pair<int, int>, Value> ids; // (0 block | 1 thread, dim)
  for (int level = 0; level < 2; ++level)
    for (gpu::Dimension d : dims) {
      Value size = dimension(level == 0 ? grid : block, d);
      auto loop = scf::ForOp::create(b, loc, zero, size, one);
      b.setInsertionPoint(loop.getBody()->getTerminator());
      mapping.map(dimension(level == 0 ? launch.getBlockIds()
                                       : launch.getThreadIds(),
                            d),
                  loop.getInductionVar());
      ids[{level, int(d)}] = loop.getInductionVar();
    }
  for (gpu::Dimension d : dims) {
    mapping.map(dimension(launch.getGridSize(), d), dimension(grid, d));
    mapping.map(dimension(launch.getBlockSize(), d), dimension(block, d));
  }
  SmallVector<Operation *> copies;
  for (Operation &op : body.front().without_terminator())
    copies.push_back(b.clone(op, mapping));
  // Id and size queries in the body, replaced once all is cloned (the
  // mapping refers to the copies of top-level queries).
  for (Operation *copy : copies) {
    copy->walk([&](Operation *inner) {
      Value replacement;
      if (auto id = dyn_cast<gpu::BlockIdOp>(inner))
        replacement = ids[{0, int(id.getDimension())}];
      else if (auto id = dyn_cast<gpu::ThreadIdOp>(inner))
        replacement = ids[{1, int(id.getDimension())}];
      else if (auto size = dyn_cast<gpu::GridDimOp>(inner))
        replacement = dimension(grid, size.getDimension());
      else if (auto size = dyn_cast<gpu::BlockDimOp>(inner))
        replacement = dimension(block, size.getDimension());
      if (replacement) {
        inner->getResult(0).replaceAllUsesWith(replacement);
        inner->erase();
      }
    });
  }
  launch.erase();
  return success();
}

struct SpikeGPULaunchToLoops
    : spike::impl::SpikeGPULaunchToLoopsBase<SpikeGPULaunchToLoops> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation().walk([&](gpu::LaunchOp launch) {
      launches.push_back(launch);
    });
    for (gpu::LaunchOp launch : launches)
      if (failed(launchToLoops(launch)))
        return signalPassFailure();
  }
};

} // namespace
