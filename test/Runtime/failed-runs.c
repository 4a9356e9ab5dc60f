/* Runs that fail halfway (runtime/spike_run.h), from C: a model-like
 * forward function allocates on the calling thread and inside a parallel
 * loop (on the pool's threads too), and every one of its allocations is
 * made to fail in turn, both ways one can fail:
 *   - malloc returns null (malloc, calloc and free of the runtime are
 *     wrapped with ld --wrap, so the test counts and fails them);
 *   - the test hook SPIKE_TEST_FAIL_ALLOCATION=N.
 * Each failed run must return SPIKE_ERROR_MEMORY and hold no memory
 * afterwards; a run after it must succeed. Prints one line per check. */
#define _GNU_SOURCE
#include "spike-c/ModelABI.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *_mlir_memref_to_llvm_alloc(size_t size);
void _mlir_memref_to_llvm_free(void *pointer);
void spike_parallel_for(void (*function)(void *, int64_t, int64_t), void *context,
                        int64_t iterations);
int spike_run_guarded(void (*forward)(void *results, void *input), void *results,
                      void *input);

/* The runtime's malloc, calloc and free go through these. */
void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void __real_free(void *pointer);

static atomic_long liveBlocks; /* malloc'd by the runtime, not yet freed */
static atomic_long mallocCalls;
static atomic_long failMallocAt; /* 0: never */

static int mallocFails(void) {
  long call = atomic_fetch_add(&mallocCalls, 1) + 1;
  return call == atomic_load(&failMallocAt);
}

void *__wrap_malloc(size_t size) {
  if (mallocFails())
    return NULL;
  void *pointer = __real_malloc(size);
  if (pointer)
    atomic_fetch_add(&liveBlocks, 1);
  return pointer;
}

void *__wrap_calloc(size_t count, size_t size) {
  if (mallocFails())
    return NULL;
  void *pointer = __real_calloc(count, size);
  if (pointer)
    atomic_fetch_add(&liveBlocks, 1);
  return pointer;
}

void __wrap_free(void *pointer) {
  if (pointer)
    atomic_fetch_sub(&liveBlocks, 1);
  __real_free(pointer);
}

enum { kIterations = 48 };

/* Each iteration: a temporary freed at once, and a row kept until the end
 * of the loop (written, so that a missing buffer would crash). */
static void rows(void *context, int64_t begin, int64_t end) {
  float **kept = (float **)context;
  for (int64_t i = begin; i < end; ++i) {
    float *temporary = (float *)_mlir_memref_to_llvm_alloc(256 * sizeof(float));
    memset(temporary, 0, 256 * sizeof(float));
    _mlir_memref_to_llvm_free(temporary);
    kept[i] = (float *)_mlir_memref_to_llvm_alloc(64 * sizeof(float));
    kept[i][0] = (float)i;
  }
}

/* Like a lowered forward function: a buffer before the loop, buffers in it,
 * the result after it; frees all but the result. */
static void forward(void *results, void *input) {
  (void)input;
  float **kept = (float **)_mlir_memref_to_llvm_alloc(kIterations * sizeof(float *));
  spike_parallel_for(rows, kept, kIterations);
  float *sum = (float *)_mlir_memref_to_llvm_alloc(sizeof(float));
  *sum = 0;
  for (int i = 0; i < kIterations; ++i) {
    *sum += kept[i][0];
    _mlir_memref_to_llvm_free(kept[i]);
  }
  _mlir_memref_to_llvm_free(kept);
  *(float **)results = sum;
}

typedef struct {
  int status;
  float sum;
} Outcome;

static void *runOnce(void *opaque) {
  Outcome *outcome = (Outcome *)opaque;
  float *result = NULL;
  outcome->status = spike_run_guarded(forward, &result, NULL);
  if (outcome->status == SPIKE_OK) {
    outcome->sum = *result;
    _mlir_memref_to_llvm_free(result);
  }
  return NULL;
}

/* One run on a new thread (whose block cache goes when it exits). */
static Outcome runOnThread(void) {
  Outcome outcome = {-1, 0};
  pthread_t thread;
  if (pthread_create(&thread, NULL, runOnce, &outcome) != 0) {
    fprintf(stderr, "pthread_create failed\n");
    exit(2);
  }
  pthread_join(thread, NULL);
  return outcome;
}

static const float kSum = kIterations * (kIterations - 1) / 2.0f;

/* Fails the N-th allocation for N = 1, 2, ... until a run succeeds; every
 * failed run must report SPIKE_ERROR_MEMORY or, where the runtime could do
 * without the memory, succeed. `hook`: through the test hook,
 * else through malloc. `exact`: one thread, so the blocks held afterwards
 * must be exactly those held before; with the pool, its threads keep up to
 * a cache of blocks each. Returns the number of failed runs, or -1. */
static long failEveryAllocation(int hook, int exact, long *extraBlocks) {
  long before = atomic_load(&liveBlocks);
  long failed = 0;
  for (long n = 1;; ++n) {
    char text[32];
    if (hook) {
      snprintf(text, sizeof text, "%ld", n);
      setenv("SPIKE_TEST_FAIL_ALLOCATION", text, 1);
    } else {
      atomic_store(&mallocCalls, 0);
      atomic_store(&failMallocAt, n);
    }
    Outcome outcome = runOnThread();
    /* Whether the run made an N-th allocation (the hook counts them all). */
    int reached = !hook && atomic_load(&mallocCalls) >= n;
    unsetenv("SPIKE_TEST_FAIL_ALLOCATION");
    atomic_store(&failMallocAt, 0);
    if (outcome.status == SPIKE_OK) {
      if (outcome.sum != kSum)
        return -1;
      /* A run may survive a failed malloc (the block cache is optional). */
      if (!reached)
        break;
    } else if (outcome.status != SPIKE_ERROR_MEMORY) {
      printf("  allocation %ld: status %d\n", n, outcome.status);
      return -1;
    } else {
      ++failed;
    }
    if (exact && atomic_load(&liveBlocks) != before) {
      printf("  allocation %ld: %ld blocks left\n", n, atomic_load(&liveBlocks) - before);
      return -1;
    }
    if (n > 100000)
      return -1;
  }
  *extraBlocks = atomic_load(&liveBlocks) - before;
  /* And the next run, with nothing failing, is whole. */
  Outcome again = runOnThread();
  return again.status == SPIKE_OK && again.sum == kSum ? failed : -1;
}

int main(void) {
  /* Tell the pool's own blocks apart from the runs': start it first. */
  spike_model_set_num_threads(2);
  runOnThread();
  for (int threads = 1; threads <= 2; ++threads) {
    spike_model_set_num_threads(threads);
    for (int hook = 0; hook <= 1; ++hook) {
      long extra = 0;
      long failed = failEveryAllocation(hook, threads == 1, &extra);
      /* A leak of a block per failed run would pass the pool's caches. */
      int ok = failed > kIterations && (threads == 1 ? extra == 0 : extra <= 64);
      printf("%d thread%s, %s: %s\n", threads, threads > 1 ? "s" : "",
             hook ? "SPIKE_TEST_FAIL_ALLOCATION" : "malloc fails", ok ? "ok" : "wrong");
      fprintf(stderr, "  %ld failed runs, %ld blocks kept\n", failed, extra);
    }
  }
  return 0;
}
