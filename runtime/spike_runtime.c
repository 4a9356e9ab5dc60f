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

/*===----------------------------------------------------------------------===*
 * Buffer allocation
 *
 * Compiled models allocate their intermediate tensors through these (MLIR's
 * generic allocation functions). Each thread keeps the blocks it frees in a
 * small cache and hands them out again, so that running a model repeatedly
 * reuses memory instead of mapping fresh pages (page faults dominate large
 * batches otherwise). Cached blocks are released when the thread exits.
 *===----------------------------------------------------------------------===*/

#include <pthread.h>
#include <stdlib.h>

enum { kCacheSlots = 64, kHeader = 16 };

typedef struct {
  int count;
  void *blocks[kCacheSlots];
} SpikeBlockCache;

static pthread_key_t cacheKey;
static pthread_once_t cacheOnce = PTHREAD_ONCE_INIT;

static size_t blockSize(void *block) { return *(size_t *)block; }

static void releaseCache(void *opaque) {
  SpikeBlockCache *cache = (SpikeBlockCache *)opaque;
  for (int i = 0; i < cache->count; ++i)
    free(cache->blocks[i]);
  free(cache);
}

static void createCacheKey(void) { pthread_key_create(&cacheKey, releaseCache); }

static SpikeBlockCache *threadCache(void) {
  pthread_once(&cacheOnce, createCacheKey);
  SpikeBlockCache *cache = (SpikeBlockCache *)pthread_getspecific(cacheKey);
  if (!cache) {
    cache = (SpikeBlockCache *)calloc(1, sizeof(SpikeBlockCache));
    if (cache)
      pthread_setspecific(cacheKey, cache);
  }
  return cache;
}

/* A block of at least `size` bytes, 16-byte aligned like malloc's; its
 * capacity is kept in a header in front of it. */
void *_mlir_memref_to_llvm_alloc(size_t size) {
  SpikeBlockCache *cache = threadCache();
  if (cache) {
    /* The smallest cached block that fits without wasting over half. */
    int best = -1;
    for (int i = 0; i < cache->count; ++i) {
      size_t capacity = blockSize(cache->blocks[i]);
      if (capacity >= size && capacity / 2 <= size + 4096 &&
          (best < 0 || capacity < blockSize(cache->blocks[best])))
        best = i;
    }
    if (best >= 0) {
      void *block = cache->blocks[best];
      cache->blocks[best] = cache->blocks[--cache->count];
      return (char *)block + kHeader;
    }
  }
  void *block = malloc(size + kHeader);
  if (!block)
    return NULL;
  *(size_t *)block = size;
  return (char *)block + kHeader;
}

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  /* MLIR aligns the pointer itself when it allocates with extra room; this
   * entry point exists for completeness and over-allocates the same way. */
  (void)alignment;
  return _mlir_memref_to_llvm_alloc(size);
}

void _mlir_memref_to_llvm_free(void *pointer) {
  if (!pointer)
    return;
  void *block = (char *)pointer - kHeader;
  SpikeBlockCache *cache = threadCache();
  if (cache && cache->count < kCacheSlots) {
    cache->blocks[cache->count++] = block;
    return;
  }
  free(block);
}
