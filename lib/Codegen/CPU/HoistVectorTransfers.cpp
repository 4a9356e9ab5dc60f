//===- HoistVectorTransfers.cpp - keep accumulators in registers ----------===//

#include "spike/Codegen/CPU/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEHOISTVECTORTRANSFERS
#include "spike/Codegen/CPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {
struct SpikeHoistVectorTransfers
    : spike::impl::SpikeHoistVectorTransfersBase<SpikeHoistVectorTransfers> {
  using Base::Base;

  void runOnOperation() override {
    linalg::hoistRedundantVectorTransfers(getOperation());
  }
};
} // namespace
