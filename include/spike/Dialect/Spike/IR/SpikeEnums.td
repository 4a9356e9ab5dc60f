//===- SpikeEnums.td - enum attributes of the spike dialect -*- tablegen -*-===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKEENUMS_TD
#define SPIKE_DIALECT_SPIKE_IR_SPIKEENUMS_TD

include "mlir/IR/EnumAttr.td"
include "spike/Dialect/Spike/IR/SpikeDialect.td"

def Spike_CompareMode : I32EnumAttr<"CompareMode",
    "how a binary neuron compares its membrane with the threshold", [
      I32EnumAttrCase<"ge", 0>,  // fires when h >= v_threshold
      I32EnumAttrCase<"gt", 1>   // fires when h > v_threshold (NIR, Norse)
    ]> {
  let cppNamespace = "::mlir::spike";
  let genSpecializedAttr = 0;
}
def Spike_CompareModeAttr
    : EnumAttr<Spike_Dialect, Spike_CompareMode, "compare"> {
  let assemblyFormat = "`<` $value `>`";
}

def Spike_ResetMode : I32EnumAttr<"ResetMode",
    "what a neuron's membrane becomes after it fires", [
      I32EnumAttrCase<"hard", 0>,  // v = v_reset
      I32EnumAttrCase<"soft", 1>,  // v = h - s * v_threshold
      I32EnumAttrCase<"none", 2>   // v = h
    ]> {
  let cppNamespace = "::mlir::spike";
  let genSpecializedAttr = 0;
}
def Spike_ResetModeAttr : EnumAttr<Spike_Dialect, Spike_ResetMode, "reset"> {
  let assemblyFormat = "`<` $value `>`";
}

def Spike_AttentionOrder : I32EnumAttr<"AttentionOrder",
    "evaluation order of a softmax-free attention", [
      I32EnumAttrCase<"scores_first", 0>,  // (q kᵀ) v: O(N² D)
      I32EnumAttrCase<"kv_first", 1>       // q (kᵀ v): O(N D Dv / heads)
    ]> {
  let cppNamespace = "::mlir::spike";
  let genSpecializedAttr = 0;
}
def Spike_AttentionOrderAttr
    : EnumAttr<Spike_Dialect, Spike_AttentionOrder, "attention_order"> {
  let assemblyFormat = "`<` $value `>`";
}

// Not an attribute: how spike-reassociate-attention, the pipelines and
// spike-compile choose the order. `automatic` is spelled "auto".
def Spike_AttentionOrderPolicy : I32EnumAttr<"AttentionOrderPolicy",
    "how the evaluation order of each attention is chosen", [
      I32EnumAttrCase<"automatic", 0, "auto">,  // cheaper from static shapes
      I32EnumAttrCase<"scores_first", 1>,
      I32EnumAttrCase<"kv_first", 2>
    ]> {
  let cppNamespace = "::mlir::spike";
  let genSpecializedAttr = 0;
}

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKEENUMS_TD
