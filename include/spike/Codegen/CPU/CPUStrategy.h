//===- CPUStrategy.h - what CPU code is tuned for, recorded in IR ---------===//
//
// spike-select-cpu-strategy chooses the strategy once, from the target CPU,
// and records it on the module as
//
//   spike.cpu_strategy = {cpu = "znver4", vector_width = 16 : i64,
//                         accumulate_registers = 8 : i64}
//
// The passes that apply it (convert-spike-to-linalg's bitmask tiles,
// spike-vectorize-cpu's tiles) read it back instead of asking the host, as
// IREE's KernelDispatch (selection) and LLVMCPUTile (application) split the
// work: the same module and target give the same code on any build machine.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_CODEGEN_CPU_CPUSTRATEGY_H
#define SPIKE_CODEGEN_CPU_CPUSTRATEGY_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>

namespace mlir::spike {

struct CPUStrategy {
  /// The LLVM CPU name the strategy was chosen for.
  std::string cpu;
  /// f32 lanes per vector register.
  int64_t vectorWidth = 0;
  /// Vector registers of partial sums per bitmask-accumulation tile.
  int64_t accumulateRegisters = 0;
};

/// The module attribute that holds the strategy.
inline constexpr llvm::StringLiteral kCPUStrategyAttrName =
    "spike.cpu_strategy";

/// The strategy recorded on `op`'s module (or `op` itself), if any and well
/// formed. Header-only: the passes that apply a strategy need not link the
/// selection.
inline std::optional<CPUStrategy> getCPUStrategy(Operation *op) {
  ModuleOp module = isa<ModuleOp>(op) ? cast<ModuleOp>(op)
                                      : op->getParentOfType<ModuleOp>();
  if (!module)
    return std::nullopt;
  auto dict = module->getAttrOfType<DictionaryAttr>(kCPUStrategyAttrName);
  if (!dict)
    return std::nullopt;
  auto cpu = dict.getAs<StringAttr>("cpu");
  auto width = dict.getAs<IntegerAttr>("vector_width");
  auto registers = dict.getAs<IntegerAttr>("accumulate_registers");
  if (!cpu || !width || !registers || width.getInt() < 1 ||
      registers.getInt() < 1)
    return std::nullopt;
  return CPUStrategy{cpu.str(), width.getInt(), registers.getInt()};
}

/// f32 lanes of the widest vector registers of the x86 CPU `cpu` (an LLVM
/// CPU name; "native": the host's): 16 with AVX-512, 8 with AVX, else 4.
/// None for a name LLVM does not know.
std::optional<int64_t> getVectorWidthOf(llvm::StringRef cpu);

/// The strategy as the attribute above.
DictionaryAttr getCPUStrategyAttr(MLIRContext *context,
                                  const CPUStrategy &strategy);

} // namespace mlir::spike

#endif // SPIKE_CODEGEN_CPU_CPUSTRATEGY_H
