//===- GPUMergeKernelModules.cpp - one gpu.module for all kernels ---------===//

#include "spike/Codegen/GPU/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-gpu-merge-kernel-modules"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEGPUMERGEKERNELMODULES
#include "spike/Codegen/GPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {
struct SpikeGPUMergeKernelModules
    : spike::impl::SpikeGPUMergeKernelModulesBase<SpikeGPUMergeKernelModules> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp top = getOperation();
    // Modules of exactly one kernel (what outlining makes).
    SmallVector<gpu::GPUModuleOp> modules;
    for (auto kernels : top.getOps<gpu::GPUModuleOp>()) {
      Block &body = kernels.getBodyRegion().front();
      if (llvm::hasSingleElement(body.without_terminator()) &&
          isa<gpu::GPUFuncOp>(body.front()))
        modules.push_back(kernels);
      else
        LLVM_DEBUG(llvm::dbgs() << "keeping @" << kernels.getSymName()
                                << ": not a module of one kernel\n");
    }
    if (modules.size() < 2) {
      LLVM_DEBUG(llvm::dbgs() << modules.size()
                              << " modules of one kernel: nothing to merge\n");
      return;
    }
    // Made detached, then inserted through the symbol table, which renames
    // it when the module already has a @spike_kernels.
    OpBuilder b(&getContext());
    auto merged = gpu::GPUModuleOp::create(b, modules.front().getLoc(),
                                           "spike_kernels");
    SymbolTable(top).insert(merged, Block::iterator(modules.front()));
    StringAttr mergedName = merged.getSymNameAttr();
    LLVM_DEBUG(llvm::dbgs() << "merging " << modules.size()
                            << " modules of one kernel into @"
                            << mergedName.getValue() << "\n");
    // Old (module, kernel) -> new kernel name: the old module's, unique.
    DenseMap<Attribute, StringAttr> renamed;
    for (gpu::GPUModuleOp kernels : modules) {
      auto kernel = cast<gpu::GPUFuncOp>(
          kernels.getBodyRegion().front().front());
      StringAttr name = kernels.getSymNameAttr();
      renamed[SymbolRefAttr::get(
          name, {FlatSymbolRefAttr::get(SymbolTable::getSymbolName(kernel))})] =
          name;
      Block &mergedBody = merged.getBodyRegion().front();
      kernel->moveBefore(&mergedBody, mergedBody.end());
      SymbolTable::setSymbolName(kernel, name);
      kernels.erase();
    }
    top.walk([&](gpu::LaunchFuncOp launch) {
      auto it = renamed.find(launch.getKernel());
      if (it != renamed.end())
        launch.setKernelAttr(SymbolRefAttr::get(
            mergedName, {FlatSymbolRefAttr::get(it->second)}));
    });
  }
};
} // namespace
