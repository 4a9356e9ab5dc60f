//===- downstream-opt.cpp - spike-opt plus the example's pass -------------===//
//
// Registered like spike-opt (every upstream dialect and pass, spike's dialect,
// passes and pipelines) plus count-spike-synapses.
//
//===----------------------------------------------------------------------===//

#include "SynapseCount/Passes.h"

#include "spike/Conversion/Passes.h"
#include "spike/Dialect/Spike/IR/SpikeDialect.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"
#include "spike/Pipelines/Pipelines.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::spike::registerSpikeTransformsPasses();
  mlir::spike::registerSpikeConversionPasses();
  mlir::spike::registerSpikePipelines();
  synapse_count::registerSynapseCountPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::spike::SpikeDialect>();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "downstream-opt: spike-opt with count-spike-synapses\n",
      registry));
}
