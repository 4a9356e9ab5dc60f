//===- spike-opt.cpp - the spike optimizer driver -------------------------===//
//
// MlirOptMain with the spike dialect and every upstream dialect, pass and
// extension, so that spike IR can be mixed with and lowered through them.
// An output file is written under a temporary name and renamed when
// everything succeeded: a failing or crashing run leaves no partial output.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include "spike/Conversion/Passes.h"
#include "spike/Dialect/Spike/IR/SpikeDialect.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"
#include "spike/Pipelines/Pipelines.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::spike::registerSpikeTransformsPasses();
  mlir::spike::registerSpikeConversionPasses();
  mlir::spike::registerSpikePipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::spike::SpikeDialect>();
  // gpu-module-to-binary translates kernels to LLVM IR.
  mlir::registerAllToLLVMIRTranslations(registry);

  auto [input, output] = mlir::registerAndParseCLIOptions(
      argc, argv, "spike optimizer driver\n", registry);
  // Standard output and special files (/dev/null, pipes) are written as
  // they are.
  if (output == "-" || (llvm::sys::fs::exists(output) &&
                        !llvm::sys::fs::is_regular_file(output)))
    return mlir::asMainReturnCode(
        mlir::MlirOptMain(argc, argv, input, output, registry));

  llvm::SmallString<256> temporary;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(
          output + ".tmp-%%%%%%", temporary)) {
    llvm::WithColor::error(llvm::errs(), "spike-opt")
        << output << ": cannot create a file next to it: " << ec.message()
        << "\n";
    return 1;
  }
  bool ok = mlir::succeeded(
      mlir::MlirOptMain(argc, argv, input, temporary, registry));
  if (ok) {
    if (std::error_code ec = llvm::sys::fs::rename(temporary, output)) {
      llvm::WithColor::error(llvm::errs(), "spike-opt")
          << output << ": " << ec.message() << "\n";
      ok = false;
    }
  }
  if (!ok)
    llvm::sys::fs::remove(temporary);
  return ok ? 0 : 1;
}
