//===- ModelCompiler.h - models to self-contained shared libraries --------===//
//
// What spike-compile does, as a library: import or parse a model, run
// --spike-cpu-pipeline, translate to LLVM IR, add the C ABI of compiled
// models (docs/c-abi.md), and write MLIR, LLVM IR, an object file or a
// shared library with its header.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_COMPILE_MODELCOMPILER_H
#define SPIKE_COMPILE_MODELCOMPILER_H

#include "spike/Dialect/Spike/IR/SpikeDialect.h"
#include "spike/Target/NIR/NIRImporter.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir::spike {

struct CompileOptions {
  enum class Emit { MLIR, LLVM, Object, SharedLibrary };
  Emit emit = Emit::SharedLibrary;
  /// cpu, or cuda (NVIDIA GPUs, in builds that found the CUDA toolkit).
  std::string target = "cpu";
  /// --target cuda: the GPU compiled for (sm_90: H100/H200, sm_80: A100).
  std::string chip = "sm_90";
  /// Import options for .nir inputs (T, B, dt).
  nir::ImportOptions import;
  /// CPU to generate code for: "native" (the host) or an LLVM CPU name such
  /// as x86-64-v3.
  std::string cpu = "native";
  /// f32 lanes per vector register; 0 = from the CPU.
  int64_t vectorWidth = 0;
  /// auto, scores_first or kv_first.
  AttentionOrderPolicy attentionOrder = AttentionOrderPolicy::automatic;
  /// Header to write next to a shared library ("" = none).
  std::string headerPath;
  /// Baseline: spikes reach synapses and attentions as dense f32
  /// (spike-cpu-pipeline's dense-spikes).
  bool denseSpikes = false;
  /// Print the pass pipeline, then each pass as it runs.
  bool verbose = false;
  /// Print the wall time of every pass and of every stage (import, pass
  /// pipeline, LLVM translation, optimization, code generation, linking).
  bool timing = false;
  /// Print the IR after the passes with these arguments (e.g.
  /// convert-spike-to-linalg), or after every pass, to stderr.
  std::vector<std::string> printIRAfter;
  bool printIRAfterAll = false;
  /// Debug line information for profilers: the spike-level module is written
  /// to `<output>.spike.mlir` (weights elided) and the generated code is
  /// attributed to the line of the op it was lowered from.
  bool debugInfo = false;
};

/// Compiles `inputPath` (an NIR file, or an MLIR file with func.func
/// @forward(tensor<...xf32>) -> tensor<...xf32>) into `outputPath`. Every
/// output file is written whole or not at all. Errors name the input file.
llvm::Error compileModel(llvm::StringRef inputPath, llvm::StringRef outputPath,
                         const CompileOptions &options);

} // namespace mlir::spike

#endif // SPIKE_COMPILE_MODELCOMPILER_H
