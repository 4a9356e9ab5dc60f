//===- TimeLoopLowering.cpp - spike.time_loop to scf.for ------------------===//
//
// The loop becomes an scf.for over T whose iteration arguments are the
// carried state followed by the stacked outputs; the body is moved into it
// with its arguments converted (time slices of the inputs, the carried
// values), and its spike.yield becomes insert_slices of this step's outputs
// plus scf.yield. Packed spikes keep time outside the packed dimension: binary
// [T, ..., W] slices dimension 0, ternary planes [2, T, ..., W] dimension 1.
//
//===----------------------------------------------------------------------===//

#include "Lowerings.h"
#include "spike/Conversion/SpikeToLinalg/Packing.h"
#include "spike/Dialect/Spike/IR/SpikeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::spike;

namespace {

/// The time dimension of a converted value whose unconverted type is
/// `original` (time leading).
int64_t timeDim(Type original) { return isTernarySpikeTensor(original) ? 1 : 0; }

/// Offsets/sizes/strides selecting step `t` of a converted tensor of type
/// `type` along `dim`.
struct StepSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  RankedTensorType sliceType;

  StepSlice(OpBuilder &b, RankedTensorType type, int64_t dim, Value t) {
    SmallVector<int64_t> shape;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      offsets.push_back(d == dim ? OpFoldResult(t) : b.getIndexAttr(0));
      sizes.push_back(b.getIndexAttr(d == dim ? 1 : type.getDimSize(d)));
      strides.push_back(b.getIndexAttr(1));
      if (d != dim)
        shape.push_back(type.getDimSize(d));
    }
    sliceType = RankedTensorType::get(shape, type.getElementType());
  }
};

struct TimeLoopLowering : OpConversionPattern<TimeLoopOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TimeLoopOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    const TypeConverter *converter = getTypeConverter();
    unsigned outputs = op.getNumOutputs();
    SmallVector<Type> resultTypes;
    if (failed(converter->convertTypes(op.getResultTypes(), resultTypes)))
      return rewriter.notifyMatchFailure(op, "unconvertible result types");

    // Iteration arguments: the carried state, then the stacked outputs.
    SmallVector<Value> iterInits(adaptor.getInitArgs());
    for (unsigned i = 0; i < outputs; ++i) {
      auto type = cast<RankedTensorType>(resultTypes[i]);
      iterInits.push_back(tensor::EmptyOp::create(
          rewriter, loc, type.getShape(), type.getElementType()));
    }
    int64_t steps =
        cast<RankedTensorType>(op.getResult(0).getType()).getDimSize(0);
    if (!op.getInputs().empty())
      steps = cast<RankedTensorType>(op.getInputs()[0].getType()).getDimSize(0);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value count = arith::ConstantIndexOp::create(rewriter, loc, steps);
    auto loop = scf::ForOp::create(rewriter, loc, zero, count, one, iterInits);

    // The body's arguments: time slices of the inputs, the carried values.
    Block &body = op.getBodyBlock();
    TypeConverter::SignatureConversion signature(body.getNumArguments());
    for (auto [index, argument] : llvm::enumerate(body.getArguments()))
      signature.addInputs(index, converter->convertType(argument.getType()));
    Block *converted =
        rewriter.applySignatureConversion(&body, signature, converter);

    rewriter.setInsertionPointToStart(loop.getBody());
    Value t = loop.getInductionVar();
    SmallVector<Value> arguments;
    for (auto [input, original] :
         llvm::zip_equal(adaptor.getInputs(), op.getInputs())) {
      auto type = cast<RankedTensorType>(input.getType());
      StepSlice slice(rewriter, type, timeDim(original.getType()), t);
      arguments.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, slice.sliceType, input, slice.offsets, slice.sizes,
          slice.strides));
    }
    llvm::append_range(arguments, loop.getRegionIterArgs().take_front(
                                      op.getInitArgs().size()));
    rewriter.mergeBlocks(converted, loop.getBody(), arguments);

    // spike.yield: this step's outputs go into the stacked outputs, the
    // carried values move on.
    auto yield = cast<YieldOp>(loop.getBody()->getTerminator());
    SmallVector<Value> values;
    if (failed(rewriter.getRemappedValues(yield.getValues(), values)))
      return rewriter.notifyMatchFailure(op, "cannot convert the yield");
    unsigned carried = op.getInitArgs().size();
    ValueRange stacked = loop.getRegionIterArgs().drop_front(carried);
    rewriter.setInsertionPoint(yield);
    SmallVector<Value> yields(llvm::drop_begin(values, outputs));
    for (unsigned i = 0; i < outputs; ++i) {
      auto type = cast<RankedTensorType>(stacked[i].getType());
      StepSlice slice(rewriter, type,
                      timeDim(op.getResult(i).getType()), t);
      yields.push_back(tensor::InsertSliceOp::create(
          rewriter, loc, values[i], stacked[i], slice.offsets, slice.sizes,
          slice.strides));
    }
    rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, yields);

    SmallVector<Value> replacements;
    ValueRange loopResults = loop.getResults();
    llvm::append_range(replacements, loopResults.drop_front(carried));
    llvm::append_range(replacements, loopResults.take_front(carried));
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

} // namespace

void mlir::spike::populateTimeLoopLoweringPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<TimeLoopLowering>(typeConverter, patterns.getContext());
}
