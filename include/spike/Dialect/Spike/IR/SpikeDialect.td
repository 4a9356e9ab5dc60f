//===- SpikeDialect.td - the spike dialect and its base classes -*- tablegen -*-===//

#ifndef SPIKE_DIALECT_SPIKE_IR_SPIKEDIALECT_TD
#define SPIKE_DIALECT_SPIKE_IR_SPIKEDIALECT_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/OpBase.td"

def Spike_Dialect : Dialect {
  let name = "spike";
  let cppNamespace = "::mlir::spike";
  let summary = "Spiking neural networks: neurons, synapses and addition-only attention";
  let description = [{
    The `spike` dialect describes spiking neural networks, above all spiking
    transformers with Accurate Addition-Only Spiking Self-Attention (A²OS²A:
    binary queries, ReLU keys, ternary values, no softmax; Guo et al., CVPR 2025).

    Values are ranked tensors:

    * binary spikes have element type `i1` (0 or 1);
    * ternary spikes have element type `i2`, read as two's complement and
      restricted to {-1, 0, +1};
    * real values (membrane potentials, weights, currents, ReLU outputs) are `f32`.

    Neuron ops are multi-step: dimension 0 of their operand and result is time
    `T`. Other ops treat leading dimensions as batch. Elementwise residual
    additions, reshapes and flattening use upstream `arith` and `tensor` ops.

    Shapes may be dynamic (`?`); the verifiers check every relation whose
    sizes are static.

    Discardable attributes of the dialect:

    * `spike.attention_order` (`#spike.attention_order<scores_first>` or
      `<kv_first>`) on a `spike.attention`: the evaluation order that the
      lowering must use, set by `--spike-reassociate-attention` (or by hand).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let hasConstantMaterializer = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// Name of the discardable attribute that fixes the evaluation order of
    /// a spike.attention.
    static constexpr ::llvm::StringLiteral kAttentionOrderAttrName =
        "spike.attention_order";
  }];
  let useDefaultAttributePrinterParser = 1;
}

/// Every attribute of a spike op is one of its own or dialect-prefixed
/// (`name.attr`); see SpikeTraits.h.
def Spike_StrictAttributes : NativeOpTrait<"StrictAttributes"> {
  let cppNamespace = "::mlir::spike::OpTrait";
}

/// Static element counts of operands and results fit in int64; see
/// SpikeTraits.h.
def Spike_BoundedShapes : NativeOpTrait<"BoundedShapes"> {
  let cppNamespace = "::mlir::spike::OpTrait";
}

/// Base class of every spike op.
class Spike_Op<string mnemonic, list<Trait> traits = []>
    : Op<Spike_Dialect, mnemonic,
         !listconcat(traits, [Spike_StrictAttributes, Spike_BoundedShapes])>;

/// A ranked tensor whose element type the op's verifier checks, so that the
/// message can name the operand ("input", "weight", ...) instead of its index.
class Spike_RankedTensor<string what>
    : Type<CPred<"::llvm::isa<::mlir::RankedTensorType>($_self)">,
           "ranked tensor of " # what, "::mlir::RankedTensorType">;

/// Neuron parameter: an f32 scalar, or dense f32 elements broadcastable to the
/// neuron shape `S...` (per-neuron values).
def Spike_NeuronParamAttr : Attr<
    Or<[CPred<"::llvm::isa<::mlir::FloatAttr>($_self) && "
              "::llvm::cast<::mlir::FloatAttr>($_self).getType().isF32()">,
        CPred<"::llvm::isa<::mlir::DenseFPElementsAttr>($_self) && "
              "::llvm::isa<::mlir::RankedTensorType>("
              "::llvm::cast<::mlir::DenseFPElementsAttr>($_self).getType()) && "
              "::llvm::cast<::mlir::DenseFPElementsAttr>($_self)"
              ".getElementType().isF32()">]>,
    "f32 scalar or dense f32 tensor broadcastable to the neuron shape"> {
  let storageType = "::mlir::TypedAttr";
  let returnType = "::mlir::TypedAttr";
  let convertFromStorage = "$_self";
  let constBuilderCall = "$_builder.getF32FloatAttr($0)";
}

/// A non-negative or positive f32 scalar attribute (epsilon, scale).
def Spike_F32ScalarAttr : TypedAttrBase<F32, "FloatAttr",
    CPred<"::llvm::isa<::mlir::FloatAttr>($_self) && "
          "::llvm::cast<::mlir::FloatAttr>($_self).getType().isF32()">,
    "32-bit float attribute"> {
  let returnType = "::llvm::APFloat";
  let convertFromStorage = "$_self.getValue()";
  let constBuilderCall = "::mlir::FloatAttr::get($_builder.getF32Type(), $0)";
}

#endif // SPIKE_DIALECT_SPIKE_IR_SPIKEDIALECT_TD
