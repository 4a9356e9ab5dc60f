//===- HoistVectorTransfers.cpp - keep accumulators in registers ----------===//

#include "spike/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/VectorInterfaces.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-hoist-vector-transfers"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEHOISTVECTORTRANSFERS
#include "spike/Codegen/CPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {

#ifndef NDEBUG
/// Vector transfers inside loops under `root`: what hoisting may move out.
int64_t transfersInLoops(Operation *root) {
  int64_t count = 0;
  root->walk([&](VectorTransferOpInterface transfer) {
    if (transfer->getParentOfType<LoopLikeOpInterface>())
      ++count;
  });
  return count;
}
#endif

struct SpikeHoistVectorTransfers
    : spike::impl::SpikeHoistVectorTransfersBase<SpikeHoistVectorTransfers> {
  using Base::Base;

  void runOnOperation() override {
    [[maybe_unused]] int64_t before = 0;
    LLVM_DEBUG(before = transfersInLoops(getOperation()));
    linalg::hoistRedundantVectorTransfers(getOperation());
    LLVM_DEBUG(llvm::dbgs() << "@" << getOperation().getSymName()
                            << ": vector transfers in loops " << before
                            << " -> " << transfersInLoops(getOperation())
                            << "\n");
  }
};
} // namespace
