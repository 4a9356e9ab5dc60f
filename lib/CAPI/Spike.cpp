//===- Spike.cpp - the C API of spike -------------------------------------===//
//
// Thin wrappers over the C++ API (include/spike-c/Spike.h documents them).
// MLIR's C handles are unwrapped with MLIR's header-only helpers, so this
// library needs libMLIR.so only, not a second copy of MLIR's C API.
//
//===----------------------------------------------------------------------===//

#include "spike-c/Spike.h"

#include "spike/Compile/ModelCompiler.h"
#include "spike/Conversion/Passes.h"
#include "spike/Dialect/Spike/IR/SpikeDialect.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"
#include "spike/Pipelines/Pipelines.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"

#include <cstring>
#include <mutex>

using namespace mlir;

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Spike, spike, spike::SpikeDialect)

const char *spikeVersion(void) { return "0.1.0"; }

void spikeRegisterDialects(MlirDialectRegistry registry) {
  DialectRegistry &cppRegistry = *unwrap(registry);
  registerAllDialects(cppRegistry);
  registerAllExtensions(cppRegistry);
  cppRegistry.insert<spike::SpikeDialect>();
}

void spikeRegisterPasses(void) {
  static std::once_flag once;
  std::call_once(once, [] {
    registerAllPasses();
    spike::registerSpikeTransformsPasses();
    spike::registerSpikeConversionPasses();
    spike::registerSpikePipelines();
  });
}

MlirLogicalResult spikeRunCPUPipeline(MlirModule module,
                                      MlirStringRef options) {
  spikeRegisterPasses();
  ModuleOp cppModule = unwrap(module);
  PassManager pm(cppModule.getContext());
  // The options' text is parsed into the typed options; the pipeline itself
  // is built in C++.
  auto parsed = spike::CPUPipelineOptions::createFromString(unwrap(options));
  if (!parsed)
    return wrap(failure());
  spike::buildSpikeCPUPipeline(pm, *parsed);
  return wrap(pm.run(cppModule));
}

void spikeCompileOptionsInit(SpikeCompileOptions *options) {
  spike::CompileOptions defaults;
  options->emit = SPIKE_EMIT_SHARED_LIBRARY;
  options->timesteps = defaults.import.timesteps;
  options->batch = defaults.import.batch;
  options->dt = defaults.import.dt;
  options->cpu = "native";
  options->vectorWidth = 0;
  options->attentionOrder = "auto";
  options->denseSpikes = 0;
  options->debugInfo = 0;
  options->headerPath = nullptr;
  options->target = "cpu";
  options->chip = "sm_90";
}

int spikeCompileModel(const char *inputPath, const char *outputPath,
                      const SpikeCompileOptions *options, char *error,
                      size_t errorSize) {
  auto report = [&](const std::string &message) {
    if (error && errorSize > 0) {
      size_t length = std::min(message.size(), errorSize - 1);
      std::memcpy(error, message.data(), length);
      error[length] = '\0';
    }
    return 1;
  };
  if (!inputPath || !outputPath || !options)
    return report("spikeCompileModel: a path or the options are NULL");
  spike::CompileOptions cpp;
  // The enum comes from C: any int may arrive.
  switch (static_cast<int>(options->emit)) {
  case SPIKE_EMIT_SHARED_LIBRARY:
    cpp.emit = spike::CompileOptions::Emit::SharedLibrary;
    break;
  case SPIKE_EMIT_OBJECT:
    cpp.emit = spike::CompileOptions::Emit::Object;
    break;
  case SPIKE_EMIT_LLVM:
    cpp.emit = spike::CompileOptions::Emit::LLVM;
    break;
  case SPIKE_EMIT_MLIR:
    cpp.emit = spike::CompileOptions::Emit::MLIR;
    break;
  default:
    return report("spikeCompileModel: unknown emit kind " +
                  std::to_string(static_cast<int>(options->emit)));
  }
  cpp.import.timesteps = options->timesteps;
  cpp.import.batch = options->batch;
  cpp.import.dt = options->dt;
  cpp.cpu = options->cpu ? options->cpu : "native";
  cpp.vectorWidth = options->vectorWidth;
  if (options->attentionOrder) {
    std::optional<spike::AttentionOrderPolicy> order =
        spike::symbolizeAttentionOrderPolicy(options->attentionOrder);
    if (!order)
      return report(std::string("--attention-order must be auto, "
                                "scores_first or kv_first, got '") +
                    options->attentionOrder + "'");
    cpp.attentionOrder = *order;
  }
  cpp.denseSpikes = options->denseSpikes != 0;
  cpp.debugInfo = options->debugInfo != 0;
  if (options->headerPath)
    cpp.headerPath = options->headerPath;
  if (options->target)
    cpp.target = options->target;
  if (options->chip)
    cpp.chip = options->chip;
  if (llvm::Error failure = spike::compileModel(inputPath, outputPath, cpp))
    return report(llvm::toString(std::move(failure)));
  return 0;
}
