//===- spike-run.cpp - run a compiled model on .npy data ------------------===//
//
//   spike-run model.so --input x.npy [--output y.npy] [--repeat N] [--threads N]
//             [--pin-threads]
//
// Loads a shared library made by spike-compile (through its C ABI only: no
// MLIR or LLVM here), checks the input against the model's shape, runs it,
// and prints latency, throughput and, when the model was compiled with
// event counters, the firing rate of every neuron layer, the accumulates
// (ACs) and multiply-accumulates (MACs) executed and the energy estimate of
// SPEC section 6.
//
//===----------------------------------------------------------------------===//

#include "Npy.h"
#include "spike-c/ModelABI.h"
#include "spike-c/ModelFile.h"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <new>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

struct Options {
  std::string model, input, output;
  int repeat = 10;
  int threads = 0; // 0: the model's default (SPIKE_NUM_THREADS or all CPUs)
  bool pinThreads = false;
};

/// Prints the usage; exits 1 after an error `message`, 0 for --help.
[[noreturn]] void usage(const char *message = nullptr) {
  if (message)
    std::fprintf(stderr, "spike-run: error: %s\n", message);
  std::fprintf(message ? stderr : stdout,
               "usage: spike-run model.so --input x.npy [--output y.npy] "
               "[--repeat N] [--threads N] [--pin-threads]\n");
  std::exit(message ? 1 : 0);
}

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "spike-run: error: %s\n", message.c_str());
  std::exit(1);
}

int parsePositive(const char *flag, const char *text) {
  char *end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (!*text || *end || value < 1 || value > 1000000)
    die(std::string(flag) + " needs a positive integer, got '" + text + "'");
  return static_cast<int>(value);
}

Options parse(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> const char * {
      if (i + 1 >= argc)
        usage((arg + " needs a value").c_str());
      return argv[++i];
    };
    if (arg == "--input" || arg == "-i")
      options.input = value();
    else if (arg == "--output" || arg == "-o")
      options.output = value();
    else if (arg == "--repeat")
      options.repeat = parsePositive("--repeat", value());
    else if (arg == "--threads")
      options.threads = parsePositive("--threads", value());
    else if (arg == "--pin-threads")
      options.pinThreads = true;
    else if (arg == "--help" || arg == "-h")
      usage();
    else if (!arg.empty() && arg[0] == '-')
      usage(("unknown option " + arg).c_str());
    else if (options.model.empty())
      options.model = arg;
    else
      usage(("unexpected argument " + arg).c_str());
  }
  if (options.model.empty() || options.input.empty())
    usage("a model and --input are required");
  return options;
}

/// The C ABI of a compiled model (include/spike-c/ModelABI.h), bound with
/// dlsym: pointers of the declared functions' types.
struct Model {
  decltype(&spike_model_abi_version) abiVersion = nullptr;
  decltype(&spike_model_name) name = nullptr;
  decltype(&spike_model_input_rank) inputRank = nullptr;
  decltype(&spike_model_input_shape) inputShape = nullptr;
  decltype(&spike_model_output_rank) outputRank = nullptr;
  decltype(&spike_model_output_shape) outputShape = nullptr;
  decltype(&spike_model_run) run = nullptr;
  // Event counters (optional).
  decltype(&spike_model_layer_count) layerCount = nullptr;
  decltype(&spike_model_layer_name) layerName = nullptr;
  decltype(&spike_model_layer_kind) layerKind = nullptr;
  decltype(&spike_model_layer_size) layerSize = nullptr;
  decltype(&spike_model_layer_macs) layerMacs = nullptr;
  decltype(&spike_model_run_stats) runStats = nullptr;
  // The thread pool of parallel loops (optional).
  decltype(&spike_model_set_num_threads) setNumThreads = nullptr;
  decltype(&spike_model_num_threads) numThreads = nullptr;
  // "cpu" or "cuda" (optional: models before the CUDA backend are CPU ones).
  decltype(&spike_model_target) target = nullptr;
};

template <typename F> void bind(void *handle, const char *name, F &pointer,
                                const std::string &path, bool required) {
  void *symbol = dlsym(handle, name);
  if (!symbol && required)
    die(path + ": not a spike model (no " + name + ")");
  pointer = reinterpret_cast<F>(symbol);
}

Model load(const std::string &path) {
  if (FILE *file = std::fopen(path.c_str(), "rb"))
    std::fclose(file);
  else
    die(path + ": no such file");
  // A file cut short or corrupt would crash dlopen (SIGBUS on pages past
  // its end): refuse it first.
  char problem[512];
  if (spike_model_file_check(path.c_str(), problem, sizeof problem) != 0)
    die(problem);
  // A bare file name would make dlopen search the library path.
  std::string local = path.find('/') == std::string::npos ? "./" + path : path;
  void *handle = dlopen(local.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    die(path + ": cannot load: " + dlerror());
  Model model;
#define BIND(function, member, required)                                       \
  bind(handle, SPIKE_MODEL_ABI_SYMBOL(function), model.member, path, required)
  BIND(spike_model_abi_version, abiVersion, true);
  if (model.abiVersion() != SPIKE_MODEL_ABI_VERSION)
    die(path + ": C ABI version " + std::to_string(model.abiVersion()) +
        ", expected " + std::to_string(SPIKE_MODEL_ABI_VERSION) +
        " (recompile the model)");
  BIND(spike_model_name, name, true);
  BIND(spike_model_input_rank, inputRank, true);
  BIND(spike_model_input_shape, inputShape, true);
  BIND(spike_model_output_rank, outputRank, true);
  BIND(spike_model_output_shape, outputShape, true);
  BIND(spike_model_run, run, true);
  BIND(spike_model_layer_count, layerCount, false);
  BIND(spike_model_layer_name, layerName, false);
  BIND(spike_model_layer_kind, layerKind, false);
  BIND(spike_model_layer_size, layerSize, false);
  BIND(spike_model_layer_macs, layerMacs, false);
  BIND(spike_model_run_stats, runStats, false);
  BIND(spike_model_set_num_threads, setNumThreads, false);
  BIND(spike_model_num_threads, numThreads, false);
  BIND(spike_model_target, target, false);
#undef BIND
  return model;
}

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

int64_t product(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  return count;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

/// SPEC section 6: 45 nm energy per operation.
constexpr double kMacPicojoules = 4.6;
constexpr double kAcPicojoules = 0.9;

/// Exits with the meaning of a failed run's status.
void checkRunStatus(const std::string &modelPath, const char *function,
                    int status) {
  switch (status) {
  case SPIKE_OK:
    return;
  case SPIKE_ERROR_DEVICE:
    die(modelPath + ": " + function + " failed on the device (see above)");
  case SPIKE_ERROR_MEMORY:
    die(modelPath + ": " + function +
        " ran out of memory (SPIKE_ERROR_MEMORY); nothing was written");
  default:
    die(modelPath + ": " + function + " failed with status " +
        std::to_string(status));
  }
}

void printStats(const std::string &modelPath, const Model &model,
                const spike::npy::Array &input, std::vector<float> &output,
                int64_t samples) {
  if (!model.layerCount || !model.runStats) {
    std::printf("event counts: not available (the model was compiled "
                "without counters)\n");
    return;
  }
  int32_t layers = model.layerCount();
  std::vector<int64_t> counts(layers, 0);
  checkRunStatus(modelPath, "spike_model_run_stats",
                 model.runStats(input.data.data(), input.data.size(),
                                output.data(), output.size(), counts.data(),
                                counts.size()));
  int64_t acs = 0, macs = 0;
  std::printf("per-layer events (one run, %" PRId64 " samples):\n", samples);
  for (int32_t i = 0; i < layers; ++i) {
    const char *name = model.layerName(i);
    int64_t size = model.layerSize(i);
    int64_t layerMacs = model.layerMacs(i);
    macs += layerMacs;
    if (model.layerKind(i) == SPIKE_LAYER_NEURON) {
      double rate = size ? double(counts[i]) / double(size) : 0.0;
      std::printf("  %-32s firing rate %6.2f %%  (%" PRId64 " spikes / %" PRId64
                  " neuron-steps)\n",
                  name, 100.0 * rate, counts[i], size);
    } else {
      acs += counts[i];
      std::printf("  %-32s %14" PRId64 " ACs %14" PRId64 " MACs\n", name,
                  counts[i], layerMacs);
    }
  }
  double perSample = samples > 0 ? 1.0 / samples : 1.0;
  double energy = (acs * kAcPicojoules + macs * kMacPicojoules) * perSample;
  std::printf("ACs per sample:  %.4g\n", acs * perSample);
  std::printf("MACs per sample: %.4g\n", macs * perSample);
  std::printf("energy per sample: %.4g uJ (E_AC = 0.9 pJ, E_MAC = 4.6 pJ)\n",
              energy * 1e-6);
}

} // namespace

/// spike-run's own allocations (input, output, messages) that fail: a
/// clean error instead of std::bad_alloc's abort. Allocates nothing.
void outOfMemory() {
  static const char message[] = "spike-run: error: out of memory\n";
  (void)!write(STDERR_FILENO, message, sizeof message - 1);
  _exit(1);
}

int main(int argc, char **argv) {
  std::set_new_handler(outOfMemory);
  Options options = parse(argc, argv);
  // Read by the model's runtime when its thread pool starts.
  if (options.pinThreads)
    setenv("SPIKE_PIN_THREADS", "1", /*overwrite=*/1);
  Model model = load(options.model);

  std::vector<int64_t> inputShape(model.inputShape(),
                                  model.inputShape() + model.inputRank());
  std::vector<int64_t> outputShape(model.outputShape(),
                                   model.outputShape() + model.outputRank());
  spike::npy::Array input;
  std::string error;
  if (!spike::npy::read(options.input, input, error))
    die(error);
  if (input.shape != inputShape)
    die(options.input + ": shape " + shapeText(input.shape) +
        " does not match the model's input shape " + shapeText(inputShape));

  std::vector<float> output(product(outputShape));
  auto runOnce = [&](std::vector<float> &out) {
    checkRunStatus(options.model, "spike_model_run",
                   model.run(input.data.data(), input.data.size(), out.data(),
                             out.size()));
  };
  if (model.setNumThreads && options.threads > 0)
    model.setNumThreads(options.threads);
  else if (!model.setNumThreads && options.threads > 1)
    std::fprintf(stderr, "spike-run: warning: %s has no thread pool "
                         "(compiled by an older spike-compile); running on "
                         "one thread\n",
                 options.model.c_str());
  int threads = model.numThreads ? model.numThreads() : 1;
  runOnce(output); // warm-up, and the output that is written

  // Latency: `repeat` runs, each on `threads` threads.
  std::vector<double> times;
  for (int i = 0; i < options.repeat; ++i) {
    auto start = std::chrono::steady_clock::now();
    runOnce(output);
    std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - start;
    times.push_back(elapsed.count());
  }
  double latency = median(times);
  // Batch is dimension 1 of T x B x ...
  int64_t samples = inputShape.size() > 1 ? inputShape[1] : 1;

  std::printf("model: %s (%s)\n", model.name(), options.model.c_str());
  std::printf("input %s -> output %s\n", shapeText(inputShape).c_str(),
              shapeText(outputShape).c_str());
  bool cuda = model.target && std::string(model.target()) == "cuda";
  std::string where = cuda ? "CUDA device, host buffers in and out"
                           : std::to_string(threads) +
                                 (threads > 1 ? " threads" : " thread");
  std::printf("latency: %.3f ms per run (median of %d, %s), "
              "%.3f ms per sample\n",
              latency * 1e3, options.repeat, where.c_str(),
              latency * 1e3 / samples);
  std::printf("throughput: %.1f samples/s\n", samples / latency);

  printStats(options.model, model, input, output, samples);

  if (!options.output.empty()) {
    spike::npy::Array result{outputShape, output};
    if (!spike::npy::write(options.output, result, error))
      die(error);
    std::printf("output written to %s\n", options.output.c_str());
  }
  return 0;
}
