//===- SpikeToLinalg.cpp - the convert-spike-to-linalg pass ---------------===//

#include "spike/Support/Limits.h"
#include "spike/Conversion/SpikeToLinalg/SpikeToLinalg.h"

#include "Lowerings.h"
#include "spike/Codegen/CPU/CPUStrategy.h"
#include "spike/Conversion/Passes.h"
#include "spike/Conversion/SpikeToLinalg/Packing.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "convert-spike-to-linalg"

namespace mlir::spike {
#define GEN_PASS_DEF_CONVERTSPIKETOLINALG
#include "spike/Conversion/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;
using namespace mlir::spike;

//===----------------------------------------------------------------------===//
// Type conversion
//===----------------------------------------------------------------------===//

/// Spike tensor types that the lowering packs: static, rank >= 1.
static bool isPackableSpikeType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() >= 1 && tensor.hasStaticShape() &&
         (isBinarySpikeTensor(tensor) || isTernarySpikeTensor(tensor));
}

SpikeTypeConverter::SpikeTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    return isPackableSpikeType(type) ? getPackedType(type) : type;
  });
  // Packed -> spikes, where a converted value meets unconverted code.
  addSourceMaterialization([](OpBuilder &b, Type resultType, ValueRange inputs,
                              Location loc) -> Value {
    if (inputs.size() != 1 || !isPackableSpikeType(resultType))
      return {};
    auto spikeType = cast<RankedTensorType>(resultType);
    int64_t features = spikeType.getShape().back();
    if (isBinarySpikeTensor(spikeType))
      return unpackBinary(b, loc, inputs[0], features);
    return unpackTernary(b, loc, inputs[0], features);
  });
  // Spikes -> packed, where unconverted code feeds a converted op.
  addTargetMaterialization([](OpBuilder &b, Type resultType, ValueRange inputs,
                              Location loc) -> Value {
    if (inputs.size() != 1 || !isPackableSpikeType(inputs[0].getType()) ||
        getPackedType(cast<RankedTensorType>(inputs[0].getType())) !=
            resultType)
      return {};
    if (isBinarySpikeTensor(inputs[0].getType()))
      return packBinary(b, loc, inputs[0]);
    return packTernary(b, loc, inputs[0]);
  });
}

void mlir::spike::populateSpikeToLinalgPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns,
    const SpikeToLinalgOptions &options) {
  populateNeuronLoweringPatterns(typeConverter, patterns);
  populateSynapseLoweringPatterns(typeConverter, patterns, options);
  populateAttentionLoweringPatterns(typeConverter, patterns, options);
  populatePoolLoweringPatterns(typeConverter, patterns);
  populateBitwiseLoweringPatterns(typeConverter, patterns, options);
  populateGraphLoweringPatterns(typeConverter, patterns);
  populateTimeLoopLoweringPatterns(typeConverter, patterns);
}

//===----------------------------------------------------------------------===//
// Helpers shared by the op families
//===----------------------------------------------------------------------===//

Value mlir::spike::createF32Constant(OpBuilder &b, Location loc,
                                     ArrayRef<int64_t> shape,
                                     ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, values));
}

std::optional<SmallVector<float>>
mlir::spike::getConstantF32Values(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) ||
      !attr.getElementType().isF32() ||
      !hasAtMostElements(attr.getType().getShape(), kMaxFoldedElements))
    return std::nullopt;
  return llvm::to_vector(attr.getValues<float>());
}

Value mlir::spike::transposeMatrix(OpBuilder &b, Location loc, Value matrix) {
  auto type = cast<RankedTensorType>(matrix.getType());
  int64_t rows = type.getDimSize(0), columns = type.getDimSize(1);
  if (auto values = getConstantF32Values(matrix)) {
    SmallVector<float> transposed(values->size());
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < columns; ++c)
        transposed[c * rows + r] = (*values)[r * columns + c];
    return createF32Constant(b, loc, {columns, rows}, transposed);
  }
  return transposeInnermost(b, loc, matrix);
}

Value mlir::spike::elementwise(
    OpBuilder &b, Location loc, RankedTensorType type, ValueRange inputs,
    ArrayRef<AffineMap> inputMaps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(),
                                       type.getElementType());
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(type.getRank()));
  return linalg::GenericOp::create(
             b, loc, type, inputs, init, maps,
             SmallVector<utils::IteratorType>(type.getRank(),
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, body(nb, nl, args));
             })
      .getResult(0);
}

Value mlir::spike::mapElements(
    OpBuilder &b, Location loc, Value value,
    function_ref<Value(OpBuilder &, Location, Value)> fn) {
  auto type = cast<RankedTensorType>(value.getType());
  return elementwise(b, loc, type, value,
                     b.getMultiDimIdentityMap(type.getRank()),
                     [&](OpBuilder &nb, Location nl, ValueRange args) {
                       return fn(nb, nl, args[0]);
                     });
}

/// A [rows, columns] f32 tensor holding `bias` along dimension `biasDim`
/// (repeated along the other), or zeros when `bias` is null.
static Value broadcastBias(OpBuilder &b, Location loc, Value bias,
                           int64_t rows, int64_t columns, unsigned biasDim) {
  if (!bias)
    return createFilledTensor(b, loc, {rows, columns}, b.getF32FloatAttr(0));
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{rows, columns},
                                       b.getF32Type());
  MLIRContext *ctx = b.getContext();
  AffineMap biasMap = AffineMap::get(2, 0, getAffineDimExpr(biasDim, ctx), ctx);
  return linalg::GenericOp::create(
             b, loc, init.getType(), bias, init,
             {biasMap, b.getMultiDimIdentityMap(2)},
             {utils::IteratorType::parallel, utils::IteratorType::parallel},
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, args[0]);
             })
      .getResult(0);
}

Value mlir::spike::broadcastRows(OpBuilder &b, Location loc, Value bias,
                                 int64_t rows, int64_t columns) {
  return broadcastBias(b, loc, bias, rows, columns, /*biasDim=*/1);
}

Value mlir::spike::broadcastColumns(OpBuilder &b, Location loc, Value bias,
                                    int64_t rows, int64_t columns) {
  return broadcastBias(b, loc, bias, rows, columns, /*biasDim=*/0);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

struct ConvertSpikeToLinalg
    : spike::impl::ConvertSpikeToLinalgBase<ConvertSpikeToLinalg> {
  using Base::Base;

  void runOnOperation() override {
    // The lowering computes loop bounds, packed sizes and constant weight
    // layouts at compile time.
    WalkResult dynamic = getOperation()->walk([](Operation *op) {
      if (!isa_and_nonnull<SpikeDialect>(op->getDialect()))
        return WalkResult::advance();
      for (Type type : llvm::concat<Type>(llvm::to_vector(op->getOperandTypes()),
                                          llvm::to_vector(op->getResultTypes())))
        if (!cast<ShapedType>(type).hasStaticShape()) {
          LLVM_DEBUG(llvm::dbgs() << "rejecting " << op->getName() << " at "
                                  << op->getLoc() << ": dynamic shape "
                                  << type << "\n");
          op->emitOpError()
              << "cannot be lowered by --convert-spike-to-linalg: it needs "
                 "static shapes, got "
              << type;
          return WalkResult::interrupt();
        }
      return WalkResult::advance();
    });
    if (dynamic.wasInterrupted())
      return signalPassFailure();

    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<SpikeDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    // Spikes converted to f32 are unpacked from the words directly.
    target.addDynamicallyLegalOp<arith::UIToFPOp, arith::SIToFPOp>(
        [](Operation *op) { return !isSpikeCast(op); });
    SpikeTypeConverter typeConverter;
    RewritePatternSet patterns(ctx);
    SpikeToLinalgOptions options;
    options.accumulate.lanes = accumulateLanes;
    options.accumulate.registers = accumulateRegisters;
    // 0: as the module's CPU strategy says (spike-select-cpu-strategy).
    if (accumulateLanes < 1 || accumulateRegisters < 1) {
      std::optional<CPUStrategy> strategy = getCPUStrategy(getOperation());
      if (!strategy) {
        getOperation()->emitError()
            << "convert-spike-to-linalg: accumulate-lanes/registers 0 need "
               "the module's " << kCPUStrategyAttrName
            << " (spike-select-cpu-strategy)";
        return signalPassFailure();
      }
      if (accumulateLanes < 1)
        options.accumulate.lanes = strategy->vectorWidth;
      if (accumulateRegisters < 1)
        options.accumulate.registers = strategy->accumulateRegisters;
    }
    options.accumulate.parallel = parallel;
    options.accumulate.wordsOuter = wordsOuter;
    options.accumulate.perOutput = perOutput;
    LLVM_DEBUG(llvm::dbgs()
               << "accumulation tiling: " << options.accumulate.lanes
               << " lanes x " << options.accumulate.registers << " registers"
               << (accumulateLanes < 1 || accumulateRegisters < 1
                       ? " (options of 0 from the CPU strategy)"
                       : "")
               << (parallel ? ", parallel" : "")
               << (wordsOuter ? ", words outer" : ", points outer")
               << (perOutput ? ", per output" : "") << "\n");
    populateSpikeToLinalgPatterns(typeConverter, patterns, options);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
