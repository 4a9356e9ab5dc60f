//===- spike-opt.cpp - the spike optimizer driver -------------------------===//
//
// MlirOptMain with the spike dialect and every upstream dialect, pass and
// extension, so that spike IR can be mixed with and lowered through them.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include "spike/Conversion/Passes.h"
#include "spike/Dialect/Spike/IR/SpikeDialect.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"
#include "spike/Pipelines/Pipelines.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::spike::registerSpikeTransformsPasses();
  mlir::spike::registerSpikeConversionPasses();
  mlir::spike::registerSpikePipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::spike::SpikeDialect>();

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "spike optimizer driver\n", registry));
}
