// Machine limits for the roofline in bench/roofline.py: peak f32 add rate,
// load+add rate on randomly ordered 512-byte rows held in L1/L2/L3, and
// streaming DRAM read bandwidth. Prints one "key value" line per number.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

// The widest vector the target has, as a generic vector so the same code
// compiles to zmm, ymm or xmm adds.
#if defined(__AVX512F__)
#define VBYTES 64
#elif defined(__AVX2__) || defined(__AVX__)
#define VBYTES 32
#else
#define VBYTES 16
#endif
typedef float vf __attribute__((vector_size(VBYTES)));
#define LANES (VBYTES / 4)

#define ROW_FLOATS 128 // one weight row of the kernel: 512 bytes
#define ROWV (ROW_FLOATS / LANES)
#define TRIALS 5
#define TRIAL_SECS 0.025

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Results are summed into this so that no loop is dead code.
static volatile float sink;
static volatile float tiny = 1e-7f; // volatile: not a compile-time constant

static float hsum(vf v) {
  float s = 0;
  for (int i = 0; i < LANES; i++)
    s += v[i];
  return s;
}

typedef float (*kernel)(void *ctx, long n);

// 16 independent add chains: more than latency x throughput (2-4 cycles x
// 2-4 adds per cycle on current cores), so the adder ports are the limit.
#define PEAK_CHAINS 16
static float peak_kernel(void *ctx, long n) {
  (void)ctx;
  vf x = (vf){0} + tiny;
  vf a0 = x + 1, a1 = x + 2, a2 = x + 3, a3 = x + 4, a4 = x + 5, a5 = x + 6,
     a6 = x + 7, a7 = x + 8, a8 = x + 9, a9 = x + 10, a10 = x + 11,
     a11 = x + 12, a12 = x + 13, a13 = x + 14, a14 = x + 15, a15 = x + 16;
  for (long i = 0; i < n; i++) {
    a0 += x; a1 += x; a2 += x; a3 += x; a4 += x; a5 += x; a6 += x; a7 += x;
    a8 += x; a9 += x; a10 += x; a11 += x; a12 += x; a13 += x; a14 += x;
    a15 += x;
  }
  return hsum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 +
              a12 + a13 + a14 + a15);
}

// The kernel's inner step: one 512-byte row added into ROWV register
// accumulators. Row i of the visit sequence is a bijection of the low bits
// of i, so every nrows visits touch each row once, in a scrambled order
// that defeats the prefetchers. It is computed in registers as the kernel
// finds rows with tzcnt on a spike word: loading a row index from memory
// instead cost a quarter of the L1 rate on Zen 5.
typedef struct {
  const float *rows;
  unsigned bits; // nrows == 1 << bits
} rows_ctx;

static float load_add_kernel(void *ctx, long n) {
  const rows_ctx *c = ctx;
  const size_t mask = ((size_t)1 << c->bits) - 1;
  const unsigned shift = c->bits / 2 + 1;
  vf acc[ROWV] = {{0}};
  for (long i = 0; i < n; i++) {
    size_t row = ((size_t)i * 0x9e3779b97f4a7c15u) & mask;
    row ^= row >> shift;
    row = (row * 0xd6e8feb86659fd93u) & mask;
    row ^= row >> shift;
    const vf *r = (const vf *)(c->rows + row * ROW_FLOATS);
#pragma GCC unroll 32 // keeps acc[] in registers with gcc too
    for (int j = 0; j < ROWV; j++)
      acc[j] += r[j];
  }
  vf s = {0};
  for (int j = 0; j < ROWV; j++)
    s += acc[j];
  return hsum(s);
}

// n passes over a slice; 8 chains so the adds never limit the reads.
typedef struct {
  const vf *v;
  size_t nv;
} stream_ctx;

static float stream_kernel(void *ctx, long n) {
  const stream_ctx *c = ctx;
  vf a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0},
     a7 = {0};
  for (long p = 0; p < n; p++)
    for (size_t i = 0; i < c->nv; i += 8) {
      a0 += c->v[i]; a1 += c->v[i + 1]; a2 += c->v[i + 2];
      a3 += c->v[i + 3]; a4 += c->v[i + 4]; a5 += c->v[i + 5];
      a6 += c->v[i + 6]; a7 += c->v[i + 7];
    }
  return hsum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);
}

typedef struct {
  kernel fn;
  void *ctx;
  long n;
  pthread_barrier_t *start;
  double secs, cpu_secs;
  float result;
} worker;

static double thread_cpu_secs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void *worker_main(void *p) {
  worker *w = p;
  pthread_barrier_wait(w->start);
  double t0 = now(), c0 = thread_cpu_secs();
  w->result = w->fn(w->ctx, w->n);
  w->secs = now() - t0;
  w->cpu_secs = thread_cpu_secs() - c0;
  return NULL;
}

// Runs fn(ctx[t], n) on nt threads started together; returns the slowest
// thread's time, so nt * n units were done in that time. *share: the least
// fraction of that time a thread was on a core (low when another process
// shared one).
static double run_threads(int nt, kernel fn, void **ctx, long n,
                          double *share) {
  pthread_t th[2];
  worker w[2];
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, nt);
  for (int t = 0; t < nt; t++) {
    w[t] = (worker){fn, ctx[t], n, &start, 0, 0, 0};
    pthread_create(&th[t], NULL, worker_main, &w[t]);
  }
  double secs = 0;
  *share = 1;
  for (int t = 0; t < nt; t++) {
    pthread_join(th[t], NULL);
    sink += w[t].result;
    if (w[t].secs > secs)
      secs = w[t].secs;
    if (w[t].cpu_secs / w[t].secs < *share)
      *share = w[t].cpu_secs / w[t].secs;
  }
  pthread_barrier_destroy(&start);
  return secs;
}

// The least CPU share of any best run, printed so that a reader can tell
// that another process competed for the cores.
static double cpu_share = 1;

// Best seconds per unit of n over TRIALS runs of ~TRIAL_SECS each. The
// ramp-up to 10 ms also warms caches and lets the clock settle.
static double best_secs_per_unit(int nt, kernel fn, void **ctx, long n) {
  double t, share, best_share = 1;
  while ((t = run_threads(nt, fn, ctx, n, &share)) < 0.01)
    n *= 2;
  n = (long)(n * TRIAL_SECS / t) + 1;
  double best = 1e30;
  for (int i = 0; i < TRIALS; i++) {
    t = run_threads(nt, fn, ctx, n, &share) / n;
    if (t < best) {
      best = t;
      best_share = share;
    }
  }
  if (best_share < cpu_share)
    cpu_share = best_share;
  return best;
}

static void *alloc_floats(size_t bytes) {
  float *p = aligned_alloc(4096, bytes);
  if (!p) {
    fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
    exit(1);
  }
  for (size_t i = 0; i < bytes / 4; i++) // touch every page; normal floats
    p[i] = 1e-3f * (float)(i % 7);
  return p;
}

static void peak(void) {
  void *ctx[2] = {0, 0};
  for (int nt = 1; nt <= 2; nt++) {
    double s = best_secs_per_unit(nt, peak_kernel, ctx, 1 << 12);
    printf("peak_add_%dt %.4e\n", nt, nt * (double)PEAK_CHAINS * LANES / s);
  }
}

static void load_add(const char *name, unsigned bits) {
  rows_ctx c = {alloc_floats((size_t)ROW_FLOATS * 4 << bits), bits};
  void *ctx[1] = {&c};
  double s = best_secs_per_unit(1, load_add_kernel, ctx, 1024);
  printf("%s_load_add %.4e\n", name, ROW_FLOATS / s);
  printf("%s_load_gbs %.3f\n", name, ROW_FLOATS * 4 / s * 1e-9);
  free((void *)c.rows);
}

static void dram(size_t bytes) {
  vf *buf = alloc_floats(bytes);
  size_t nv = bytes / VBYTES;
  for (int nt = 1; nt <= 2; nt++) {
    stream_ctx c[2];
    void *ctx[2];
    for (int t = 0; t < nt; t++) { // each thread streams its own part
      c[t] = (stream_ctx){buf + t * (nv / nt), nv / nt};
      ctx[t] = &c[t];
    }
    double s = best_secs_per_unit(nt, stream_kernel, ctx, 1);
    printf("dram_read_%dt_gbs %.3f\n", nt, (double)bytes / s * 1e-9);
  }
  free(buf);
}

#if defined(__x86_64__)
// Core clock estimate from a chain of dependent 1-cycle integer adds: turns
// the rates above into per-cycle numbers without performance counters.
static float clock_kernel(void *ctx, long n) {
  (void)ctx;
  uint64_t x = 0, k = (uint64_t)(uintptr_t)&sink | 1;
  for (long i = 0; i < n; i++)
    __asm__ volatile(".rept 64\n\tadd %1, %0\n\t.endr" : "+r"(x) : "r"(k));
  return (float)x;
}
#endif

int main(void) {
  printf("vector_bits %d\n", VBYTES * 8);
#if defined(__x86_64__)
  void *none[1] = {0};
  printf("clock_ghz %.3f\n",
         64 / best_secs_per_unit(1, clock_kernel, none, 1 << 12) * 1e-9);
#endif
  peak();
  load_add("l1", 5);  // 32 rows: 16 KiB
  load_add("l2", 10); // 512 KiB
  load_add("l3", 14); // 8 MiB
  dram((size_t)256 << 20);
  printf("cpu_share %.3f\n", cpu_share);
  return 0;
}
