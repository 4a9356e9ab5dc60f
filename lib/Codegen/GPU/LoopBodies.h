//===- LoopBodies.h - what the GPU loop passes move across loops ----------===//
//
// Shared by spike-gpu-map-parallel-loops and spike-gpu-fuse-time-loops.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_LIB_PIPELINES_LOOPBODIES_H
#define SPIKE_LIB_PIPELINES_LOOPBODIES_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

#include <optional>

namespace mlir::spike {

/// Whether `value` is the same in every iteration of `loop`: a constant, or
/// defined outside it.
bool isLoopInvariant(Value value, Operation *loop);

/// The loop-invariant index `value` usable at `b`, outside `loop`: itself,
/// or its constant made again.
Value hoistInvariant(OpBuilder &b, Value value, Operation *loop);

/// A loop body made of parallel loops (the phases: no results, bounds
/// invariant in the loop), static buffers allocated in it and their
/// deallocations there, and ops without memory effects or regions.
struct LoopBody {
  SmallVector<scf::ParallelOp> phases;
  SmallVector<memref::AllocOp> buffers;
  SmallVector<memref::DeallocOp> deallocs;
};

/// `loop`'s body as a LoopBody, or nothing if it holds anything else or no
/// phase.
std::optional<LoopBody> analyzeLoopBody(Operation *loop, Block &body);

} // namespace mlir::spike

#endif // SPIKE_LIB_PIPELINES_LOOPBODIES_H
