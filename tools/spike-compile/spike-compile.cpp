//===- spike-compile.cpp - models to self-contained shared libraries ------===//
//
//   spike-compile (model.nir | model.mlir) -o model.so [--target cpu|cuda]
//       [--timesteps T] [--batch B] [--dt DT] [--emit mlir|llvm|obj|so]
//       [--mcpu native|<cpu>] [--vector-width N] [--attention-order ...] [-g]
//       [--dense-spikes] [--verbose] [--timing] [--print-ir-after=PASS,...]
//       [--print-ir-after-all]
//
// A shared library gets its C header next to it (model.h for model.so);
// see docs/c-abi.md.
//
//===----------------------------------------------------------------------===//

#include "spike/Compile/ModelCompiler.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<model.nir | model.mlir>"),
                                      cl::Required);
static cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                       cl::value_desc("file"), cl::Required);
static cl::opt<std::string>
    target("target",
           cl::desc("cpu, or cuda (NVIDIA GPUs; in builds with the CUDA "
                    "toolkit)"),
           cl::init("cpu"));
static cl::opt<std::string> chip("chip",
                                 cl::desc("--target cuda: the GPU to compile "
                                          "for (sm_90: H100/H200, sm_80: "
                                          "A100)"),
                                 cl::init("sm_90"));
static cl::opt<int64_t> timesteps("timesteps",
                                  cl::desc("Time steps T of an NIR model"),
                                  cl::init(1));
static cl::opt<int64_t> batch("batch", cl::desc("Batch size B of an NIR model"),
                              cl::init(1));
static cl::opt<double> dt("dt", cl::desc("Euler step of NIR neurons (s)"),
                          cl::init(1e-4));
static cl::opt<spike::CompileOptions::Emit> emit(
    "emit", cl::desc("What to write"),
    cl::values(clEnumValN(spike::CompileOptions::Emit::MLIR, "mlir",
                          "the spike-dialect module (after import)"),
               clEnumValN(spike::CompileOptions::Emit::LLVM, "llvm",
                          "optimized LLVM IR with the C ABI"),
               clEnumValN(spike::CompileOptions::Emit::Object, "obj",
                          "an object file"),
               clEnumValN(spike::CompileOptions::Emit::SharedLibrary, "so",
                          "a shared library and its header (default)")),
    cl::init(spike::CompileOptions::Emit::SharedLibrary));
static cl::opt<std::string> mcpu("mcpu",
                                 cl::desc("CPU to compile for (default: the "
                                          "host, 'native')"),
                                 cl::init("native"));
static cl::opt<int64_t> vectorWidth("vector-width",
                                    cl::desc("f32 lanes per vector register "
                                             "(default: from the CPU)"),
                                    cl::init(0));
static cl::opt<spike::AttentionOrderPolicy>
    attentionOrder("attention-order",
                   cl::desc("evaluation order of each attention"),
                   cl::init(spike::AttentionOrderPolicy::automatic),
                   spike::attentionOrderPolicyValues());
static cl::opt<bool> denseSpikes(
    "dense-spikes",
    cl::desc("Baseline: synapses and attentions take their spikes as dense "
             "f32 (matmuls instead of bitmask accumulation)"),
    cl::init(false));
static cl::opt<bool> debugInfo(
    "g",
    cl::desc("Debug line information for profilers: code is attributed to "
             "the ops of <output>.spike.mlir, written next to the output"),
    cl::init(false));
static cl::opt<bool> verbose(
    "verbose",
    cl::desc("Show the pass pipeline, then each pass as it runs"),
    cl::init(false));
static cl::opt<bool> timing(
    "timing",
    cl::desc("Print the time of every pass and stage (import, passes, LLVM "
             "translation, optimization, code generation, linking)"),
    cl::init(false));
static cl::list<std::string> printIRAfter(
    "print-ir-after",
    cl::desc("Print the IR after these passes (pass arguments, e.g. "
             "convert-spike-to-linalg) to stderr"),
    cl::CommaSeparated, cl::value_desc("pass"));
static cl::opt<bool> printIRAfterAll(
    "print-ir-after-all", cl::desc("Print the IR after every pass to stderr"),
    cl::init(false));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv,
                              "spike-compile: model -> shared library\n");
  spike::CompileOptions options;
  options.emit = emit;
  options.target = target;
  options.chip = chip;
  options.import.timesteps = timesteps;
  options.import.batch = batch;
  options.import.dt = dt;
  options.cpu = mcpu;
  options.vectorWidth = vectorWidth;
  options.attentionOrder = attentionOrder;
  options.verbose = verbose;
  options.timing = timing;
  options.printIRAfter.assign(printIRAfter.begin(), printIRAfter.end());
  options.printIRAfterAll = printIRAfterAll;
  options.debugInfo = debugInfo;
  options.denseSpikes = denseSpikes;
  if (emit == spike::CompileOptions::Emit::SharedLibrary) {
    llvm::SmallString<256> header(outputFile.getValue());
    llvm::sys::path::replace_extension(header, "h");
    options.headerPath = header.str().str();
  }
  if (llvm::Error error = spike::compileModel(inputFile, outputFile, options)) {
    llvm::WithColor::error(llvm::errs(), "spike-compile")
        << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  return 0;
}
