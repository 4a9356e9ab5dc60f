//===- OutlineForall.cpp - parallel loops to calls of the thread pool -----===//
//
//   scf.forall (%i, %j) in (%n, %m) { body }
//
// becomes, at the SCF/func level,
//
//   %context = llvm.alloca !llvm.struct<(captured values, as LLVM types)>
//   llvm.store (the captured values, cast to their LLVM types), %context
//   func.call @spike_parallel_for(@f_forall0, %context, %n * %m)
//
//   func.func private @f_forall0(%context: !llvm.ptr, %begin: i64, %end: i64) {
//     the captured values: loaded, cast back to their types
//     scf.for %k = %begin to %end {
//       %i, %j = affine.delinearize_index %k into (%n, %m)
//       body
//     }
//   }
//
// The casts are builtin.unrealized_conversion_cast pairs that the lowering to
// LLVM (reconcile-unrealized-casts) folds away once the captured memrefs are
// descriptors: the packing needs no pattern matching at the LLVM level. As
// upstream's async-parallel-for, but for spike's runtime (runtime/
// spike_parallel.c): a plain C function pointer and context, no coroutines.
//
//===----------------------------------------------------------------------===//

#include "spike/Codegen/CPU/Passes.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-outline-forall"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEOUTLINEFORALL
#include "spike/Codegen/CPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kRuntimeFunction = "spike_parallel_for";

/// Ops that the outlined function re-creates rather than receives:
/// constants and other operand-free pure ops.
bool isRematerializable(Operation *op) {
  return op && op->getNumOperands() == 0 && op->getNumRegions() == 0 &&
         isMemoryEffectFree(op);
}

/// void (*)(void *context, int64_t begin, int64_t end)
FunctionType chunkFunctionType(MLIRContext *ctx) {
  Type i64 = IntegerType::get(ctx, 64);
  return FunctionType::get(ctx, {LLVM::LLVMPointerType::get(ctx), i64, i64},
                           {});
}

/// func.func private @spike_parallel_for(chunk function, context, count).
func::FuncOp getOrDeclareRuntime(ModuleOp module, OpBuilder &b) {
  if (auto function = module.lookupSymbol<func::FuncOp>(kRuntimeFunction))
    return function;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  MLIRContext *ctx = b.getContext();
  auto type = FunctionType::get(
      ctx,
      {chunkFunctionType(ctx), LLVM::LLVMPointerType::get(ctx),
       b.getI64Type()},
      {});
  auto function =
      func::FuncOp::create(b, module.getLoc(), kRuntimeFunction, type);
  function.setPrivate();
  return function;
}

struct SpikeOutlineForall
    : spike::impl::SpikeOutlineForallBase<SpikeOutlineForall> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Inner loops first: an outer body then holds the inner loop's call
    // (which the runtime runs on the calling thread).
    SmallVector<scf::ForallOp> loops;
    module.walk<WalkOrder::PostOrder>(
        [&](scf::ForallOp op) { loops.push_back(op); });
    LowerToLLVMOptions options(&getContext());
    LLVMTypeConverter converter(&getContext(), options);
    for (scf::ForallOp forall : loops)
      if (failed(outline(module, forall, converter)))
        return signalPassFailure();
  }

  LogicalResult outline(ModuleOp module, scf::ForallOp forall,
                        const LLVMTypeConverter &converter) {
    if (!forall.getOutputs().empty())
      return forall.emitOpError()
             << "has shared outputs (tensors); spike-outline-forall runs "
                "after bufferization";
    if (forall.getMapping())
      return forall.emitOpError()
             << "is mapped to a target (" << *forall.getMapping()
             << "); spike-outline-forall outlines CPU loops only";
    auto parent = forall->getParentOfType<func::FuncOp>();
    if (!parent)
      return forall.emitOpError() << "must be in a func.func";

    MLIRContext *ctx = &getContext();
    Location loc = forall.getLoc();
    OpBuilder b(forall);

    // The iteration space: per dimension, trip counts from the bounds.
    SmallVector<Value> lowers = getValueOrCreateConstantIndexOp(
        b, loc, forall.getMixedLowerBound());
    SmallVector<Value> uppers = getValueOrCreateConstantIndexOp(
        b, loc, forall.getMixedUpperBound());
    SmallVector<Value> steps =
        getValueOrCreateConstantIndexOp(b, loc, forall.getMixedStep());
    SmallVector<Value> counts;
    Value total = arith::ConstantIndexOp::create(b, loc, 1);
    for (auto [lower, upper, step] : llvm::zip(lowers, uppers, steps)) {
      // ceil((upper - lower) / step); empty ranges count 0. Folded where
      // the bounds are constants, so that the outlined function re-creates
      // the counts instead of receiving them.
      Value span = b.createOrFold<arith::SubIOp>(loc, upper, lower);
      Value count = b.createOrFold<arith::CeilDivSIOp>(loc, span, step);
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      count = b.createOrFold<arith::MaxSIOp>(loc, count, zero);
      counts.push_back(count);
      total = b.createOrFold<arith::MulIOp>(loc, total, count);
    }

    // What the body uses from outside: passed in the context, except
    // constants, which the outlined function re-creates.
    llvm::SetVector<Value> used;
    getUsedValuesDefinedAbove(forall.getRegion(), used);
    used.insert(lowers.begin(), lowers.end());
    used.insert(steps.begin(), steps.end());
    // Trip counts only delinearize several dimensions.
    if (counts.size() > 1)
      used.insert(counts.begin(), counts.end());
    SmallVector<Value> passed, rematerialized;
    SmallVector<Type> fields;
    for (Value value : used) {
      if (isRematerializable(value.getDefiningOp())) {
        rematerialized.push_back(value);
        continue;
      }
      Type field = converter.convertType(value.getType());
      if (!field || !LLVM::isCompatibleType(field))
        return forall.emitOpError()
               << "uses a value of type " << value.getType()
               << " from outside, which has no LLVM form to pass it in";
      passed.push_back(value);
      fields.push_back(field);
    }
    auto contextType = LLVM::LLVMStructType::getLiteral(ctx, fields);
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    LLVM_DEBUG(llvm::dbgs() << "outlining " << forall.getLoc() << ": "
                            << passed.size() << " values passed, "
                            << rematerialized.size() << " re-created\n");

    // The outlined function.
    OpBuilder fb(ctx);
    fb.setInsertionPointAfter(parent);
    std::string name = (parent.getName() + "_forall" + Twine(counter++)).str();
    auto outlined =
        func::FuncOp::create(fb, loc, name, chunkFunctionType(ctx));
    outlined.setPrivate();
    // Internal: the chunk function is only called through its address.
    outlined->setAttr("llvm.linkage",
                      LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
    Block *entry = outlined.addEntryBlock();
    fb.setInsertionPointToStart(entry);
    IRMapping mapping;
    for (Value value : rematerialized)
      mapping.map(value, fb.clone(*value.getDefiningOp())->getResult(0));
    Value packed = LLVM::LoadOp::create(fb, loc, contextType,
                                        entry->getArgument(0));
    for (auto [i, value] : llvm::enumerate(passed)) {
      Value field = LLVM::ExtractValueOp::create(fb, loc, packed, i);
      mapping.map(value, UnrealizedConversionCastOp::create(
                             fb, loc, value.getType(), field)
                             .getResult(0));
    }
    Value begin = arith::IndexCastOp::create(fb, loc, fb.getIndexType(),
                                             entry->getArgument(1));
    Value end = arith::IndexCastOp::create(fb, loc, fb.getIndexType(),
                                           entry->getArgument(2));
    Value one = arith::ConstantIndexOp::create(fb, loc, 1);
    auto loop = scf::ForOp::create(fb, loc, begin, end, one);
    func::ReturnOp::create(fb, loc);

    // One iteration of the loop: the forall's induction variables from the
    // linear index, then the body.
    fb.setInsertionPointToStart(loop.getBody());
    SmallVector<Value> ivs;
    if (counts.size() == 1) {
      ivs.push_back(loop.getInductionVar());
    } else {
      SmallVector<Value> basis = llvm::map_to_vector(
          counts, [&](Value count) { return mapping.lookup(count); });
      auto delinearized = affine::AffineDelinearizeIndexOp::create(
          fb, loc, loop.getInductionVar(), basis, /*hasOuterBound=*/true);
      llvm::append_range(ivs, delinearized.getResults());
    }
    for (auto [iv, index, lower, step] :
         llvm::zip(forall.getInductionVars(), ivs, lowers, steps)) {
      Value offset = arith::MulIOp::create(fb, loc, index,
                                           mapping.lookup(step));
      mapping.map(iv, arith::AddIOp::create(fb, loc,
                                            mapping.lookup(lower),
                                            offset));
    }
    for (Operation &op : forall.getBody()->without_terminator())
      fb.clone(op, mapping);

    // The call that replaces the loop.
    Value one64 = LLVM::ConstantOp::create(b, loc, b.getI64Type(),
                                           b.getI64IntegerAttr(1));
    Value context = LLVM::AllocaOp::create(b, loc, ptr, contextType, one64,
                                           /*alignment=*/0);
    Value contents = LLVM::UndefOp::create(b, loc, contextType);
    for (auto [i, value] : llvm::enumerate(passed)) {
      Value field =
          UnrealizedConversionCastOp::create(b, loc, fields[i], value)
              .getResult(0);
      contents = LLVM::InsertValueOp::create(b, loc, contents, field, i);
    }
    LLVM::StoreOp::create(b, loc, contents, context);
    Value function = func::ConstantOp::create(
        b, loc, outlined.getFunctionType(), SymbolRefAttr::get(outlined));
    Value iterations =
        arith::IndexCastOp::create(b, loc, b.getI64Type(), total);
    func::CallOp::create(b, loc, getOrDeclareRuntime(module, b),
                         ValueRange{function, context, iterations});
    forall.erase();
    return success();
  }

  unsigned counter = 0;
};

} // namespace
