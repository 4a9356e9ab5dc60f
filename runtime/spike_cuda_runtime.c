/*===- spike_cuda_runtime.c - the runtime of models compiled for CUDA -----===*
 *
 * The functions that MLIR's gpu-to-llvm host code calls (mgpu*: modules,
 * launches, streams, events, memory), over the CUDA driver API, plus what
 * spike's own lowering and C ABI call: buffers (_mlir_memref_to_llvm_alloc,
 * _free), device copies of constant globals (spike_cuda_device_global), and
 * the transfers and error state of a run (spike_cuda_*).
 *
 * Memory: every buffer is CUDA managed memory, so that the few host-side
 * accesses of lowered code (scalars of the event counters) stay valid;
 * kernels touch it where it lives, on the device. Freed buffers are kept
 * per size and per host thread and reused by that thread only: its work
 * runs in order on its one stream, so a buffer freed while kernels still
 * use it (spike-gpu-async-launches) is only rewritten by later kernels.
 *
 * Errors: the first failing driver call of a run is recorded with its
 * message; later calls that depend on the device do nothing. The C ABI
 * reports it (spike_cuda_take_error) as SPIKE_ERROR_DEVICE. Modules are
 * loaded on first use, so a library loads (dlopen) without a GPU.
 *
 *===----------------------------------------------------------------------===*/

#include "spike-c/ModelABI.h"
#include "spike_run.h"

#include <cuda.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exported from the shared build (for mlir-runner); hidden in the archive
 * linked into models, whose only exports are their C ABI. */
#ifdef SPIKE_CUDA_RUNTIME_SHARED
#define SPIKE_EXPORT __attribute__((visibility("default")))
#else
#define SPIKE_EXPORT
#endif

/*===--- Errors and the context ------------------------------------------===*/

static pthread_mutex_t errorLock = PTHREAD_MUTEX_INITIALIZER;
static char errorMessage[512];
static int errorSet;

static void recordError(const char *what, CUresult result) {
  /* The stub driver cannot name its own errors: then the number. */
  char number[32];
  const char *name = NULL, *text = NULL;
  if (cuGetErrorName(result, &name) != CUDA_SUCCESS || !name) {
    snprintf(number, sizeof number, "CUresult %d", (int)result);
    name = number;
  }
  if (cuGetErrorString(result, &text) != CUDA_SUCCESS || !text)
    text = "";
  pthread_mutex_lock(&errorLock);
  if (!errorSet) {
    snprintf(errorMessage, sizeof errorMessage, "%s failed: %s%s%s%s", what,
             name, *text ? " (" : "", text, *text ? ")" : "");
    errorSet = 1;
  }
  pthread_mutex_unlock(&errorLock);
}

/* Evaluates a driver call; records and returns 0 on failure. */
#define CHECK(call) checkResult(#call, (call))
static int checkResult(const char *what, CUresult result) {
  if (result == CUDA_SUCCESS)
    return 1;
  recordError(what, result);
  return 0;
}

static int defaultDevice;
static CUcontext context;
static int contextReady;
static pthread_once_t contextOnce = PTHREAD_ONCE_INIT;

/* In-kernel malloc (per-thread temporaries of the attention heads) draws on
 * this heap: an eighth of the device memory, at most 4 GiB. */
static void setHeapLimit(CUdevice device) {
  size_t total = 0;
  if (cuDeviceTotalMem(&total, device) != CUDA_SUCCESS)
    return;
  size_t heap = total / 8;
  if (heap > ((size_t)4 << 30))
    heap = (size_t)4 << 30;
  CHECK(cuCtxSetLimit(CU_LIMIT_MALLOC_HEAP_SIZE, heap));
}

static void createContext(void) {
  CUdevice device;
  if (!CHECK(cuInit(0)) || !CHECK(cuDeviceGet(&device, defaultDevice)) ||
      !CHECK(cuDevicePrimaryCtxRetain(&context, device)) ||
      !CHECK(cuCtxSetCurrent(context)))
    return;
  setHeapLimit(device);
  contextReady = 1;
}

/* Makes the primary context current on the calling thread; 0 without one. */
static int useContext(void) {
  pthread_once(&contextOnce, createContext);
  if (!contextReady)
    return 0;
  CUcontext current = NULL;
  if (cuCtxGetCurrent(&current) == CUDA_SUCCESS && current == context)
    return 1;
  return CHECK(cuCtxSetCurrent(context));
}

/* 1 and the message (then cleared) if a call failed since the last take. */
SPIKE_EXPORT int spike_cuda_take_error(char *message, int64_t size) {
  pthread_mutex_lock(&errorLock);
  int failed = errorSet;
  if (failed && message && size > 0)
    snprintf(message, (size_t)size, "%s", errorMessage);
  errorSet = 0;
  pthread_mutex_unlock(&errorLock);
  return failed;
}

/*===--- Modules and launches --------------------------------------------===*/

/* A kernel module: the binary from the library, loaded on first use. */
typedef struct {
  const void *data;
  int jit;
  pthread_mutex_t lock;
  CUmodule module;
} SpikeModule;

static SpikeModule *newModule(const void *data, int jit) {
  SpikeModule *module = calloc(1, sizeof *module);
  if (!module)
    return NULL;
  module->data = data;
  module->jit = jit;
  pthread_mutex_init(&module->lock, NULL);
  return module;
}

SPIKE_EXPORT void *mgpuModuleLoad(void *data, size_t size) {
  (void)size;
  return newModule(data, 0);
}

SPIKE_EXPORT void *mgpuModuleLoadJIT(void *data, int optLevel) {
  (void)optLevel;
  return newModule(data, 1);
}

SPIKE_EXPORT void mgpuModuleUnload(void *handle) {
  SpikeModule *module = handle;
  if (!module)
    return;
  /* At exit the context may already be gone: unload only what loaded. */
  if (module->module && contextReady)
    cuModuleUnload(module->module);
  pthread_mutex_destroy(&module->lock);
  free(module);
}

SPIKE_EXPORT void *mgpuModuleGetFunction(void *handle, const char *name) {
  SpikeModule *module = handle;
  if (!module || !useContext())
    return NULL;
  pthread_mutex_lock(&module->lock);
  if (!module->module) {
    /* cuModuleLoadData takes cubins, fatbins and PTX text alike. */
    if (!CHECK(cuModuleLoadData(&module->module, module->data)))
      module->module = NULL;
  }
  pthread_mutex_unlock(&module->lock);
  CUfunction function = NULL;
  if (module->module &&
      !CHECK(cuModuleGetFunction(&function, module->module, name)))
    function = NULL;
  return function;
}

SPIKE_EXPORT void mgpuLaunchKernel(void *function, intptr_t gridX,
                                   intptr_t gridY, intptr_t gridZ,
                                   intptr_t blockX, intptr_t blockY,
                                   intptr_t blockZ, int32_t sharedBytes,
                                   void *stream, void **params, void **extra,
                                   size_t paramsCount) {
  (void)paramsCount;
  if (!function || !useContext())
    return;
  CHECK(cuLaunchKernel((CUfunction)function, (unsigned)gridX, (unsigned)gridY,
                       (unsigned)gridZ, (unsigned)blockX, (unsigned)blockY,
                       (unsigned)blockZ, (unsigned)sharedBytes,
                       (CUstream)stream, params, extra));
}

SPIKE_EXPORT void mgpuSetDefaultDevice(int32_t device) {
  defaultDevice = device;
}

/*===--- Streams and events ----------------------------------------------===*/

/* One stream per host thread, made once: gpu-to-llvm creates and destroys a
 * stream around every launch. */
static __thread CUstream threadStream;

SPIKE_EXPORT void *mgpuStreamCreate(void) {
  if (!threadStream && useContext() &&
      !CHECK(cuStreamCreate(&threadStream, CU_STREAM_NON_BLOCKING)))
    threadStream = NULL;
  return threadStream;
}

SPIKE_EXPORT void mgpuStreamDestroy(void *stream) {
  if (stream && stream != threadStream)
    CHECK(cuStreamDestroy((CUstream)stream));
}

SPIKE_EXPORT void mgpuStreamSynchronize(void *stream) {
  if (useContext())
    CHECK(cuStreamSynchronize((CUstream)stream));
}

SPIKE_EXPORT void mgpuStreamWaitEvent(void *stream, void *event) {
  if (useContext())
    CHECK(cuStreamWaitEvent((CUstream)stream, (CUevent)event, 0));
}

SPIKE_EXPORT void *mgpuEventCreate(void) {
  CUevent event = NULL;
  if (useContext() && !CHECK(cuEventCreate(&event, CU_EVENT_DISABLE_TIMING)))
    event = NULL;
  return event;
}

SPIKE_EXPORT void mgpuEventDestroy(void *event) {
  if (event && useContext())
    CHECK(cuEventDestroy((CUevent)event));
}

SPIKE_EXPORT void mgpuEventSynchronize(void *event) {
  if (event && useContext())
    CHECK(cuEventSynchronize((CUevent)event));
}

SPIKE_EXPORT void mgpuEventRecord(void *event, void *stream) {
  if (event && useContext())
    CHECK(cuEventRecord((CUevent)event, (CUstream)stream));
}

/*===--- Memory ----------------------------------------------------------===*/

/* A device buffer, in one of two lists: the live ones (by address, to find
 * a freed pointer's size) or the calling thread's free ones (reused by later
 * allocations of the same size). The node moves between them. A live
 * buffer of a run is also in the run's list (spike_run.h): a run that fails
 * halfway releases it. */
typedef struct Buffer {
  struct Buffer *next;
  void *pointer;
  size_t size;
  SpikeRunLink link;
} Buffer;

static pthread_mutex_t memoryLock = PTHREAD_MUTEX_INITIALIZER;
static __thread Buffer *freeBuffers;
#define LIVE_BUCKETS 4096
static Buffer *liveBuffers[LIVE_BUCKETS];

static size_t bucketOf(const void *pointer) {
  return ((uintptr_t)pointer >> 8) % LIVE_BUCKETS;
}

static void *allocate(size_t size) {
  if (size == 0)
    size = 1;
  if (spike_run_injected_failure())
    return spike_run_allocation_failed(SPIKE_ERROR_MEMORY);
  Buffer *buffer = NULL;
  for (Buffer **link = &freeBuffers; *link; link = &(*link)->next)
    if ((*link)->size == size) {
      buffer = *link;
      *link = buffer->next;
      break;
    }
  if (!buffer) {
    CUdeviceptr device = 0;
    if (!useContext() ||
        !CHECK(cuMemAllocManaged(&device, size, CU_MEM_ATTACH_GLOBAL)))
      return spike_run_allocation_failed(SPIKE_ERROR_DEVICE);
    buffer = malloc(sizeof *buffer);
    if (!buffer) {
      cuMemFree(device);
      return spike_run_allocation_failed(SPIKE_ERROR_MEMORY);
    }
    buffer->pointer = (void *)(uintptr_t)device;
    buffer->size = size;
  }
  size_t bucket = bucketOf(buffer->pointer);
  pthread_mutex_lock(&memoryLock);
  buffer->next = liveBuffers[bucket];
  liveBuffers[bucket] = buffer;
  pthread_mutex_unlock(&memoryLock);
  spike_run_track(&buffer->link);
  return buffer->pointer;
}

static void release(void *pointer) {
  if (!pointer)
    return;
  Buffer *buffer = NULL;
  pthread_mutex_lock(&memoryLock);
  for (Buffer **link = &liveBuffers[bucketOf(pointer)]; *link;
       link = &(*link)->next)
    if ((*link)->pointer == pointer) {
      buffer = *link;
      *link = buffer->next;
      break;
    }
  pthread_mutex_unlock(&memoryLock);
  /* Not one of ours (a constant's address): nothing to keep. */
  if (!buffer)
    return;
  spike_run_untrack(&buffer->link);
  buffer->next = freeBuffers;
  freeBuffers = buffer;
}

/* A buffer a failed run left behind: back to the free list (kernels still
 * queued on this thread's stream run before any that reuses it). */
void spike_runtime_release_buffer(SpikeRunLink *link) {
  release(((Buffer *)((char *)link - offsetof(Buffer, link)))->pointer);
}

/* Buffers of lowered code (finalize-memref-to-llvm{use-generic-functions}). */
SPIKE_EXPORT void *_mlir_memref_to_llvm_alloc(size_t size) {
  return allocate(size);
}

SPIKE_EXPORT void _mlir_memref_to_llvm_free(void *pointer) {
  release(pointer);
}

SPIKE_EXPORT void *mgpuMemAlloc(uint64_t size, void *stream, int hostShared) {
  (void)stream;
  (void)hostShared; /* managed memory is both */
  return allocate(size);
}

SPIKE_EXPORT void mgpuMemFree(void *pointer, void *stream) {
  (void)stream;
  release(pointer);
}

SPIKE_EXPORT void mgpuMemcpy(void *target, void *source, size_t size,
                             void *stream) {
  if (useContext())
    CHECK(cuMemcpyAsync((CUdeviceptr)(uintptr_t)target,
                        (CUdeviceptr)(uintptr_t)source, size,
                        (CUstream)stream));
}

SPIKE_EXPORT void mgpuMemset32(void *target, unsigned value, size_t count,
                               void *stream) {
  if (useContext())
    CHECK(cuMemsetD32Async((CUdeviceptr)(uintptr_t)target, value, count,
                           (CUstream)stream));
}

SPIKE_EXPORT void mgpuMemset16(void *target, unsigned short value,
                               size_t count, void *stream) {
  if (useContext())
    CHECK(cuMemsetD16Async((CUdeviceptr)(uintptr_t)target, value, count,
                           (CUstream)stream));
}

SPIKE_EXPORT void mgpuMemHostRegister(void *pointer, uint64_t size) {
  if (useContext())
    CHECK(cuMemHostRegister(pointer, size, 0));
}

SPIKE_EXPORT void mgpuMemHostUnregister(void *pointer) {
  if (useContext())
    CHECK(cuMemHostUnregister(pointer));
}

/*===--- Constants, transfers and runs -----------------------------------===*/

/* Device copies of host globals (weights), made once per process. */
typedef struct DeviceGlobal {
  struct DeviceGlobal *next;
  const void *host;
  void *device;
} DeviceGlobal;

static pthread_mutex_t globalLock = PTHREAD_MUTEX_INITIALIZER;
static DeviceGlobal *deviceGlobals;

SPIKE_EXPORT void *spike_cuda_device_global(const void *host, int64_t bytes) {
  pthread_mutex_lock(&globalLock);
  void *device = NULL;
  for (DeviceGlobal *entry = deviceGlobals; entry; entry = entry->next)
    if (entry->host == host) {
      device = entry->device;
      break;
    }
  if (!device) {
    CUdeviceptr copy = 0;
    DeviceGlobal *entry = malloc(sizeof *entry);
    /* Complete before any stream's kernel can read it. */
    if (entry && useContext() &&
        CHECK(cuMemAllocManaged(&copy, bytes > 0 ? (size_t)bytes : 1,
                                CU_MEM_ATTACH_GLOBAL)) &&
        CHECK(cuMemcpyHtoD(copy, host, (size_t)bytes)) &&
        CHECK(cuCtxSynchronize())) {
      entry->host = host;
      entry->device = (void *)(uintptr_t)copy;
      entry->next = deviceGlobals;
      deviceGlobals = entry;
      device = entry->device;
    } else {
      free(entry);
    }
  }
  pthread_mutex_unlock(&globalLock);
  /* On failure the error is recorded; the host address keeps the code
   * from dereferencing null before the run reports it. */
  return device ? device : (void *)(uintptr_t)host;
}

/* A device buffer holding `bytes` of `host` (the model's input), copied
 * on the calling thread's stream, before the kernels that read it. */
SPIKE_EXPORT void *spike_cuda_upload(const void *host, int64_t bytes) {
  void *device = allocate((size_t)bytes);
  CUstream stream = mgpuStreamCreate();
  if (device && stream &&
      (bytes == 0 || CHECK(cuMemcpyHtoDAsync((CUdeviceptr)(uintptr_t)device,
                                             host, (size_t)bytes, stream))))
    return device;
  release(device);
  return NULL;
}

/* Waits for the calling thread's work, then copies `bytes` from `device`
 * to `host` (the model's output); 0 if anything failed during the run. */
SPIKE_EXPORT int spike_cuda_download(void *host, const void *device,
                                     int64_t bytes) {
  if (threadStream && useContext())
    CHECK(cuStreamSynchronize(threadStream));
  pthread_mutex_lock(&errorLock);
  int failed = errorSet;
  pthread_mutex_unlock(&errorLock);
  if (failed || !useContext())
    return 0;
  if (bytes > 0 &&
      !CHECK(cuMemcpyDtoH(host, (CUdeviceptr)(uintptr_t)device, (size_t)bytes)))
    return 0;
  return 1;
}

/* Prints the recorded error (once) and returns SPIKE_ERROR_DEVICE. */
SPIKE_EXPORT int spike_cuda_report_error(void) {
  char message[512];
  if (spike_cuda_take_error(message, sizeof message))
    fprintf(stderr, "spike: CUDA: %s\n", message);
  else
    fprintf(stderr, "spike: CUDA: the run failed\n");
  return SPIKE_ERROR_DEVICE;
}
