/* The runtime linked into compiled models (runtime/spike_runtime.c and
 * spike_parallel.c), called from C as lowered code calls it: memrefCopy at
 * any rank, aligned allocation, and the thread pool (results, and thread
 * affinity left alone unless SPIKE_PIN_THREADS=1). Prints one line per check. */
#define _GNU_SOURCE
#include "spike-c/ModelABI.h"

#include <dirent.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  int64_t rank;
  void *descriptor;
} UnrankedMemRef;

void memrefCopy(int64_t elementSize, UnrankedMemRef *source, UnrankedMemRef *target);
void *_mlir_memref_to_llvm_alloc(size_t size);
void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size);
void _mlir_memref_to_llvm_free(void *pointer);
void spike_parallel_for(void (*function)(void *, int64_t, int64_t), void *context,
                        int64_t iterations);

enum { kRank = 70 };

/* {allocated, aligned, offset, sizes[kRank], strides[kRank]} */
typedef struct {
  float *allocated, *aligned;
  int64_t offset, sizes[kRank], strides[kRank];
} Descriptor;

/* A rank-70 copy (68 unit dimensions, then 3 x 4) into a transposed layout. */
static int copyAtHighRank(void) {
  float source[12], target[12];
  for (int i = 0; i < 12; ++i)
    source[i] = (float)i, target[i] = -1;
  Descriptor src = {source, source, 0, {0}, {0}}, dst = {target, target, 0, {0}, {0}};
  for (int d = 0; d < kRank; ++d) {
    src.sizes[d] = dst.sizes[d] = 1;
    src.strides[d] = dst.strides[d] = 12;
  }
  src.sizes[kRank - 2] = dst.sizes[kRank - 2] = 3;
  src.sizes[kRank - 1] = dst.sizes[kRank - 1] = 4;
  src.strides[kRank - 2] = 4, src.strides[kRank - 1] = 1;
  dst.strides[kRank - 2] = 1, dst.strides[kRank - 1] = 3;
  UnrankedMemRef from = {kRank, &src}, to = {kRank, &dst};
  memrefCopy(sizeof(float), &from, &to);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      if (target[j * 3 + i] != source[i * 4 + j])
        return 0;
  return 1;
}

/* Aligned blocks, fresh and reused from the thread's cache, usable whole. */
static int alignedAllocation(void) {
  size_t alignments[] = {1, 16, 32, 64, 128, 4096, 65536};
  size_t sizes[] = {1, 100, 4096, 1 << 20};
  for (int round = 0; round < 3; ++round)
    for (size_t a = 0; a < sizeof alignments / sizeof *alignments; ++a)
      for (size_t s = 0; s < sizeof sizes / sizeof *sizes; ++s) {
        char *p = _mlir_memref_to_llvm_aligned_alloc(alignments[a], sizes[s]);
        size_t want = alignments[a] < 16 ? 16 : alignments[a];
        if (!p || (uintptr_t)p % want != 0)
          return 0;
        memset(p, 0xab, sizes[s]);
        char *q = _mlir_memref_to_llvm_alloc(sizes[s]);
        if (!q || (uintptr_t)q % 16 != 0)
          return 0;
        memset(q, 0xcd, sizes[s]);
        if (p[sizes[s] - 1] != (char)0xab)
          return 0;
        _mlir_memref_to_llvm_free(q);
        _mlir_memref_to_llvm_free(p);
      }
  /* Sizes that cannot be met are a null pointer, not a wrapped size. */
  return _mlir_memref_to_llvm_aligned_alloc(64, SIZE_MAX - 8) == NULL &&
         _mlir_memref_to_llvm_alloc(SIZE_MAX - 8) == NULL &&
         _mlir_memref_to_llvm_aligned_alloc(48, 16) == NULL;
}

static void addRange(void *context, int64_t begin, int64_t end) {
  int64_t sum = 0;
  for (int64_t i = begin; i < end; ++i)
    sum += i;
  atomic_fetch_add((atomic_int_fast64_t *)context, sum);
}

/* Thousands of jobs of varying sizes: every iteration runs exactly once. */
static int parallelSums(void) {
  spike_model_set_num_threads(4);
  for (int64_t n = 1; n < 3000; n += 1 + n / 7) {
    atomic_int_fast64_t sum = 0;
    spike_parallel_for(addRange, &sum, n);
    if (atomic_load(&sum) != n * (n - 1) / 2)
      return 0;
  }
  return 1;
}

/* A job of two ranges whose first waits (up to 5 s) for the second to start:
 * a pool thread must join it (the caller would take both ranges in turn).
 * Pool threads pin themselves when they join a job. */
static atomic_int entered;

static void meet(void *context, int64_t begin, int64_t end) {
  (void)context, (void)begin, (void)end;
  atomic_fetch_add(&entered, 1);
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  do
    clock_gettime(CLOCK_MONOTONIC, &now);
  while (atomic_load(&entered) < 2 && now.tv_sec - start.tv_sec < 5);
}

static int poolThreadJoins(void) {
  spike_model_set_num_threads(2);
  atomic_store(&entered, 0);
  spike_parallel_for(meet, NULL, 2);
  return atomic_load(&entered) == 2;
}

/* Threads of this process whose affinity is narrower than the process's. */
static int pinnedThreads(void) {
  cpu_set_t process;
  sched_getaffinity(0, sizeof process, &process);
  int pinned = 0;
  DIR *tasks = opendir("/proc/self/task");
  if (!tasks)
    return -1;
  for (struct dirent *entry; (entry = readdir(tasks));) {
    if (entry->d_name[0] == '.')
      continue;
    cpu_set_t mask;
    if (sched_getaffinity(atoi(entry->d_name), sizeof mask, &mask) == 0 &&
        CPU_COUNT(&mask) < CPU_COUNT(&process))
      ++pinned;
  }
  closedir(tasks);
  return pinned;
}

int main(void) {
  printf("copy rank %d: %s\n", kRank, copyAtHighRank() ? "ok" : "wrong");
  printf("aligned allocation: %s\n", alignedAllocation() ? "ok" : "wrong");
  printf("parallel sums: %s\n", parallelSums() ? "ok" : "wrong");
  printf("a pool thread joins: %s\n", poolThreadJoins() ? "ok" : "wrong");
  cpu_set_t process;
  sched_getaffinity(0, sizeof process, &process);
  if (CPU_COUNT(&process) < 2)
    printf("pinned threads: %s\n", getenv("SPIKE_PIN_THREADS") ? "some" : "none");
  else
    printf("pinned threads: %s\n", pinnedThreads() > 0 ? "some" : "none");
  return 0;
}
