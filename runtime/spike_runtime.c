/*===- spike_runtime.c - the runtime linked into every compiled model -----===*
 *
 * Compiled models are self-contained shared libraries: the few functions
 * that MLIR-lowered code calls outside libc live here (MLIR's own runner
 * utilities are not needed at run time).
 *
 *===----------------------------------------------------------------------===*/

#include "spike_run.h"

#include "spike-c/ModelABI.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
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

  /* Odometer over all but the innermost dimension (any rank). */
  int64_t index[rank];
  memset(index, 0, sizeof index);
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
 *
 * Generated code does not check for null: an allocation that fails ends
 * the run instead (spike_run_fail, SPIKE_ERROR_MEMORY), and the run frees
 * the buffers it still holds (spike_run.h).
 *===----------------------------------------------------------------------===*/

enum { kCacheSlots = 64 };

/* A block from malloc: its start and size, as the block cache keeps it. */
typedef struct {
  void *base;
  size_t bytes;
} SpikeBlock;

/* In front of every pointer handed out: the block and the run's link. Its
 * size keeps pointers at least as aligned as malloc's (16 bytes). */
typedef struct {
  SpikeRunLink link;
  SpikeBlock block;
  char padding[8];
} SpikeHeader;
_Static_assert(sizeof(SpikeHeader) % 16 == 0, "headers keep 16-byte alignment");

typedef struct {
  int count;
  SpikeBlock blocks[kCacheSlots];
} SpikeBlockCache;

static pthread_key_t cacheKey;
static int cacheKeyReady;
static pthread_once_t cacheOnce = PTHREAD_ONCE_INIT;

static void releaseCache(void *opaque) {
  SpikeBlockCache *cache = (SpikeBlockCache *)opaque;
  for (int i = 0; i < cache->count; ++i)
    free(cache->blocks[i].base);
  free(cache);
}

static void createCacheKey(void) {
  cacheKeyReady = pthread_key_create(&cacheKey, releaseCache) == 0;
}

/* This thread's cache; null if it cannot have one (then blocks go straight
 * back to malloc). */
static SpikeBlockCache *threadCache(void) {
  pthread_once(&cacheOnce, createCacheKey);
  if (!cacheKeyReady)
    return NULL;
  SpikeBlockCache *cache = (SpikeBlockCache *)pthread_getspecific(cacheKey);
  if (!cache) {
    cache = (SpikeBlockCache *)calloc(1, sizeof(SpikeBlockCache));
    if (cache && pthread_setspecific(cacheKey, cache) != 0) {
      free(cache);
      cache = NULL;
    }
  }
  return cache;
}

static SpikeHeader *headerOf(void *pointer) { return (SpikeHeader *)pointer - 1; }

/* The first `alignment`-aligned address in `block` after a header, with the
 * header written in front of it and the buffer registered with the run. */
static void *place(SpikeBlock block, size_t alignment) {
  uintptr_t first = (uintptr_t)block.base + sizeof(SpikeHeader);
  uintptr_t pointer = (first + alignment - 1) & ~(uintptr_t)(alignment - 1);
  SpikeHeader *header = headerOf((void *)pointer);
  header->block = block;
  spike_run_track(&header->link);
  return (void *)pointer;
}

/* `size` bytes aligned to `alignment` (a power of two; at least 16, like
 * malloc's). A cached block of this thread is reused when it fits without
 * wasting over half of it. */
static void *allocate(size_t size, size_t alignment) {
  if (alignment < 16)
    alignment = 16;
  /* malloc's blocks are 16-byte aligned: the header and the padding after
   * it (at most alignment - 16) take this much. */
  size_t extra = sizeof(SpikeHeader) + alignment - 16;
  if ((alignment & (alignment - 1)) || size > SIZE_MAX - extra ||
      spike_run_injected_failure())
    return spike_run_allocation_failed(SPIKE_ERROR_MEMORY);
  size_t needed = size + extra;
  SpikeBlockCache *cache = threadCache();
  if (cache) {
    int best = -1;
    for (int i = 0; i < cache->count; ++i) {
      size_t bytes = cache->blocks[i].bytes;
      if (bytes >= needed && bytes / 2 <= needed + 4096 &&
          (best < 0 || bytes < cache->blocks[best].bytes))
        best = i;
    }
    if (best >= 0) {
      SpikeBlock block = cache->blocks[best];
      cache->blocks[best] = cache->blocks[--cache->count];
      return place(block, alignment);
    }
  }
  SpikeBlock block = {malloc(needed), needed};
  if (!block.base)
    return spike_run_allocation_failed(SPIKE_ERROR_MEMORY);
  return place(block, alignment);
}

void *_mlir_memref_to_llvm_alloc(size_t size) { return allocate(size, 16); }

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  return allocate(size, alignment);
}

/* Frees a pointer of either function above (into this thread's cache). */
void _mlir_memref_to_llvm_free(void *pointer) {
  if (!pointer)
    return;
  SpikeHeader *header = headerOf(pointer);
  spike_run_untrack(&header->link);
  SpikeBlock block = header->block;
  SpikeBlockCache *cache = threadCache();
  if (cache && cache->count < kCacheSlots) {
    cache->blocks[cache->count++] = block;
    return;
  }
  free(block.base);
}

void spike_runtime_release_buffer(SpikeRunLink *link) {
  SpikeHeader *header =
      (SpikeHeader *)((char *)link - offsetof(SpikeHeader, link));
  free(header->block.base);
}
