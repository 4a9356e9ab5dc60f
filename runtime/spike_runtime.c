/*===- spike_runtime.c - the runtime linked into every compiled model -----===*
 *
 * Compiled models are self-contained shared libraries: the few functions
 * that MLIR-lowered code calls outside libc live here (MLIR's own runner
 * utilities are not needed at run time).
 *
 *===----------------------------------------------------------------------===*/

#include <stdint.h>
#include <string.h>

/* An unranked memref as MLIR's LLVM lowering passes it: rank and a pointer
 * to the ranked descriptor {allocated, aligned, offset, sizes[rank],
 * strides[rank]}. */
typedef struct {
  int64_t rank;
  void *descriptor;
} SpikeUnrankedMemRef;

typedef struct {
  char *allocated;
  char *aligned;
  int64_t offset;
  int64_t sizesAndStrides[];
} SpikeMemRefHeader;

/* memref.copy between buffers of any layout: MLIR calls it when it cannot
 * prove both sides contiguous. */
void memrefCopy(int64_t elementSize, SpikeUnrankedMemRef *source,
                SpikeUnrankedMemRef *target) {
  int64_t rank = source->rank;
  SpikeMemRefHeader *src = (SpikeMemRefHeader *)source->descriptor;
  SpikeMemRefHeader *dst = (SpikeMemRefHeader *)target->descriptor;
  const int64_t *sizes = src->sizesAndStrides;
  const int64_t *srcStrides = src->sizesAndStrides + rank;
  const int64_t *dstStrides = dst->sizesAndStrides + rank;
  char *srcBase = src->aligned + src->offset * elementSize;
  char *dstBase = dst->aligned + dst->offset * elementSize;

  if (rank == 0) {
    memcpy(dstBase, srcBase, (size_t)elementSize);
    return;
  }
  for (int64_t d = 0; d < rank; ++d)
    if (sizes[d] == 0)
      return;

  /* Odometer over all but the innermost dimension. */
  int64_t index[64] = {0};
  if (rank > 64)
    return;
  int64_t inner = sizes[rank - 1];
  int contiguous = srcStrides[rank - 1] == 1 && dstStrides[rank - 1] == 1;
  for (;;) {
    int64_t srcOffset = 0, dstOffset = 0;
    for (int64_t d = 0; d + 1 < rank; ++d) {
      srcOffset += index[d] * srcStrides[d];
      dstOffset += index[d] * dstStrides[d];
    }
    if (contiguous) {
      memcpy(dstBase + dstOffset * elementSize,
             srcBase + srcOffset * elementSize, (size_t)(inner * elementSize));
    } else {
      for (int64_t i = 0; i < inner; ++i)
        memcpy(dstBase + (dstOffset + i * dstStrides[rank - 1]) * elementSize,
               srcBase + (srcOffset + i * srcStrides[rank - 1]) * elementSize,
               (size_t)elementSize);
    }
    int64_t d = rank - 2;
    for (; d >= 0; --d) {
      if (++index[d] < sizes[d])
        break;
      index[d] = 0;
    }
    if (d < 0)
      return;
  }
}
