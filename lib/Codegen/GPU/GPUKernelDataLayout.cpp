//===- GPUKernelDataLayout.cpp - NVPTX's data layout on kernel modules ----===//

#include "spike/Codegen/GPU/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-gpu-kernel-data-layout"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEGPUKERNELDATALAYOUT
#include "spike/Codegen/GPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {
/// The data layout of LLVM 22's nvptx64 target (clang -target
/// nvptx64-nvidia-cuda): i64 and f64 aligned to 8 bytes.
constexpr llvm::StringLiteral kNVPTX64DataLayout =
    "e-p6:32:32-i64:64-i128:128-i256:256-v16:16-v32:32-n16:32:64";

struct SpikeGPUKernelDataLayout
    : spike::impl::SpikeGPUKernelDataLayoutBase<SpikeGPUKernelDataLayout> {
  using Base::Base;

  void runOnOperation() override {
    StringRef name = LLVM::LLVMDialect::getDataLayoutAttrName();
    for (auto kernels : getOperation().getOps<gpu::GPUModuleOp>()) {
      bool has = kernels->hasAttr(name);
      LLVM_DEBUG(llvm::dbgs() << "@" << kernels.getSymName() << ": "
                              << (has ? "keeping its data layout"
                                      : "setting the nvptx64 data layout")
                              << "\n");
      if (!has)
        kernels->setAttr(name,
                         StringAttr::get(&getContext(), kNVPTX64DataLayout));
    }
  }
};
} // namespace
