/*===- spike_parallel.c - the thread pool behind parallel loops -----------===*
 *
 * spike-outline-forall turns every parallel loop of a compiled model into
 * a function over a range of iterations and a call of spike_parallel_for,
 * which hands the iterations out to the calling thread and the pool's
 * threads in small ranges, first come first served.
 *
 * A model runs many short parallel loops back to back (a few microseconds
 * to a millisecond each), so idle pool threads spin for a while before they
 * sleep: a loop that follows another one starts without a wake-up system
 * call, and a model that has finished stops burning its cores within
 * kSpinMicroseconds.
 *
 * The caller does not wait for pool threads that have not started on the
 * loop yet: a thread counts itself in (`active`) before it looks at a job,
 * and the caller waits only for the threads that are in. On a busy machine
 * a woken pool thread may not get a core for a whole time slice; the
 * caller then takes every range itself instead of waiting for it (this
 * made a small model 16 times slower next to a niced background job).
 *
 * A run that fails inside a loop (an allocation, spike_run.h) stops the
 * loop: every thread of the job catches the failure of its own ranges, no
 * more ranges are handed out, and the caller passes the failure on once
 * all of them are done.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "spike-c/ModelABI.h"
#include "spike_run.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define SPIKE_EXPORT __attribute__((visibility("default")))

typedef void (*SpikeChunkFunction)(void *context, int64_t begin, int64_t end);

enum { kMaxThreads = 256, kSpinMicroseconds = 200 };

/* Threads used by parallel loops; 0 until set or first used. */
static atomic_int threadCount;

static int defaultThreadCount(void) {
  const char *env = getenv("SPIKE_NUM_THREADS");
  if (env) {
    int n = atoi(env);
    if (n >= 1)
      return n < kMaxThreads ? n : kMaxThreads;
  }
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) > 0)
    return CPU_COUNT(&cpus) < kMaxThreads ? CPU_COUNT(&cpus) : kMaxThreads;
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online >= 1 ? (online < kMaxThreads ? (int)online : kMaxThreads) : 1;
}

/* Sets the threads that parallel loops use (1: run everything on the
 * calling thread). Applies to the following calls of every thread. */
SPIKE_EXPORT void spike_model_set_num_threads(int32_t threads) {
  if (threads < 1)
    threads = 1;
  if (threads > kMaxThreads)
    threads = kMaxThreads;
  atomic_store(&threadCount, threads);
}

/* The threads parallel loops use: set by spike_model_set_num_threads, else
 * SPIKE_NUM_THREADS, else the CPUs this process may run on. */
SPIKE_EXPORT int32_t spike_model_num_threads(void) {
  int n = atomic_load(&threadCount);
  if (n == 0) {
    n = defaultThreadCount();
    int expected = 0;
    if (!atomic_compare_exchange_strong(&threadCount, &expected, n))
      n = expected;
  }
  return n;
}

/* The one job of the pool. Its threads take `grain` iterations at a time
 * from a shared counter until none are left, so that uneven iterations
 * (spikes are not spread evenly) still keep every thread busy. */
typedef struct {
  SpikeChunkFunction function;
  void *context;
  int64_t iterations, grain;
  int threads;
  int callerCpu;
  SpikeRun *run; /* the caller's run, worked for by every thread */
} SpikeJob;

/* The published job, field by field atomic: a pool thread that was not
 * part of the last job may still be reading it while the next is written
 * (a sequence lock, C11-style: relaxed atomic fields between fences). */
static struct {
  _Atomic(SpikeChunkFunction) function;
  _Atomic(void *) context;
  atomic_int_fast64_t iterations, grain;
  atomic_int threads, callerCpu;
  _Atomic(SpikeRun *) run;
} job;
/* The sequence of `job`: odd while the job is being written, advanced by 2
 * for every job. */
static atomic_uint_fast64_t generation;
static atomic_int_fast64_t next;   /* the first iteration nobody took yet */
/* Pool threads inside a job: counted in before they read the generation,
 * so that a job is neither rewritten (publishJob) nor left by its caller
 * while one of them may still take ranges of it. */
static atomic_int active;
static atomic_int failure;         /* the job's failure status, or 0 */
static atomic_flag busy = ATOMIC_FLAG_INIT;
static atomic_int sleepers;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int workers; /* started pool threads, under `lock` */
static _Thread_local int insideJob;

static inline void relax(unsigned spins);

/* Writes `mine` as the next job (the caller holds `busy`). */
static void publishJob(const SpikeJob *mine) {
  atomic_fetch_add(&generation, 1); /* odd: pool threads stay out */
  /* A pool thread that came late to the last job (and found no range left)
   * leaves it before the job changes under it. */
  for (unsigned spins = 1; atomic_load(&active) > 0; ++spins)
    relax(spins);
  atomic_store_explicit(&job.function, mine->function, memory_order_relaxed);
  atomic_store_explicit(&job.context, mine->context, memory_order_relaxed);
  atomic_store_explicit(&job.iterations, mine->iterations, memory_order_relaxed);
  atomic_store_explicit(&job.grain, mine->grain, memory_order_relaxed);
  atomic_store_explicit(&job.threads, mine->threads, memory_order_relaxed);
  atomic_store_explicit(&job.callerCpu, mine->callerCpu, memory_order_relaxed);
  atomic_store_explicit(&job.run, mine->run, memory_order_relaxed);
  atomic_store(&next, 0);
  atomic_store(&failure, 0);
  atomic_fetch_add_explicit(&generation, 1, memory_order_release); /* even */
}

/* Reads the job of generation `current` (loaded with acquire); false when a
 * newer one was being written meanwhile. */
static int readJob(uint64_t current, SpikeJob *out) {
  out->function = atomic_load_explicit(&job.function, memory_order_relaxed);
  out->context = atomic_load_explicit(&job.context, memory_order_relaxed);
  out->iterations = atomic_load_explicit(&job.iterations, memory_order_relaxed);
  out->grain = atomic_load_explicit(&job.grain, memory_order_relaxed);
  out->threads = atomic_load_explicit(&job.threads, memory_order_relaxed);
  out->callerCpu = atomic_load_explicit(&job.callerCpu, memory_order_relaxed);
  out->run = atomic_load_explicit(&job.run, memory_order_relaxed);
  atomic_thread_fence(memory_order_acquire);
  return atomic_load_explicit(&generation, memory_order_relaxed) == current;
}

/* Takes ranges of the job until none are left. A failure in a range is
 * caught here: it is recorded for the caller and ends the handing out. */
static void work(const SpikeJob *current) {
  insideJob = 1;
  SpikeRun *outerRun = spike_run_enter(current->run);
  jmp_buf guard;
  jmp_buf *outerGuard = spike_run_swap_guard(&guard);
  int status = setjmp(guard);
  if (status != 0) {
    int none = 0;
    atomic_compare_exchange_strong(&failure, &none, status);
    atomic_store(&next, current->iterations);
  }
  for (;;) {
    int64_t begin = atomic_fetch_add(&next, current->grain);
    if (begin >= current->iterations)
      break;
    int64_t end = begin + current->grain;
    current->function(current->context, begin,
                      end < current->iterations ? end : current->iterations);
  }
  spike_run_swap_guard(outerGuard);
  spike_run_enter(outerRun);
  insideJob = 0;
}

static uint64_t microseconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000u + (uint64_t)now.tv_nsec / 1000u;
}

/* One step of a spin-wait. Every 256th step yields the core: the thread
 * waited for may have been woken on this very core (the scheduler often
 * puts a wakee next to its waker), and pure spinning would keep it off the
 * core for a whole time slice. */
static inline void relax(unsigned spins) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
  if (spins % 256 == 0)
    sched_yield();
}

/* A published generation other than `seen` (spinning first, then asleep). */
static uint64_t awaitGeneration(uint64_t seen) {
  uint64_t start = microseconds();
  for (unsigned spins = 1;; ++spins) {
    uint64_t current = atomic_load(&generation);
    if (current != seen && current % 2 == 0)
      return current;
    relax(spins);
    if (spins % 256 == 0 && microseconds() - start > kSpinMicroseconds)
      break;
  }
  pthread_mutex_lock(&lock);
  atomic_fetch_add(&sleepers, 1);
  uint64_t current;
  while ((current = atomic_load(&generation)) == seen || current % 2 != 0)
    pthread_cond_wait(&wake, &lock);
  atomic_fetch_sub(&sleepers, 1);
  pthread_mutex_unlock(&lock);
  return current;
}

/* The generation current when each pool thread was started (before the job
 * that started it was published): the first one it must not wait for. */
static uint64_t startGeneration[kMaxThreads];

/* With SPIKE_PIN_THREADS=1 (opt-in: a library must not change the
 * affinity of threads in a process that merely loads it), pool threads are
 * pinned to CPUs other than the caller's: unpinned, a woken pool thread
 * often lands on its waker's core and the two share it until the scheduler
 * separates them, milliseconds later. Pool thread `index` takes the
 * (index + 1)-th allowed CPU after the caller's (wrapping around), and moves
 * when the caller has moved onto its CPU. */
static int pinThreads(void) {
  static atomic_int setting = -1;
  int pin = atomic_load_explicit(&setting, memory_order_relaxed);
  if (pin < 0) {
    const char *env = getenv("SPIKE_PIN_THREADS");
    pin = env && env[0] == '1' && env[1] == '\0';
    atomic_store_explicit(&setting, pin, memory_order_relaxed);
  }
  return pin;
}

static int pinnedCpu(int index, int callerCpu) {
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0 || CPU_COUNT(&allowed) < 2)
    return -1;
  int cpus[CPU_SETSIZE], count = 0, caller = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &allowed)) {
      if (cpu == callerCpu)
        caller = count;
      cpus[count++] = cpu;
    }
  int cpu = cpus[(caller + index + 1) % count];
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return pthread_setaffinity_np(pthread_self(), sizeof one, &one) == 0 ? cpu : -1;
}

static void *worker(void *argument) {
  int index = (int)(intptr_t)argument; /* thread index + 1 of a job */
  uint64_t seen = startGeneration[index];
  int cpu = -2; /* not pinned yet */
  for (;;) {
    uint64_t current = awaitGeneration(seen);
    seen = current;
    atomic_fetch_add(&active, 1);
    /* In, and the job still the one we were woken for: it cannot change
     * until we are out again. Else a newer one is being published. */
    SpikeJob snapshot;
    if (atomic_load(&generation) == current && readJob(current, &snapshot) &&
        index + 1 < snapshot.threads) {
      if (pinThreads() && (cpu == -2 || cpu == snapshot.callerCpu))
        cpu = pinnedCpu(index, snapshot.callerCpu);
      work(&snapshot);
    }
    atomic_fetch_sub(&active, 1);
  }
  return NULL;
}

/* Starts pool threads until there are `count`; returns how many there are. */
static int ensureWorkers(int count) {
  pthread_mutex_lock(&lock);
  while (workers < count) {
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    /* Generated code keeps its buffers on the heap; 8 MiB of stack is ample. */
    pthread_attr_setstacksize(&attributes, 8u << 20);
    startGeneration[workers] = atomic_load(&generation);
    int failed = pthread_create(&thread, &attributes, worker,
                                (void *)(intptr_t)workers);
    pthread_attr_destroy(&attributes);
    if (failed)
      break;
    ++workers;
  }
  int available = workers;
  pthread_mutex_unlock(&lock);
  return available;
}

/* Runs function(context, begin, end) over [0, iterations) on up to
 * spike_model_num_threads() threads, the caller included. Nested calls,
 * calls while another thread's job holds the pool, and single-thread
 * settings run on the calling thread. */
void spike_parallel_for(SpikeChunkFunction function, void *context,
                        int64_t iterations) {
  if (iterations <= 0)
    return;
  int threads = spike_model_num_threads();
  if (threads > iterations)
    threads = (int)iterations;
  if (threads <= 1 || insideJob || atomic_flag_test_and_set(&busy)) {
    function(context, 0, iterations);
    return;
  }
  int available = ensureWorkers(threads - 1);
  if (available + 1 < threads)
    threads = available + 1;
  /* About 8 takes per thread: balance against the cost of a take. */
  int64_t grain = iterations / (8 * (int64_t)threads);
  SpikeJob mine = {function, context, iterations, grain > 0 ? grain : 1,
                   threads, sched_getcpu(), spike_run_current()};
  publishJob(&mine);
  if (atomic_load(&sleepers) > 0) {
    pthread_mutex_lock(&lock);
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
  }
  work(&mine);
  /* Every range is taken: wait for the pool threads still running one. */
  for (unsigned spins = 1; atomic_load(&active) > 0; ++spins)
    relax(spins);
  int status = atomic_load(&failure);
  atomic_flag_clear(&busy);
  if (status != 0)
    spike_run_fail(status);
}
