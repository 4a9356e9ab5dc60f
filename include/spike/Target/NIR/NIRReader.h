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

} // namespace mlir::spike::nir

#endif // SPIKE_TARGET_NIR_NIRREADER_H
