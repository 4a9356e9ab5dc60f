//===- GPUCopiesToLinalg.cpp - buffer copies as linalg.copy ---------------===//

#include "spike/Codegen/GPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

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
    for (memref::CopyOp copy : copies) {
      OpBuilder b(copy);
      linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    }
  }
};
} // namespace
