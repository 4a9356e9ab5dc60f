//===- CInterface.cpp - the C ABI of compiled models ----------------------===//

#include "CInterface.h"

#include "ModelABIText.h"
#include "spike-c/ModelABI.h"

#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace {

using mlir::computeProduct;

/// The exported name of an ABI function of ModelABI.h.
#define ABI_NAME(function) StringRef(SPIKE_MODEL_ABI_SYMBOL(function))

/// {allocated, aligned, offset, sizes[rank], strides[rank]}: MLIR's ranked
/// memref descriptor.
StructType *descriptorType(LLVMContext &ctx, unsigned rank) {
  Type *ptr = PointerType::get(ctx, 0);
  Type *i64 = Type::getInt64Ty(ctx);
  return StructType::get(ctx, {ptr, ptr, i64, ArrayType::get(i64, rank),
                               ArrayType::get(i64, rank)});
}

Function *defineFunction(Module &module, StringRef name, Type *result,
                         ArrayRef<Type *> params) {
  auto *type = FunctionType::get(result, params, false);
  Function *function =
      Function::Create(type, GlobalValue::ExternalLinkage, name, module);
  function->setVisibility(GlobalValue::DefaultVisibility);
  return function;
}

/// `name` returning a constant.
void defineConstant(Module &module, StringRef name, Constant *value) {
  Function *function = defineFunction(module, name, value->getType(), {});
  IRBuilder<> b(BasicBlock::Create(module.getContext(), "entry", function));
  b.CreateRet(value);
}

/// `name` returning a constant C string.
void defineString(Module &module, StringRef name, StringRef text) {
  auto *array = ConstantDataArray::getString(module.getContext(), text);
  auto *global = new GlobalVariable(module, array->getType(), true,
                                    GlobalValue::PrivateLinkage, array,
                                    (name + ".data").str());
  defineConstant(module, name, global);
}

/// `name` returning a pointer to a constant i64 array.
void defineShape(Module &module, StringRef name, ArrayRef<int64_t> shape) {
  LLVMContext &ctx = module.getContext();
  auto *array = ConstantDataArray::get(ctx, shape);
  auto *global = new GlobalVariable(module, array->getType(), true,
                                    GlobalValue::PrivateLinkage, array,
                                    (name + ".data").str());
  defineConstant(module, name, global);
}

/// Fills a descriptor for a contiguous buffer of `shape`.
void storeDescriptor(IRBuilder<> &b, StructType *type, Value *descriptor,
                     Value *data, ArrayRef<int64_t> shape) {
  b.CreateStore(data, b.CreateStructGEP(type, descriptor, 0));
  b.CreateStore(data, b.CreateStructGEP(type, descriptor, 1));
  b.CreateStore(b.getInt64(0), b.CreateStructGEP(type, descriptor, 2));
  int64_t stride = 1;
  for (int64_t d = shape.size() - 1; d >= 0; --d) {
    auto field = [&](unsigned member) {
      return b.CreateInBoundsGEP(
          type, descriptor,
          {b.getInt32(0), b.getInt32(member), b.getInt32(d)});
    };
    b.CreateStore(b.getInt64(shape[d]), field(3));
    b.CreateStore(b.getInt64(stride), field(4));
    stride *= shape[d];
  }
}

} // namespace

void mlir::spike::addModelInterface(Module &module, StringRef modelName,
                                    ArrayRef<int64_t> inputShape,
                                    ArrayRef<int64_t> outputShape,
                                    ArrayRef<LayerInfo> layers, bool cuda) {
  // LLVM IR, not MLIR: these names also exist in mlir::.
  using llvm::Type;
  using llvm::Value;
  LLVMContext &ctx = module.getContext();
  Type *ptr = PointerType::get(ctx, 0);
  Type *i64 = Type::getInt64Ty(ctx);
  Type *i32 = Type::getInt32Ty(ctx);

  // Only the ABI is exported.
  for (Function &function : module)
    if (!function.isDeclaration())
      function.setVisibility(GlobalValue::HiddenVisibility);

  defineConstant(module, ABI_NAME(spike_model_abi_version),
                 ConstantInt::get(i32, SPIKE_MODEL_ABI_VERSION));
  defineString(module, ABI_NAME(spike_model_name), modelName);
  defineString(module, ABI_NAME(spike_model_target), cuda ? "cuda" : "cpu");
  defineConstant(module, ABI_NAME(spike_model_input_rank),
                 ConstantInt::get(i32, inputShape.size()));
  defineConstant(module, ABI_NAME(spike_model_output_rank),
                 ConstantInt::get(i32, outputShape.size()));
  defineShape(module, ABI_NAME(spike_model_input_shape), inputShape);
  defineShape(module, ABI_NAME(spike_model_output_shape), outputShape);
  int64_t inputCount = computeProduct(inputShape), outputCount = computeProduct(outputShape);
  defineConstant(module, ABI_NAME(spike_model_input_size),
                 ConstantInt::get(i64, inputCount));
  defineConstant(module, ABI_NAME(spike_model_output_size),
                 ConstantInt::get(i64, outputCount));

  // Results are allocated by the runtime's allocator (runtime/spike_runtime.c).
  FunctionCallee freeFunction = module.getOrInsertFunction(
      "_mlir_memref_to_llvm_free", Type::getVoidTy(ctx), ptr);
  // The run itself goes through the runtime's guard (runtime/spike_run.h):
  // an allocation that fails inside it ends it with a status.
  llvm::FunctionType *forwardType =
      llvm::FunctionType::get(Type::getVoidTy(ctx), {ptr, ptr}, false);
  FunctionCallee guarded =
      module.getOrInsertFunction("spike_run_guarded", i32, ptr, ptr, ptr);
  FunctionCallee upload, download, reportError;
  if (cuda) {
    upload = module.getOrInsertFunction("spike_cuda_upload", ptr, ptr, i64);
    download = module.getOrInsertFunction("spike_cuda_download", i32, ptr,
                                          ptr, i64);
    reportError = module.getOrInsertFunction("spike_cuda_report_error", i32);
  }
  StructType *inType = descriptorType(ctx, inputShape.size());
  StructType *outType = descriptorType(ctx, outputShape.size());
  StructType *countsType = descriptorType(ctx, 1);
  int64_t layerCount = layers.size();

  // Both entry points check the sizes, describe the caller's input buffer,
  // call the lowered function, copy each result into the caller's buffer
  // and free it.
  auto defineRun = [&](StringRef name, StringRef callee, bool withCounts) {
    SmallVector<Type *> params{ptr, i64, ptr, i64};
    if (withCounts)
      params.append({ptr, i64});
    Function *run = defineFunction(module, name, i32, params);
    auto *entry = BasicBlock::Create(ctx, "entry", run);
    auto *invoke = BasicBlock::Create(ctx, "invoke", run);
    auto *reject = BasicBlock::Create(ctx, "reject", run);
    IRBuilder<> b(entry);
    Value *input = run->getArg(0), *output = run->getArg(2);
    Value *ok = b.CreateAnd(
        b.CreateAnd(b.CreateICmpEQ(run->getArg(1), b.getInt64(inputCount)),
                    b.CreateICmpEQ(run->getArg(3), b.getInt64(outputCount))),
        b.CreateAnd(b.CreateIsNotNull(input), b.CreateIsNotNull(output)));
    if (withCounts)
      ok = b.CreateAnd(
          ok, b.CreateAnd(
                  b.CreateICmpEQ(run->getArg(5), b.getInt64(layerCount)),
                  b.CreateOr(b.CreateIsNotNull(run->getArg(4)),
                             b.getInt1(layerCount == 0))));
    b.CreateCondBr(ok, invoke, reject);
    b.SetInsertPoint(reject);
    b.CreateRet(b.getInt32(SPIKE_ERROR_SIZE));

    b.SetInsertPoint(invoke);
    // CUDA: kernels read a device copy of the input, and the results are
    // copied back once the device is done (runtime/spike_cuda_runtime.c).
    Value *modelInput = input;
    if (cuda) {
      modelInput = b.CreateCall(
          upload, {input, b.getInt64(inputCount * SPIKE_MODEL_VALUE_BYTES)});
      // No device buffer (no device): report, without running the model.
      auto *noDevice = BasicBlock::Create(ctx, "no_device", run);
      auto *uploaded = BasicBlock::Create(ctx, "uploaded", run);
      b.CreateCondBr(b.CreateIsNull(modelInput), noDevice, uploaded);
      b.SetInsertPoint(noDevice);
      b.CreateRet(b.CreateCall(reportError, {}));
      b.SetInsertPoint(uploaded);
    }
    Value *inDescriptor = b.CreateAlloca(inType);
    storeDescriptor(b, inType, inDescriptor, modelInput, inputShape);
    // One result: its descriptor; several: a struct of descriptors.
    StructType *resultType =
        withCounts ? StructType::get(ctx, {outType, countsType}) : outType;
    Value *results = b.CreateAlloca(resultType);
    Function *forward = module.getFunction(callee);
    assert(forward && forward->getFunctionType() == forwardType &&
           "the C interface of the lowered function");
    (void)forwardType;
    Value *runStatus =
        b.CreateCall(guarded, {forward, results, inDescriptor});
    // A failed run wrote nothing and holds nothing: return its status.
    auto *ran = BasicBlock::Create(ctx, "ran", run);
    auto *runFailed = BasicBlock::Create(ctx, "run_failed", run);
    b.CreateCondBr(b.CreateICmpEQ(runStatus, b.getInt32(SPIKE_OK)), ran,
                   runFailed);
    b.SetInsertPoint(runFailed);
    if (cuda) {
      b.CreateCall(freeFunction, {modelInput});
      Value *deviceFailed =
          b.CreateICmpEQ(runStatus, b.getInt32(SPIKE_ERROR_DEVICE));
      auto *report = BasicBlock::Create(ctx, "report", run);
      auto *done = BasicBlock::Create(ctx, "failed", run);
      b.CreateCondBr(deviceFailed, report, done);
      b.SetInsertPoint(report);
      b.CreateRet(b.CreateCall(reportError, {}));
      b.SetInsertPoint(done);
    }
    b.CreateRet(runStatus);
    b.SetInsertPoint(ran);
    Value *failed = b.getFalse();
    auto copyOut = [&](StructType *type, Value *descriptor, Value *target,
                       Type *element, int64_t bytes) {
      Value *allocated =
          b.CreateLoad(ptr, b.CreateStructGEP(type, descriptor, 0));
      Value *aligned = b.CreateLoad(ptr, b.CreateStructGEP(type, descriptor, 1));
      Value *offset = b.CreateLoad(i64, b.CreateStructGEP(type, descriptor, 2));
      Value *source = b.CreateInBoundsGEP(element, aligned, offset);
      if (cuda) {
        Value *copied =
            b.CreateCall(download, {target, source, b.getInt64(bytes)});
        failed = b.CreateOr(failed, b.CreateICmpEQ(copied, b.getInt32(0)));
        // A result may be the device copy of the input, freed below.
        allocated = b.CreateSelect(b.CreateICmpEQ(allocated, modelInput),
                                   ConstantPointerNull::get(
                                       PointerType::get(ctx, 0)),
                                   allocated);
      } else if (bytes > 0) {
        b.CreateMemCpy(target, MaybeAlign(4), source, MaybeAlign(4),
                       b.getInt64(bytes));
      }
      b.CreateCall(freeFunction, {allocated});
    };
    if (!withCounts) {
      copyOut(outType, results, output, b.getFloatTy(),
              outputCount * SPIKE_MODEL_VALUE_BYTES);
    } else {
      copyOut(outType, b.CreateStructGEP(resultType, results, 0), output,
              b.getFloatTy(), outputCount * SPIKE_MODEL_VALUE_BYTES);
      copyOut(countsType, b.CreateStructGEP(resultType, results, 1),
              run->getArg(4), i64, layerCount * SPIKE_MODEL_COUNTER_BYTES);
    }
    if (!cuda) {
      b.CreateRet(b.getInt32(SPIKE_OK));
      return;
    }
    b.CreateCall(freeFunction, {modelInput});
    // SPIKE_ERROR_DEVICE, after the runtime has reported the error.
    Value *status = b.CreateSelect(failed, b.CreateCall(reportError, {}),
                                   b.getInt32(SPIKE_OK));
    b.CreateRet(status);
  };

  // int32_t spike_model_run(const float *input, int64_t input_size,
  //                         float *output, int64_t output_size)
  defineRun(ABI_NAME(spike_model_run), "_mlir_ciface_forward", false);
  // ... and int64_t *counts, int64_t count_size: one counter per layer.
  defineRun(ABI_NAME(spike_model_run_stats), "_mlir_ciface_forward_stats", true);

  // Layer metadata, indexed by counter: name, kind, size, MACs.
  defineConstant(module, ABI_NAME(spike_model_layer_count),
                 ConstantInt::get(i32, layerCount));
  SmallVector<Constant *> names;
  SmallVector<int32_t> kinds;
  SmallVector<int64_t> sizes, macs, denseMacs;
  for (const LayerInfo &layer : layers) {
    auto *text = ConstantDataArray::getString(ctx, layer.name);
    names.push_back(new GlobalVariable(module, text->getType(), true,
                                       GlobalValue::PrivateLinkage, text,
                                       "spike_layer_name"));
    kinds.push_back(layer.kind);
    sizes.push_back(layer.size);
    macs.push_back(layer.macs);
    denseMacs.push_back(layer.denseMacs);
  }
  auto defineLookup = [&](StringRef name, Constant *table, Type *element,
                          Constant *outOfRange) {
    Function *lookup = defineFunction(module, name, element, {i32});
    auto *entry = BasicBlock::Create(ctx, "entry", lookup);
    auto *found = BasicBlock::Create(ctx, "found", lookup);
    auto *missing = BasicBlock::Create(ctx, "missing", lookup);
    IRBuilder<> b(entry);
    Value *index = lookup->getArg(0);
    b.CreateCondBr(b.CreateICmpULT(index, b.getInt32(layerCount)), found,
                   missing);
    b.SetInsertPoint(missing);
    b.CreateRet(outOfRange);
    b.SetInsertPoint(found);
    auto *global = new GlobalVariable(module, table->getType(), true,
                                      GlobalValue::PrivateLinkage, table,
                                      (name + ".table").str());
    Value *slot = b.CreateInBoundsGEP(
        table->getType(), global, {b.getInt32(0), b.CreateZExt(index, i64)});
    b.CreateRet(b.CreateLoad(element, slot));
  };
  auto arrayOf = [&](Type *element, ArrayRef<Constant *> values) {
    return ConstantArray::get(ArrayType::get(element, values.size()), values);
  };
  defineLookup(ABI_NAME(spike_model_layer_name), arrayOf(ptr, names), ptr,
               ConstantPointerNull::get(PointerType::get(ctx, 0)));
  defineLookup(ABI_NAME(spike_model_layer_kind), ConstantDataArray::get(ctx, kinds),
               i32, ConstantInt::get(i32, -1));
  defineLookup(ABI_NAME(spike_model_layer_size), ConstantDataArray::get(ctx, sizes),
               i64, ConstantInt::get(i64, -1));
  defineLookup(ABI_NAME(spike_model_layer_macs), ConstantDataArray::get(ctx, macs),
               i64, ConstantInt::get(i64, -1));
  defineLookup(ABI_NAME(spike_model_layer_dense_macs),
               ConstantDataArray::get(ctx, denseMacs), i64,
               ConstantInt::get(i64, -1));
}

std::string mlir::spike::modelHeader(StringRef modelName,
                                     ArrayRef<int64_t> inputShape,
                                     ArrayRef<int64_t> outputShape) {
  auto list = [](ArrayRef<int64_t> shape) {
    std::string text;
    raw_string_ostream os(text);
    interleave(shape, os, ", ");
    return text;
  };
  return formatv(R"(/* Generated by spike-compile for the model "{0}": the C ABI of a compiled
 * spike model (docs/c-abi.md). Link with the shared library or load it with
 * dlopen; every function is thread-safe.
 */
#ifndef SPIKE_MODEL_H
#define SPIKE_MODEL_H

#define SPIKE_MODEL_INPUT_RANK {2}
#define SPIKE_MODEL_INPUT_SHAPE {{{3}}   /* T, B, input dims... */
#define SPIKE_MODEL_INPUT_SIZE {4}
#define SPIKE_MODEL_OUTPUT_RANK {5}
#define SPIKE_MODEL_OUTPUT_SHAPE {{{6}}  /* T, B, output dims... */
#define SPIKE_MODEL_OUTPUT_SIZE {7}

/* The ABI (include/spike-c/ModelABI.h of spike): */
{1}
#endif /* SPIKE_MODEL_H */
)",
                 modelName, kModelABIText, inputShape.size(),
                 list(inputShape), computeProduct(inputShape),
                 outputShape.size(), list(outputShape),
                 computeProduct(outputShape))
      .str();
}
