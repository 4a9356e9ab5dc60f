//===- SelectCPUStrategy.cpp - the CPU strategy, chosen once --------------===//

#include "spike/Codegen/CPU/CPUStrategy.h"
#include "spike/Codegen/CPU/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/Debug.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/X86TargetParser.h"

#define DEBUG_TYPE "spike-select-cpu-strategy"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKESELECTCPUSTRATEGY
#include "spike/Codegen/CPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;
using namespace mlir::spike;

std::optional<int64_t> mlir::spike::getVectorWidthOf(llvm::StringRef cpu) {
  auto widthOf = [](auto hasFeature) -> int64_t {
    return hasFeature("avx512f") ? 16 : hasFeature("avx") ? 8 : 4;
  };
  if (cpu == "native") {
    llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
    return widthOf([&](llvm::StringRef name) { return features.lookup(name); });
  }
  if (llvm::X86::parseArchX86(cpu) == llvm::X86::CK_None)
    return std::nullopt;
  // The CPU's own features and those they imply (AVX2 implies AVX).
  SmallVector<llvm::StringRef> own;
  llvm::X86::getFeaturesForCPU(cpu, own);
  llvm::StringMap<bool> features;
  for (llvm::StringRef feature : own)
    llvm::X86::updateImpliedFeatures(feature, true, features);
  return widthOf([&](llvm::StringRef name) { return features.lookup(name); });
}

DictionaryAttr mlir::spike::getCPUStrategyAttr(MLIRContext *context,
                                               const CPUStrategy &strategy) {
  Builder b(context);
  return b.getDictionaryAttr(
      {b.getNamedAttr("cpu", b.getStringAttr(strategy.cpu)),
       b.getNamedAttr("vector_width", b.getI64IntegerAttr(strategy.vectorWidth)),
       b.getNamedAttr("accumulate_registers",
                      b.getI64IntegerAttr(strategy.accumulateRegisters))});
}

namespace {

struct SpikeSelectCPUStrategy
    : spike::impl::SpikeSelectCPUStrategyBase<SpikeSelectCPUStrategy> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // A strategy written by the user (or an earlier run) is kept.
    if (module->hasAttr(kCPUStrategyAttrName)) {
      if (!getCPUStrategy(module)) {
        module.emitError() << kCPUStrategyAttrName
                           << " must be {cpu = \"...\", vector_width = N, "
                              "accumulate_registers = N} with N >= 1";
        return signalPassFailure();
      }
      return;
    }
    CPUStrategy strategy;
    strategy.cpu = cpu == "native" ? llvm::sys::getHostCPUName().str()
                                   : std::string(cpu);
    std::optional<int64_t> width = getVectorWidthOf(cpu);
    if (vectorWidth > 0) {
      width = vectorWidth;
    } else if (!width) {
      module.emitError() << "spike-select-cpu-strategy: unknown x86 CPU '"
                         << cpu
                         << "' (an LLVM CPU name such as x86-64-v3, "
                            "x86-64-v4, znver4 or native; or give "
                            "vector-width)";
      return signalPassFailure();
    }
    if (accumulateRegisters < 1) {
      module.emitError()
          << "spike-select-cpu-strategy: accumulate-registers must be >= 1";
      return signalPassFailure();
    }
    strategy.vectorWidth = *width;
    strategy.accumulateRegisters = accumulateRegisters;
    LLVM_DEBUG(llvm::dbgs() << "cpu " << strategy.cpu << ": "
                            << strategy.vectorWidth << " lanes, "
                            << strategy.accumulateRegisters
                            << " accumulator registers\n");
    module->setAttr(kCPUStrategyAttrName,
                    getCPUStrategyAttr(&getContext(), strategy));
  }
};

} // namespace
