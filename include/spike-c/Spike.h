/*===- spike-c/Spike.h - the C API of spike -------------------------------===*\
|*                                                                            *|
|* For tools and languages that drive spike without C++: register the        *|
|* dialect and passes with MLIR's C API, run the CPU pipeline on a module,   *|
|* or compile a model file into a shared library (what spike-compile does).  *|
|* Implemented in libSpikeCAPI.so, which links libMLIR.so; the MLIR C API    *|
|* functions (mlirContextCreate, mlirDialectHandleRegisterDialect, ...) come *|
|* from the caller's own MLIR C API library.                                 *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef SPIKE_C_SPIKE_H
#define SPIKE_C_SPIKE_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The spike dialect: mlirGetDialectHandle__spike__(). */
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Spike, spike);

/* The version of spike, e.g. "0.1.0". */
MLIR_CAPI_EXPORTED const char *spikeVersion(void);

/* Inserts the spike dialect and every dialect its lowering produces (func,
 * arith, tensor, linalg, vector, scf, memref, bufferization, LLVM, ...) and
 * their extensions into `registry`. */
MLIR_CAPI_EXPORTED void spikeRegisterDialects(MlirDialectRegistry registry);

/* Registers spike's passes and the spike-cpu-pipeline in MLIR's global pass
 * registry, so that textual pipelines name them. Idempotent. */
MLIR_CAPI_EXPORTED void spikeRegisterPasses(void);

/* Runs --spike-cpu-pipeline on `module` (func/arith/tensor/spike ops on
 * tensors -> LLVM dialect). `options` are the pipeline's options as text,
 * e.g. "vector-width=8 parallel=1" (empty: the defaults). Diagnostics go to
 * the context's handlers. */
MLIR_CAPI_EXPORTED MlirLogicalResult spikeRunCPUPipeline(MlirModule module,
                                                         MlirStringRef options);

/* What spikeCompileModel writes. */
typedef enum SpikeEmit {
  SPIKE_EMIT_SHARED_LIBRARY = 0, /* model.so and model.h */
  SPIKE_EMIT_OBJECT = 1,
  SPIKE_EMIT_LLVM = 2, /* LLVM IR text */
  SPIKE_EMIT_MLIR = 3  /* the spike-level module */
} SpikeEmit;

/* Options of spikeCompileModel; spikeCompileOptionsInit sets the defaults
 * of spike-compile. Strings are borrowed for the duration of the call. */
typedef struct SpikeCompileOptions {
  SpikeEmit emit;
  int64_t timesteps;      /* T of an NIR model (default 1) */
  int64_t batch;          /* B of an NIR model (default 1) */
  double dt;              /* Euler step of NIR neurons in s (default 1e-4) */
  const char *cpu;        /* "native" or an LLVM CPU name */
  int64_t vectorWidth;    /* f32 lanes per vector; 0: from the CPU */
  const char *attentionOrder; /* "auto", "scores_first" or "kv_first" */
  int denseSpikes;        /* nonzero: the dense-f32 baseline */
  int debugInfo;          /* nonzero: -g (writes <output>.spike.mlir) */
  const char *headerPath; /* header next to a shared library; NULL: none */
  const char *target;     /* "cpu" (default) or "cuda" (NVIDIA GPUs, in builds
                             with the CUDA toolkit) */
  const char *chip;       /* target "cuda": the GPU, e.g. "sm_90" (default) */
} SpikeCompileOptions;

MLIR_CAPI_EXPORTED void spikeCompileOptionsInit(SpikeCompileOptions *options);

/* Compiles the model at `inputPath` (.nir or .mlir) into `outputPath`.
 * Returns 0 on success; otherwise 1 and, when `error` is not NULL, the
 * message (naming the file and the node or op) in `error`, truncated to
 * `errorSize` bytes including the terminating NUL. */
MLIR_CAPI_EXPORTED int spikeCompileModel(const char *inputPath,
                                         const char *outputPath,
                                         const SpikeCompileOptions *options,
                                         char *error, size_t errorSize);

#ifdef __cplusplus
}
#endif

#endif /* SPIKE_C_SPIKE_H */
