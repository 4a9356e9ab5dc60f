//===- ModelCompiler.cpp - models to self-contained shared libraries ------===//

#include "spike/Support/Limits.h"
#include "spike/Compile/ModelCompiler.h"

#include "CInterface.h"
#include "EventCounters.h"
#include "ToolPaths.h"
#include "spike/Conversion/Passes.h"
#include "spike/Dialect/Spike/IR/SpikeDialect.h"
#include "spike/Dialect/Spike/Transforms/Passes.h"
#include "spike/Codegen/CPU/Passes.h"
#include "spike/Pipelines/Pipelines.h"
#include "spike/Target/NIR/NIRReader.h"

#include "mlir/Support/Timing.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/Transforms/Passes.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/LocationSnapshot.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <dlfcn.h>
#include <functional>
#include <mutex>
#include <set>

using namespace mlir;
using namespace mlir::spike;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

namespace {

Error fileError(StringRef file, const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 file + ": " + message);
}

/// Registers, once, everything the pipeline parses by name.
void registerEverything() {
  static std::once_flag once;
  std::call_once(once, [] {
    registerAllPasses();
    registerSpikeTransformsPasses();
    registerSpikeConversionPasses();
    registerSpikePipelines();
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

void setUpContext(MLIRContext &context) {
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registry.insert<SpikeDialect>();
  // GPU: kernels are translated by gpu-module-to-binary, and gpu.binary and
  // gpu.launch_func by the host's translation.
  registerAllToLLVMIRTranslations(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
}

Expected<OwningOpRef<ModuleOp>> loadModel(StringRef path,
                                          const CompileOptions &options,
                                          MLIRContext &context,
                                          llvm::SourceMgr &sourceMgr) {
  if (path.ends_with(".nir") || path.ends_with(".h5") ||
      path.ends_with(".hdf5")) {
    auto graph = nir::readFileIsolated(path);
    if (!graph)
      return graph.takeError();
    return nir::importGraph(*graph, path, options.import, &context);
  }
  if (!path.ends_with(".mlir"))
    return fileError(path, "unknown input kind (expected .nir or .mlir)");
  std::string error;
  auto buffer = openInputFile(path, &error);
  if (!buffer)
    return fileError(path, error);
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  // Parse errors are reported with their location by the context's handler.
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return fileError(path, "cannot parse the MLIR input");
  return std::move(module);
}

/// The model's entry point and its static f32 input and output shapes.
struct Signature {
  SmallVector<int64_t> input, output;
};

Expected<Signature> prepareForward(ModuleOp module, StringRef path) {
  auto forward = module.lookupSymbol<func::FuncOp>("forward");
  if (!forward || forward.isExternal())
    return fileError(path, "the model has no func.func @forward");
  FunctionType type = forward.getFunctionType();
  auto isStaticF32 = [](Type t) {
    auto tensor = dyn_cast<RankedTensorType>(t);
    return tensor && tensor.hasStaticShape() &&
           tensor.getElementType().isF32() && tensor.getRank() >= 1;
  };
  if (type.getNumInputs() != 1 || type.getNumResults() != 1 ||
      !isStaticF32(type.getInput(0)) || !isStaticF32(type.getResult(0)))
    return fileError(path, "@forward must take one static f32 tensor and "
                         "return one static f32 tensor, it has type " +
                             Twine(llvm::formatv("{0}", type).str()));
  // The caller's input buffer is read-only; the C ABI calls
  // _mlir_ciface_forward.
  forward.setArgAttr(0, bufferization::BufferizationDialect::kWritableAttrName,
                     BoolAttr::get(module.getContext(), false));
  forward->setAttr("llvm.emit_c_interface", UnitAttr::get(module.getContext()));
  for (auto func : module.getOps<func::FuncOp>())
    if (func != forward && !func.isExternal())
      func.setPrivate();
  return Signature{
      SmallVector<int64_t>(cast<RankedTensorType>(type.getInput(0)).getShape()),
      SmallVector<int64_t>(
          cast<RankedTensorType>(type.getResult(0)).getShape())};
}

/// Rejects a model with a tensor larger than kMaxModelTensorElements,
/// naming the op that makes it.
Error checkTensorSizes(ModuleOp module, StringRef path) {
  std::string problem;
  module.walk([&](Operation *op) {
    SmallVector<Type> types(op->getResultTypes());
    for (Region &region : op->getRegions())
      for (Block &block : region)
        llvm::append_range(types, block.getArgumentTypes());
    for (Type type : types) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor || !tensor.hasStaticShape() ||
          hasAtMostElements(tensor.getShape(), kMaxModelTensorElements))
        continue;
      std::optional<int64_t> elements = staticElementCount(tensor.getShape());
      std::string where = op->getName().getStringRef().str();
      if (auto line = dyn_cast<FileLineColLoc>(op->getLoc()))
        where += llvm::formatv(" (line {0})", line.getLine()).str();
      problem = llvm::formatv("{0}: a tensor of {1} elements ({2}) is larger "
                              "than spike-compile compiles (2^32 elements)",
                              where,
                              elements ? std::to_string(*elements)
                                       : std::string("more than 2^63"),
                              type)
                    .str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return problem.empty() ? Error::success() : fileError(path, problem);
}

Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const CompileOptions &options) {
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), error);
  std::string cpu = options.cpu;
  std::string features;
  if (cpu == "native") {
    cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures subtarget;
    for (const auto &[feature, enabled] : llvm::sys::getHostCPUFeatures())
      subtarget.AddFeature(feature, enabled);
    features = subtarget.getString();
  }
  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot create a target machine for CPU '" +
                                       options.cpu + "'");
  return std::move(machine);
}

/// LLVM's O3 pipeline without loop unrolling: the code is already tiled and
/// vectorized, and fully unrolling its many small constant-trip loops takes
/// minutes on larger models for no measurable gain.
void optimize(llvm::Module &module, llvm::TargetMachine &machine) {
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = false;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(&machine, tuning);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::ModulePassManager passes =
      builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  passes.run(module, modules);
}

/// Writes `path` whole or not at all: llvm::writeToOutput writes a
/// temporary file next to it, renames it into place, and removes it when
/// `contents` or the write fails.
Error writeAtomically(StringRef path,
                      std::function<Error(llvm::raw_ostream &)> contents) {
  if (Error error = llvm::writeToOutput(path, std::move(contents)))
    return fileError(path,
                     "cannot write the output: " + toString(std::move(error)));
  return Error::success();
}

Error emitObject(llvm::Module &module, llvm::TargetMachine &machine,
                 llvm::raw_pwrite_stream &os) {
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the target cannot emit object files");
  passes.run(module);
  return Error::success();
}

/// Parts the model's LLVM module is cut into for a shared library. A fixed
/// count, not the host's cores, so that the library does not depend on the
/// machine that compiled it; more parts than cores balance the threads.
constexpr unsigned kCodePartitions = 4;

/// `module`, optimized and compiled into objects at `objects` (one per part,
/// kCodePartitions) on all cores. llvm::SplitModule cuts it into parts of
/// balanced size (local symbols become hidden globals, which the shared
/// library does not export); each part travels as bitcode into its own
/// LLVMContext, since a context cannot be used by two threads, and is
/// optimized and compiled there with its own target machine. Both LLVM
/// stages are per function here (the model's functions call into the
/// runtime, not into each other), so the parts' code is the same code.
Error emitObjectsInParallel(llvm::Module &module,
                            const CompileOptions &options,
                            ArrayRef<std::string> objects) {
  SmallVector<llvm::SmallString<0>> parts;
  llvm::SplitModule(
      module, objects.size(),
      [&](std::unique_ptr<llvm::Module> part) {
        llvm::SmallString<0> &bitcode = parts.emplace_back();
        llvm::raw_svector_ostream os(bitcode);
        llvm::WriteBitcodeToFile(*part, os);
      },
      /*PreserveLocals=*/false);
  assert(parts.size() == objects.size() && "one bitcode buffer per part");
  std::vector<std::string> problems(parts.size());
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency());
  for (size_t i = 0; i < parts.size(); ++i)
    pool.async([&, i] {
      llvm::LLVMContext context;
      auto part = llvm::parseBitcodeFile(
          llvm::MemoryBufferRef(parts[i].str(), "part"), context);
      if (!part) {
        problems[i] = toString(part.takeError());
        return;
      }
      auto machine = createTargetMachine(options);
      if (!machine) {
        problems[i] = toString(machine.takeError());
        return;
      }
      optimize(**part, **machine);
      std::error_code ec;
      llvm::raw_fd_ostream os(objects[i], ec);
      if (ec) {
        problems[i] = ec.message();
        return;
      }
      if (Error error = emitObject(**part, **machine, os))
        problems[i] = toString(std::move(error));
    });
  pool.wait();
  for (const std::string &problem : problems)
    if (!problem.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "code generation failed: " + problem);
  return Error::success();
}

/// The runtime archive: $SPIKE_RUNTIME_LIBRARY, else next to the code of
/// this library (lib/ of a build tree or an install prefix: the library
/// this code is in, or bin/../lib of the tool it is linked into), else
/// where the build put it.
std::string findRuntimeLibrary(bool cuda) {
  if (const char *override = std::getenv(cuda ? "SPIKE_CUDA_RUNTIME_LIBRARY"
                                              : "SPIKE_RUNTIME_LIBRARY"))
    return override;
  StringRef archive = cuda ? "libspike_cuda_runtime.a" : "libspike_runtime.a";
  SmallVector<std::string> folders;
  Dl_info info;
  if (dladdr(reinterpret_cast<void *>(&findRuntimeLibrary), &info) &&
      info.dli_fname) {
    llvm::SmallString<256> self(info.dli_fname);
    llvm::sys::path::remove_filename(self);
    folders.push_back(self.str().str());
    llvm::sys::path::append(self, "..", "lib");
    folders.push_back(self.str().str());
  }
  for (const std::string &folder : folders) {
    llvm::SmallString<256> candidate(folder);
    llvm::sys::path::append(candidate, archive);
    if (llvm::sys::fs::exists(candidate))
      return candidate.str().str();
  }
  return cuda ? SPIKE_CUDA_RUNTIME_LIBRARY_PATH : SPIKE_RUNTIME_LIBRARY_PATH;
}

/// Links `objects` and the runtime (the CUDA one and the driver library for
/// `cuda`) into a shared library at `output`.
Error linkSharedLibrary(ArrayRef<std::string> objects, StringRef output,
                        StringRef input, bool cuda) {
  std::string linker = SPIKE_LINKER_PATH;
  if (const char *override = std::getenv("SPIKE_LINKER"))
    linker = override;
  std::string runtime = findRuntimeLibrary(cuda);
  if (!llvm::sys::fs::exists(linker))
    return fileError(input, "linker '" + linker + "' not found");
  if (!llvm::sys::fs::exists(runtime))
    return fileError(input, "runtime library '" + runtime + "' not found");
  llvm::SmallString<256> temporary;
  if (auto ec = llvm::sys::fs::createUniqueFile(output + ".tmp-%%%%%%.so",
                                                temporary))
    return fileError(output, "cannot create the output: " + ec.message());
  // malloc, free and memcpy come from the C library of the process that
  // loads the model.
  // The whole runtime goes in: its exported functions (the thread count)
  // must be there even where the model's code does not call into it.
  SmallVector<StringRef> args{linker, "-shared", "-o", temporary};
  args.append(objects.begin(), objects.end());
  args.append({"--whole-archive", runtime, "--no-whole-archive", "-O1",
               "--gc-sections"});
  // libcuda.so.1 (the driver's) is the one dependency of a CUDA model.
  if (cuda)
    args.push_back(SPIKE_CUDA_DRIVER_LIBRARY);
  std::string message;
  int status = llvm::sys::ExecuteAndWait(linker, args, std::nullopt, {}, 0, 0,
                                         &message);
  if (status != 0) {
    llvm::sys::fs::remove(temporary);
    return fileError(input, "linking failed" +
                              (message.empty() ? "" : ": " + message));
  }
  if (auto ec = llvm::sys::fs::rename(temporary, output)) {
    llvm::sys::fs::remove(temporary);
    return fileError(output, "cannot write the output: " + ec.message());
  }
  return Error::success();
}

} // namespace

Error mlir::spike::compileModel(StringRef inputPath, StringRef outputPath,
                                const CompileOptions &options) {
  bool cuda = options.target == "cuda";
  if (cuda && !SPIKE_ENABLE_CUDA)
    return fileError(inputPath, "--target cuda is not available in this build "
                              "(the CUDA toolkit was not found when spike "
                              "was configured)");
  if (!cuda && options.target != "cpu")
    return fileError(inputPath, "unknown --target '" + options.target +
                                  "' (expected cpu or cuda)");
  if (cuda && options.denseSpikes)
    return fileError(inputPath, "--dense-spikes is a CPU baseline, not "
                                "available with --target cuda");
  registerEverything();
  MLIRContext context;
  setUpContext(context);
  // --timing: one timer per stage, the passes nested under theirs.
  DefaultTimingManager timing;
  timing.setEnabled(options.timing);
  TimingScope total = timing.getRootScope();
  // Diagnostics of MLIR inputs show file:line:column and the source line.
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  TimingScope importTimer = total.nest("import or parse the model");
  auto module = loadModel(inputPath, options, context, sourceMgr);
  importTimer.stop();
  if (!module)
    return module.takeError();
  auto signature = prepareForward(**module, inputPath);
  if (!signature)
    return signature.takeError();
  if (Error error = checkTensorSizes(**module, inputPath))
    return error;

  if (options.emit == CompileOptions::Emit::MLIR)
    return writeAtomically(outputPath, [&](llvm::raw_ostream &os) {
      (*module)->print(os);
      os << "\n";
      return Error::success();
    });

  std::vector<LayerInfo> layers = addEventCounters(**module);
  if (options.debugInfo) {
    std::string listing = (outputPath + ".spike.mlir").str();
    if (failed(generateLocationsFromIR(
            listing, **module, OpPrintingFlags().elideLargeElementsAttrs(8))))
      return fileError(listing, "cannot write the op listing for -g");
  }
  auto machine = createTargetMachine(options);
  if (!machine)
    return machine.takeError();
  PassManager pm(&context);
  if (cuda) {
    GPUPipelineOptions pipeline;
    pipeline.chip = options.chip;
    pipeline.attentionOrder = options.attentionOrder;
    buildSpikeGPUPipeline(pm, pipeline);
  } else {
    CPUPipelineOptions pipeline;
    // The code is tuned for the CPU it is compiled for
    // (spike-select-cpu-strategy), like the target machine.
    pipeline.cpu = options.cpu;
    pipeline.vectorWidth = options.vectorWidth;
    pipeline.attentionOrder = options.attentionOrder;
    pipeline.denseSpikes = options.denseSpikes;
    // Buffers come from the runtime's per-thread cache
    // (runtime/spike_runtime.c) and parallel loops run on its thread pool
    // (runtime/spike_parallel.c).
    pipeline.runtimeAllocator = true;
    pipeline.parallel = true;
    buildSpikeCPUPipeline(pm, pipeline);
  }
  if (options.debugInfo)
    pm.addPass(LLVM::createDIScopeForLLVMFuncOpPass());
  if (options.verbose) {
    llvm::errs() << "spike-compile: pass pipeline: ";
    pm.printAsTextualPipeline(llvm::errs());
    llvm::errs() << "\n";
  }
  std::set<std::string> printAfter(options.printIRAfter.begin(),
                                   options.printIRAfter.end());
  if (options.verbose || options.printIRAfterAll || !printAfter.empty()) {
    // Printing the whole module after a nested pass needs one thread.
    context.disableMultithreading();
    bool verbose = options.verbose, all = options.printIRAfterAll;
    pm.enableIRPrinting(
        [](Pass *, Operation *) { return false; },
        [verbose, all, printAfter](Pass *pass, Operation *) {
          if (verbose)
            llvm::errs() << "spike-compile: ran " << pass->getArgument()
                         << "\n";
          return all || printAfter.count(pass->getArgument().str());
        },
        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false);
  }
  TimingScope passTimer = total.nest(cuda ? "spike-gpu-pipeline (passes)"
                                          : "spike-cpu-pipeline (passes)");
  if (options.timing)
    pm.enableTiming(passTimer);
  if (mlir::failed(pm.run(**module)))
    return fileError(inputPath, "compilation failed (see the errors above)");
  passTimer.stop();

  TimingScope translateTimer = total.nest("translate to LLVM IR");
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(**module, llvmContext, "spike_model");
  if (!llvmModule)
    return fileError(inputPath, "translation to LLVM IR failed");
  llvmModule->setTargetTriple((*machine)->getTargetTriple());
  llvmModule->setDataLayout((*machine)->createDataLayout());
  std::string modelName = llvm::sys::path::stem(inputPath).str();
  addModelInterface(*llvmModule, modelName, signature->input,
                    signature->output, layers, cuda);
  // The counting copy of the model runs once per report: compiling it
  // without optimization halves the compile time of large models.
  for (llvm::StringRef name : {"forward_stats", "_mlir_ciface_forward_stats"})
    if (llvm::Function *function = llvmModule->getFunction(name)) {
      function->addFnAttr(llvm::Attribute::OptimizeNone);
      function->addFnAttr(llvm::Attribute::NoInline);
    }
  translateTimer.stop();
  // LLVM IR and an object file are one module's, optimized and compiled on
  // one thread; a shared library's code is built in parts on all cores.
  auto optimizeWhole = [&] {
    TimingScope optimizeTimer = total.nest("LLVM optimization");
    optimize(*llvmModule, **machine);
  };
  switch (options.emit) {
  case CompileOptions::Emit::LLVM:
    optimizeWhole();
    return writeAtomically(outputPath, [&](llvm::raw_ostream &os) {
      llvmModule->print(os, nullptr);
      return Error::success();
    });
  case CompileOptions::Emit::Object: {
    optimizeWhole();
    TimingScope codegenTimer = total.nest("code generation");
    return writeAtomically(outputPath, [&](llvm::raw_ostream &os) {
      // Object emission seeks back; the file stream of writeToOutput may not.
      llvm::buffer_ostream buffered(os);
      return emitObject(*llvmModule, **machine, buffered);
    });
  }
  case CompileOptions::Emit::SharedLibrary: {
    SmallVector<std::string> objects;
    std::vector<llvm::FileRemover> removeObjects(kCodePartitions);
    for (unsigned i = 0; i < kCodePartitions; ++i) {
      llvm::SmallString<256> object;
      if (llvm::sys::fs::createTemporaryFile("spike-model", "o", object))
        return fileError(outputPath, "cannot create a temporary object file");
      removeObjects[i].setFile(object);
      objects.push_back(object.str().str());
    }
    {
      std::string stage =
          ("LLVM optimization and code generation (" +
           Twine(kCodePartitions) + " parts, " +
           Twine(llvm::hardware_concurrency().compute_thread_count()) +
           " threads)")
              .str();
      TimingScope codegenTimer = total.nest(StringRef(stage));
      if (Error error = emitObjectsInParallel(*llvmModule, options, objects))
        return fileError(inputPath, toString(std::move(error)));
    }
    TimingScope linkTimer = total.nest("linking the shared library");
    if (Error error = linkSharedLibrary(objects, outputPath, inputPath, cuda))
      return error;
    linkTimer.stop();
    if (options.headerPath.empty())
      return Error::success();
    return writeAtomically(options.headerPath, [&](llvm::raw_ostream &os) {
      os << modelHeader(modelName, signature->input, signature->output);
      return Error::success();
    });
  }
  case CompileOptions::Emit::MLIR:
    break;
  }
  return Error::success();
}
