/*===- spike-c/ModelABI.h - the C ABI of a compiled spike model -----------===*\
|*                                                                            *|
|* The one source of the ABI that every shared library made by spike-compile *|
|* exports (docs/c-abi.md): its version, status codes, element sizes, layer  *|
|* kinds and functions. The compiler (lib/Compile/CInterface.cpp) emits the  *|
|* functions and embeds this text in each model's generated header; the      *|
|* runtimes return these status codes; spike-run and the Python loader       *|
|* (python/spike/loader.py, which parses the #defines below) read them from  *|
|* here. Plain C, no dependencies.                                            *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef SPIKE_C_MODELABI_H
#define SPIKE_C_MODELABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returned by spike_model_abi_version; changes with any incompatible change
 * to what follows. */
#define SPIKE_MODEL_ABI_VERSION 1

/* Status codes of spike_model_run and spike_model_run_stats. */
#define SPIKE_OK 0
/* Wrong element count, or a null buffer; nothing was written. */
#define SPIKE_ERROR_SIZE 1
/* A model compiled for CUDA whose device failed (no GPU or driver, out of
 * memory, ...): the runtime printed the driver's message to stderr and the
 * output is not written. */
#define SPIKE_ERROR_DEVICE 2
/* Memory ran out during the run (an allocation of the model or of its
 * runtime failed): the run freed what it had allocated and the output is
 * not written; the model can be run again once memory is available. */
#define SPIKE_ERROR_MEMORY 3

/* Bytes per element of the buffers that cross the ABI: float32 inputs and
 * outputs, int64 event counters. */
#define SPIKE_MODEL_VALUE_BYTES 4
#define SPIKE_MODEL_COUNTER_BYTES 8

/* spike_model_layer_kind: what a layer's event counter counts. */
#define SPIKE_LAYER_NEURON 0  /* counter: spikes; size: neuron-steps */
#define SPIKE_LAYER_SYNAPSE 1 /* counter: accumulates; macs: per run */

/* An ABI function's exported name as a string, for dlsym and for code
 * generators; naming a function not declared below does not compile. */
#define SPIKE_MODEL_ABI_SYMBOL(function) ((void)sizeof(&(function)), #function)

int32_t spike_model_abi_version(void);
const char *spike_model_name(void);
/* "cpu", or "cuda" for a model compiled with --target cuda. */
const char *spike_model_target(void);
int32_t spike_model_input_rank(void);
const int64_t *spike_model_input_shape(void);
int64_t spike_model_input_size(void);
int32_t spike_model_output_rank(void);
const int64_t *spike_model_output_shape(void);
int64_t spike_model_output_size(void);

/* Runs the model on `input` (row-major float32, input_size elements) and
 * writes output_size floats to `output`. Both buffers belong to the caller;
 * nothing is written past output_size elements. Returns SPIKE_OK, or a
 * status code above without touching `output`. */
int32_t spike_model_run(const float *input, int64_t input_size, float *output,
                        int64_t output_size);

/* Event counters: one per counted layer (docs/c-abi.md). */
int32_t spike_model_layer_count(void);
const char *spike_model_layer_name(int32_t layer);
int32_t spike_model_layer_kind(int32_t layer);
int64_t spike_model_layer_size(int32_t layer);
int64_t spike_model_layer_macs(int32_t layer);
/* Synapses: MACs per run of the same layer with real-valued input (the
 * network as an ANN; over all T steps). */
int64_t spike_model_layer_dense_macs(int32_t layer);

/* spike_model_run that also writes layer_count counters to `counts`. */
int32_t spike_model_run_stats(const float *input, int64_t input_size,
                              float *output, int64_t output_size,
                              int64_t *counts, int64_t count_size);

/* Threads of the model's parallel loops (process-wide; default:
 * $SPIKE_NUM_THREADS, else every CPU the process may use). */
void spike_model_set_num_threads(int32_t threads);
int32_t spike_model_num_threads(void);

#ifdef __cplusplus
}
#endif

#endif /* SPIKE_C_MODELABI_H */
