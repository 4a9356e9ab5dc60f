/*===- spike_run.c - one run of a compiled model, and how it fails --------===*
 *
 * See spike_run.h. The buffers of a run are kept in a list (under the run's
 * lock: the calling thread and pool threads allocate for the same run), so
 * that a run that fails halfway frees them; a run that succeeds leaves only
 * its results, which the C ABI copies out and frees.
 *
 *===----------------------------------------------------------------------===*/

#include "spike_run.h"

#include "spike-c/ModelABI.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct SpikeRun {
  pthread_mutex_t lock;
  SpikeRunLink live; /* sentinel of the list of the run's buffers */
  int64_t failAt;    /* the test hook's N; 0: off */
  atomic_int_fast64_t allocations;
};

static _Thread_local SpikeRun *currentRun;
static _Thread_local jmp_buf *currentGuard;

SpikeRun *spike_run_current(void) { return currentRun; }

SpikeRun *spike_run_enter(SpikeRun *run) {
  SpikeRun *previous = currentRun;
  currentRun = run;
  return previous;
}

jmp_buf *spike_run_swap_guard(jmp_buf *guard) {
  jmp_buf *previous = currentGuard;
  currentGuard = guard;
  return previous;
}

void spike_run_track(SpikeRunLink *link) {
  SpikeRun *run = currentRun;
  link->run = run;
  if (!run) {
    link->previous = link->next = NULL;
    return;
  }
  pthread_mutex_lock(&run->lock);
  link->previous = &run->live;
  link->next = run->live.next;
  run->live.next->previous = link;
  run->live.next = link;
  pthread_mutex_unlock(&run->lock);
}

void spike_run_untrack(SpikeRunLink *link) {
  SpikeRun *run = link->run;
  if (!run)
    return;
  pthread_mutex_lock(&run->lock);
  link->previous->next = link->next;
  link->next->previous = link->previous;
  pthread_mutex_unlock(&run->lock);
  link->run = NULL;
}

int spike_run_injected_failure(void) {
  SpikeRun *run = currentRun;
  return run && run->failAt > 0 &&
         atomic_fetch_add(&run->allocations, 1) + 1 == run->failAt;
}

void spike_run_fail(int status) {
  if (currentGuard)
    longjmp(*currentGuard, status);
  /* Compiled code called directly, not through spike_model_run: there is
   * no way to report, and going on would compute with missing buffers. */
  fprintf(stderr, "spike: a model run failed (status %d) outside "
                  "spike_model_run; aborting\n", status);
  abort();
}

void *spike_run_allocation_failed(int status) {
  if (currentRun)
    spike_run_fail(status);
  return NULL;
}

/* SPIKE_TEST_FAIL_ALLOCATION=N: fail the N-th allocation of each run. Read
 * at every run, so that a test can change it between runs. */
static int64_t injectedFailure(void) {
  const char *text = getenv("SPIKE_TEST_FAIL_ALLOCATION");
  if (!text || !*text)
    return 0;
  char *end;
  long long n = strtoll(text, &end, 10);
  return *end == '\0' && n > 0 ? (int64_t)n : 0;
}

int spike_run_guarded(void (*forward)(void *results, void *input),
                      void *results, void *input) {
  SpikeRun run;
  pthread_mutex_init(&run.lock, NULL);
  run.live.previous = run.live.next = &run.live;
  run.live.run = &run;
  run.failAt = injectedFailure();
  atomic_init(&run.allocations, 0);

  SpikeRun *outerRun = spike_run_enter(&run);
  jmp_buf guard;
  jmp_buf *outerGuard = spike_run_swap_guard(&guard);
  volatile int status = setjmp(guard);
  if (status == 0)
    forward(results, input);
  spike_run_swap_guard(outerGuard);
  spike_run_enter(outerRun);

  /* Every thread of the run has finished (a failing job returns to its
   * caller only when all its threads are done), so the list is ours. */
  SpikeRunLink *link = run.live.next;
  while (link != &run.live) {
    SpikeRunLink *next = link->next;
    link->previous = link->next = NULL;
    link->run = NULL;
    if (status != SPIKE_OK)
      spike_runtime_release_buffer(link);
    link = next;
  }
  pthread_mutex_destroy(&run.lock);
  return status;
}
