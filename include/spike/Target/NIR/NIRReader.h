//===- NIRReader.h - reading NIR HDF5 files -------------------------------===//

#ifndef SPIKE_TARGET_NIR_NIRREADER_H
#define SPIKE_TARGET_NIR_NIRREADER_H

#include "spike/Target/NIR/NIRGraph.h"

#include "llvm/Support/Error.h"

namespace mlir::spike::nir {

/// Limits that keep a hostile file from exhausting memory: checked on every
/// dataset before anything is allocated.
struct ReadLimits {
  int64_t maxElementsPerDataset = int64_t(1) << 28; // 1 GiB of f32
  int64_t maxTotalElements = int64_t(1) << 29;
  int64_t maxNodes = 1 << 20;
  int64_t maxNestingDepth = 64;
};

/// Reads an NIR file of the 0.x or 1.x HDF5 layout: a group `node` of type
/// NIRGraph with `nodes` (a group per node: `type` and parameter datasets)
/// and `edges` (n x 2 strings). Errors name the file and the node.
llvm::Expected<Graph> readFile(llvm::StringRef path,
                               const ReadLimits &limits = {});

/// Bounds on the process that reads a file in readFileIsolated.
struct Isolation {
  /// CPU time of the reading process ($SPIKE_NIR_READ_SECONDS overrides).
  unsigned cpuSeconds = 60;
  /// Address-space limit of the reading process (0: none; not applied in
  /// sanitizer builds, whose shadow memory needs terabytes of it).
  int64_t addressSpaceBytes = int64_t(16) << 30;
};

/// readFile in a forked child process with the limits of `isolation`: a
/// hang, crash or memory blow-up of the HDF5 library on a malformed file
/// becomes an error naming the file. What the tools use.
llvm::Expected<Graph> readFileIsolated(llvm::StringRef path,
                                       const ReadLimits &limits = {},
                                       const Isolation &isolation = {});

/// readFile of the bytes of an NIR file held in memory (`name` stands for
/// the file in error messages).
llvm::Expected<Graph> readImage(llvm::StringRef image, llvm::StringRef name,
                                const ReadLimits &limits = {});

} // namespace mlir::spike::nir

#endif // SPIKE_TARGET_NIR_NIRREADER_H
