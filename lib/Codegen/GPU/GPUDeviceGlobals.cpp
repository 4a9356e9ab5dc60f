//===- GPUDeviceGlobals.cpp - device copies of host constants -------------===//

#include "spike/Codegen/GPU/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-gpu-device-globals"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEGPUDEVICEGLOBALS
#include "spike/Codegen/GPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {
struct SpikeGPUDeviceGlobals
    : spike::impl::SpikeGPUDeviceGlobalsBase<SpikeGPUDeviceGlobals> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Host functions only: kernels live in gpu.module (gpu.binary by now).
    SymbolTableCollection symbols;
    SmallVector<LLVM::AddressOfOp> addresses;
    for (auto function : module.getOps<LLVM::LLVMFuncOp>())
      function.walk([&](LLVM::AddressOfOp address) {
        if (address.getGlobal(symbols))
          addresses.push_back(address);
      });
    if (addresses.empty())
      return;
    OpBuilder b(module.getBodyRegion());
    auto ptr = LLVM::LLVMPointerType::get(&getContext());
    auto i64 = b.getI64Type();
    auto lookup = LLVM::lookupOrCreateFn(b, module,
                                         "spike_cuda_device_global",
                                         {ptr, i64}, ptr);
    if (failed(lookup))
      return signalPassFailure();
    DataLayout layout = DataLayout::closest(module);
    for (LLVM::AddressOfOp address : addresses) {
      LLVM::GlobalOp global = address.getGlobal(symbols);
      int64_t bytes = layout.getTypeSize(global.getType());
      LLVM_DEBUG(llvm::dbgs() << "device copy of @" << global.getSymName()
                              << " (" << bytes << " bytes) at "
                              << address.getLoc() << "\n");
      b.setInsertionPointAfter(address);
      Value size = LLVM::ConstantOp::create(b, address.getLoc(), i64, bytes);
      auto call = LLVM::CallOp::create(b, address.getLoc(), *lookup,
                                       ValueRange{address, size});
      address.getResult().replaceAllUsesExcept(call.getResult(), call);
    }
  }
};
} // namespace
