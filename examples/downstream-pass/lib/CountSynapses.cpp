//===- CountSynapses.cpp - count-spike-synapses ---------------------------===//

#include "SynapseCount/Passes.h"

#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace synapse_count {
#define GEN_PASS_DEF_COUNTSPIKESYNAPSES
#include "SynapseCount/Passes.h.inc"
} // namespace synapse_count

using namespace mlir;

namespace {

/// The number of weights of a synapse op, or nothing when its weight shape
/// is not static.
std::optional<int64_t> synapseCount(Operation *op) {
  Value weight;
  if (auto linear = dyn_cast<spike::LinearOp>(op))
    weight = linear.getWeight();
  else if (auto conv = dyn_cast<spike::Conv2dOp>(op))
    weight = conv.getWeight();
  else
    return std::nullopt;
  auto type = cast<ShapedType>(weight.getType());
  if (!type.hasStaticShape())
    return std::nullopt;
  return type.getNumElements();
}

struct CountSpikeSynapses
    : synapse_count::impl::CountSpikeSynapsesBase<CountSpikeSynapses> {
  void runOnOperation() override {
    Builder builder(&getContext());
    getOperation().walk([&](func::FuncOp function) {
      int64_t layers = 0, total = 0;
      function.walk([&](Operation *op) {
        std::optional<int64_t> count = synapseCount(op);
        if (!count)
          return;
        op->setAttr("synapse_count.synapses", builder.getI64IntegerAttr(*count));
        ++layers;
        total += *count;
      });
      if (layers)
        function.emitRemark() << layers << " synapse layers, " << total
                              << " synapses";
    });
  }
};

} // namespace
