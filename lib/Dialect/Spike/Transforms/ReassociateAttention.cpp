//===- ReassociateAttention.cpp - pick the cheaper attention order --------===//

#include "spike/Dialect/Spike/IR/SpikeOps.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-reassociate-attention"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEREASSOCIATEATTENTION
#include "spike/Dialect/Spike/Transforms/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;
using namespace mlir::spike;

namespace {

struct SpikeReassociateAttention
    : spike::impl::SpikeReassociateAttentionBase<SpikeReassociateAttention> {
  using Base::Base;

  void runOnOperation() override {
    std::optional<AttentionOrder> forced;
    if (order == AttentionOrderPolicy::scores_first)
      forced = AttentionOrder::scores_first;
    else if (order == AttentionOrderPolicy::kv_first)
      forced = AttentionOrder::kv_first;
    StringRef name = SpikeDialect::kAttentionOrderAttrName;
    getOperation()->walk([&](AttentionOp attention) {
      if (!forced && attention->hasAttr(name)) {
        LLVM_DEBUG(llvm::dbgs() << "attention at " << attention.getLoc()
                                << ": keeping its order "
                                << stringifyAttentionOrder(
                                       attention.getEvaluationOrder())
                                << "\n");
        return;
      }
      AttentionOrder chosen = forced ? *forced : attention.getCheaperOrder();
      LLVM_DEBUG({
        llvm::dbgs() << "attention at " << attention.getLoc() << ": "
                     << stringifyAttentionOrder(chosen)
                     << (forced ? " (forced)" : "");
        // getAdditionCount needs the static shapes getCheaperOrder compares.
        if (attention.getQ().getType().hasStaticShape() &&
            attention.getV().getType().hasStaticShape())
          llvm::dbgs() << ", additions scores_first "
                       << attention.getAdditionCount(
                              AttentionOrder::scores_first)
                       << ", kv_first "
                       << attention.getAdditionCount(AttentionOrder::kv_first);
        else
          llvm::dbgs() << ", dynamic shape";
        llvm::dbgs() << "\n";
      });
      attention->setAttr(name,
                         AttentionOrderAttr::get(&getContext(), chosen));
    });
  }
};

} // namespace
