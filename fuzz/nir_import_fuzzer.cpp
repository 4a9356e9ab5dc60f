//===- nir_import_fuzzer.cpp - libFuzzer target: NIR file -> spike IR -----===//
//
// Feeds arbitrary bytes to the NIR reader as an in-memory HDF5 file and, when
// it yields a graph, imports it (which verifies the module). Every input must
// end in a graph or an llvm::Error: a crash, a sanitizer report, a hang or
// unbounded memory is a finding.
//
// The reader runs in this process (libFuzzer needs its coverage), so hangs
// and crashes inside libhdf5 itself show up here too; the tools contain
// those by reading files in a child process (IsolatedReader.cpp), and
// scripts/fuzz.py runs this target in fork mode, keeping timeouts and
// out-of-memory inputs as artifacts without stopping.
//
//===----------------------------------------------------------------------===//

#include "spike/Target/NIR/NIRImporter.h"
#include "spike/Target/NIR/NIRReader.h"

#include "mlir/IR/MLIRContext.h"

#include <hdf5.h>

#include <cstddef>
#include <cstdint>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef image(reinterpret_cast<const char *>(data), size);
  // Tighter than the tools' defaults, so that a plausible-looking size
  // cannot make one input take the fuzzer's whole memory budget.
  spike::nir::ReadLimits limits;
  limits.maxElementsPerDataset = int64_t(1) << 22;
  limits.maxTotalElements = int64_t(1) << 23;
  auto graph = spike::nir::readImage(image, "fuzz.nir", limits);
  // libhdf5 keeps freed blocks in free lists of its own: return them, so
  // that resident memory measures this input, not the history.
  H5garbage_collect();
  if (!graph) {
    llvm::consumeError(graph.takeError());
    return 0;
  }
  MLIRContext context(MLIRContext::Threading::DISABLED);
  spike::nir::ImportOptions options;
  options.timesteps = 2;
  auto module = spike::nir::importGraph(*graph, "fuzz.nir", options, &context);
  if (!module)
    llvm::consumeError(module.takeError());
  return 0;
}
