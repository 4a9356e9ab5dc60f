//===- GPUCopiesToLinalg.cpp - buffer copies as linalg.copy ---------------===//

#include "spike/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "spike-gpu-copies-to-linalg"

namespace mlir::spike {
#define GEN_PASS_DEF_SPIKEGPUCOPIESTOLINALG
#include "spike/Codegen/GPU/Passes.h.inc"
} // namespace mlir::spike

using namespace mlir;

namespace {
struct SpikeGPUCopiesToLinalg
    : spike::impl::SpikeGPUCopiesToLinalgBase<SpikeGPUCopiesToLinalg> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    LLVM_DEBUG(llvm::dbgs() << "@" << getOperation().getSymName() << ": "
                            << copies.size()
                            << " memref.copy to linalg.copy\n");
    for (memref::CopyOp copy : copies) {
      // linalg.copy needs ranked buffers; an unranked copy would be dropped
      // later without a word.
      if (!isa<MemRefType>(copy.getSource().getType()) ||
          !isa<MemRefType>(copy.getTarget().getType())) {
        copy.emitOpError("copies an unranked buffer, which "
                         "spike-gpu-copies-to-linalg cannot run on the GPU");
        return signalPassFailure();
      }
      OpBuilder b(copy);
      linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    }
  }
};
} // namespace
