//===- spike-import.cpp - NIR files to the spike dialect ------------------===//
//
//   spike-import model.nir [--timesteps T] [--batch B] [--dt DT] [-o out.mlir]
//
// Reads an NIR HDF5 file (NIR 0.x/1.x and spike's extension nodes) and
// prints func.func @forward in the spike dialect. The output file is written
// whole or not at all.
//
//===----------------------------------------------------------------------===//

#include "spike/Target/NIR/NIRImporter.h"
#include "spike/Target/NIR/NIRReader.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<model.nir>"), cl::Required);
static cl::opt<std::string> outputFile("o", cl::desc("Output file (- for stdout)"),
                                       cl::value_desc("file"), cl::init("-"));
static cl::opt<int64_t> timesteps("timesteps",
                                  cl::desc("Time steps T (default 1)"),
                                  cl::init(1));
static cl::opt<int64_t> batch("batch", cl::desc("Batch size B (default 1)"),
                              cl::init(1));
static cl::opt<double> dt("dt",
                          cl::desc("Euler step of NIR's continuous-time "
                                   "neurons in seconds (default 1e-4)"),
                          cl::init(1e-4));

static cl::opt<std::string>
    membraneOf("membrane-of",
               cl::desc("Output the membrane potential of this neuron node at "
                        "every step instead of the graph's output (a probe)"),
               cl::value_desc("node"), cl::init(""));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "spike-import: NIR -> spike dialect\n");

  auto fail = [](llvm::Error error) {
    llvm::WithColor::error(llvm::errs(), "spike-import")
        << llvm::toString(std::move(error)) << "\n";
    return 1;
  };
  auto graph = spike::nir::readFileIsolated(inputFile);
  if (!graph)
    return fail(graph.takeError());
  MLIRContext context;
  // Warnings (e.g. shapes accepted up to unit dimensions) go to stderr.
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  spike::nir::ImportOptions options;
  options.timesteps = timesteps;
  options.batch = batch;
  options.dt = dt;
  options.membraneOf = membraneOf;
  auto module = spike::nir::importGraph(*graph, inputFile, options, &context);
  if (!module)
    return fail(module.takeError());

  // Written under a temporary name and renamed ("-": stdout): no partial
  // output file.
  if (llvm::Error error = llvm::writeToOutput(
          outputFile, [&](llvm::raw_ostream &os) {
            (*module)->print(os);
            os << "\n";
            return llvm::Error::success();
          }))
    return fail(std::move(error));
  return 0;
}
