/*===- spike_run.h - one run of a compiled model, and how it fails --------===*
 *
 * Internal to the runtimes (not part of the model ABI). A run is one call
 * of spike_model_run: spike_run_guarded sets it up around the compiled
 * forward function. Generated code does not check its allocations, so an
 * allocation that fails does not return: spike_run_fail jumps back to the
 * innermost guard of the failing thread (the run's own guard, or the guard
 * of a thread pool job, which passes the failure on to the job's caller),
 * and the run returns a status after freeing every buffer it still held.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SPIKE_RUNTIME_SPIKE_RUN_H
#define SPIKE_RUNTIME_SPIKE_RUN_H

#include <setjmp.h>
#include <stdint.h>

typedef struct SpikeRun SpikeRun;

/* Embedded in every buffer that a run allocates, so that a failed run can
 * free what it still holds; `run` is null for buffers of no run. */
typedef struct SpikeRunLink {
  struct SpikeRunLink *previous, *next;
  SpikeRun *run;
} SpikeRunLink;

/* Provided by each runtime's allocator: frees a buffer that a failed run
 * left behind. */
void spike_runtime_release_buffer(SpikeRunLink *link);

/* Runs forward(results, input) as one run; returns SPIKE_OK or the status
 * of the failure (nothing of the run is left allocated then, except what
 * forward returned in `results` on success, which is no longer tracked). */
int spike_run_guarded(void (*forward)(void *results, void *input),
                      void *results, void *input);

/* The run the calling thread works for (null outside runs), and the switch
 * pool threads make while they work on a job of another thread's run. */
SpikeRun *spike_run_current(void);
SpikeRun *spike_run_enter(SpikeRun *run);

/* Registers a new buffer with the current run (if any) / unregisters it. */
void spike_run_track(SpikeRunLink *link);
void spike_run_untrack(SpikeRunLink *link);

/* 1 when the current run is set to fail this allocation (the test hook
 * SPIKE_TEST_FAIL_ALLOCATION=N fails the N-th allocation of every run). */
int spike_run_injected_failure(void);

/* An allocation that failed: ends the current run with `status`; outside
 * runs (compiled code called directly) returns null, as malloc would. */
void *spike_run_allocation_failed(int status);

/* Jumps to the calling thread's innermost guard with `status` (aborts
 * when it has none: compiled code called outside spike_model_run). */
_Noreturn void spike_run_fail(int status);

/* A guard of a pool job: spike_run_swap_guard installs `guard` and returns
 * the one it replaces, to be put back with the same call. */
jmp_buf *spike_run_swap_guard(jmp_buf *guard);

#endif /* SPIKE_RUNTIME_SPIKE_RUN_H */
