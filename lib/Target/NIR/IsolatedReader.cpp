//===- IsolatedReader.cpp - reading NIR files in a child process ----------===//
//
// libhdf5 parses the file format, and on some malformed files it loops
// forever, allocates what a corrupt length field says or crashes: faults of
// the library that no check of ours can prevent. The tools therefore read
// NIR files in a forked child with a CPU-time limit (and, outside sanitizer
// builds, an address-space limit); the child sends the graph back through a
// pipe in a small binary form, and the parent turns a child that died or
// ran out of time into an error naming the file.
//
//===----------------------------------------------------------------------===//

#include "spike/Target/NIR/NIRReader.h"

#include "llvm/ADT/Twine.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace mlir::spike::nir;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

namespace {

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

//===----------------------------------------------------------------------===//
// The wire form: little-endian, length-prefixed.
//===----------------------------------------------------------------------===//

class Writer {
public:
  void u64(uint64_t value) { bytes.append(reinterpret_cast<char *>(&value), 8); }
  void i64(int64_t value) { u64(static_cast<uint64_t>(value)); }
  void f64(double value) { bytes.append(reinterpret_cast<char *>(&value), 8); }
  void text(StringRef value) {
    u64(value.size());
    bytes.append(value.data(), value.size());
  }
  void writeGraph(const Graph &graph) {
    text(graph.version);
    u64(graph.nodes.size());
    for (const Node &node : graph.nodes) {
      text(node.name);
      text(node.type);
      u64(node.params.size());
      for (const auto &entry : node.params) {
        const Param &param = entry.getValue();
        text(entry.getKey());
        u64(static_cast<uint64_t>(param.kind));
        u64(param.shape.size());
        for (int64_t size : param.shape)
          i64(size);
        u64(param.floats.size());
        for (double value : param.floats)
          f64(value);
        u64(param.ints.size());
        for (int64_t value : param.ints)
          i64(value);
        text(param.text);
        u64(param.texts.size());
        for (const std::string &value : param.texts)
          text(value);
      }
      u64(node.subgraph ? 1 : 0);
      if (node.subgraph)
        writeGraph(*node.subgraph);
    }
    u64(graph.edges.size());
    for (const auto &[source, target] : graph.edges) {
      text(source);
      text(target);
    }
  }
  std::string bytes;
};

/// Reads the wire form back; every count is checked against the bytes
/// left, so a short or garbled message is an error, not an overrun.
class Reader {
public:
  explicit Reader(StringRef bytes) : rest(bytes) {}

  bool u64(uint64_t &value) {
    if (rest.size() < 8)
      return false;
    std::memcpy(&value, rest.data(), 8);
    rest = rest.drop_front(8);
    return true;
  }
  bool i64(int64_t &value) {
    uint64_t bits;
    if (!u64(bits))
      return false;
    value = static_cast<int64_t>(bits);
    return true;
  }
  bool f64(double &value) {
    if (rest.size() < 8)
      return false;
    std::memcpy(&value, rest.data(), 8);
    rest = rest.drop_front(8);
    return true;
  }
  bool text(std::string &value) {
    uint64_t size;
    if (!u64(size) || size > rest.size())
      return false;
    value = rest.take_front(size).str();
    rest = rest.drop_front(size);
    return true;
  }
  /// A count, then that many 8-byte values (int64 or double).
  template <typename T> bool array(std::vector<T> &values) {
    static_assert(sizeof(T) == 8, "the wire form has 8-byte values");
    uint64_t size;
    if (!count(size, 8))
      return false;
    values.resize(size);
    if (size) // memcpy's pointers must not be null, even for 0 bytes
      std::memcpy(values.data(), rest.data(), size * 8);
    rest = rest.drop_front(size * 8);
    return true;
  }
  /// A count of items of at least `itemBytes` bytes each.
  bool count(uint64_t &value, uint64_t itemBytes) {
    return u64(value) && value <= rest.size() / itemBytes;
  }
  bool readGraph(Graph &graph, int depth) {
    uint64_t nodes;
    if (depth > 64 || !text(graph.version) || !count(nodes, 24))
      return false;
    graph.nodes.resize(nodes);
    for (Node &node : graph.nodes) {
      uint64_t params;
      if (!text(node.name) || !text(node.type) || !count(params, 48))
        return false;
      for (uint64_t i = 0; i < params; ++i) {
        std::string key;
        uint64_t kind;
        Param param;
        if (!text(key) || !u64(kind) || kind > 2)
          return false;
        param.kind = static_cast<Param::Kind>(kind);
        if (!array(param.shape) || !array(param.floats) ||
            !array(param.ints) || !text(param.text))
          return false;
        uint64_t texts;
        if (!count(texts, 8))
          return false;
        param.texts.resize(texts);
        for (std::string &value : param.texts)
          if (!text(value))
            return false;
        node.params[key] = std::move(param);
      }
      uint64_t hasSubgraph;
      if (!u64(hasSubgraph) || hasSubgraph > 1)
        return false;
      if (hasSubgraph) {
        node.subgraph = std::make_unique<Graph>();
        if (!readGraph(*node.subgraph, depth + 1))
          return false;
      }
    }
    uint64_t edges;
    if (!count(edges, 16))
      return false;
    graph.edges.resize(edges);
    for (auto &[source, target] : graph.edges)
      if (!text(source) || !text(target))
        return false;
    return true;
  }
  bool done() const { return rest.empty(); }

private:
  StringRef rest;
};

Error fail(StringRef path, const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 path + ": " + message);
}

/// Writes all of `bytes` to `fd` (the child's side).
bool writeAll(int fd, StringRef bytes) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      return false;
    bytes = bytes.drop_front(written);
  }
  return true;
}

} // namespace

Expected<Graph> mlir::spike::nir::readFileIsolated(StringRef path,
                                                   const ReadLimits &limits,
                                                   const Isolation &isolation) {
  unsigned cpuSeconds = isolation.cpuSeconds;
  if (const char *env = std::getenv("SPIKE_NIR_READ_SECONDS"))
    if (int seconds = std::atoi(env); seconds > 0)
      cpuSeconds = static_cast<unsigned>(seconds);
  int fds[2];
  if (::pipe(fds) != 0)
    return readFile(path, limits); // no process isolation available
  std::string pathCopy = path.str();
  pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return readFile(path, limits);
  }
  if (child == 0) {
    ::close(fds[0]);
    // The parent's crash handlers (LLVM's stack dump) are not for a child
    // whose failure the parent reports.
    for (int signal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGXCPU})
      std::signal(signal, SIG_DFL);
    struct rlimit cpu = {static_cast<rlim_t>(cpuSeconds),
                         static_cast<rlim_t>(cpuSeconds + 1)};
    ::setrlimit(RLIMIT_CPU, &cpu);
    if (!kSanitized && isolation.addressSpaceBytes > 0) {
      struct rlimit memory = {static_cast<rlim_t>(isolation.addressSpaceBytes),
                              static_cast<rlim_t>(isolation.addressSpaceBytes)};
      ::setrlimit(RLIMIT_AS, &memory);
    }
    Writer writer;
    auto graph = readFile(pathCopy, limits);
    if (graph) {
      writer.u64(1);
      writer.writeGraph(*graph);
    } else {
      writer.u64(0);
      writer.text(llvm::toString(graph.takeError()));
    }
    bool ok = writeAll(fds[1], writer.bytes);
    ::close(fds[1]);
    // No exit handlers or destructors of the parent's state in the child.
    ::_exit(ok ? 0 : 1);
  }

  ::close(fds[1]);
  // The message is at most the limits' worth of elements (8 bytes each)
  // plus names; more means something went wrong in the child.
  const uint64_t maxBytes =
      static_cast<uint64_t>(limits.maxTotalElements) * 8 + (uint64_t(1) << 30);
  std::string bytes;
  char buffer[1 << 16];
  bool overflow = false, late = false;
  // A wall-clock bound too: a child that sleeps (a lock inherited from a
  // thread of the parent) uses no CPU time.
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::seconds(2 * cpuSeconds + 10);
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    struct pollfd ready = {fds[0], POLLIN, 0};
    int polled = left > 0 ? ::poll(&ready, 1, static_cast<int>(left)) : 0;
    if (polled < 0 && errno == EINTR)
      continue;
    if (polled == 0) {
      late = true;
      ::kill(child, SIGKILL);
      break;
    }
    ssize_t got = ::read(fds[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    if (bytes.size() + got > maxBytes) {
      overflow = true;
      ::kill(child, SIGKILL);
      break;
    }
    bytes.append(buffer, got);
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (late)
    return fail(path, "reading the file did not finish in " +
                          Twine(2 * cpuSeconds + 10) + " s");
  if (overflow)
    return fail(path, "reading the file produced more data than its limits "
                      "allow (a malformed file?)");
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    if (signal == SIGXCPU || signal == SIGKILL)
      return fail(path, "reading the file took more than " +
                            Twine(cpuSeconds) +
                            " s of CPU time (a malformed HDF5 file?)");
    return fail(path, "the HDF5 library failed on the file (signal " +
                          Twine(signal) + ": " + strsignal(signal) +
                          "; a malformed file?)");
  }
  Reader reader(bytes);
  uint64_t ok;
  if (!reader.u64(ok))
    return fail(path, "reading the file failed (out of memory or a "
                      "malformed HDF5 file?)");
  if (!ok) {
    std::string message;
    if (!reader.text(message))
      return fail(path, "reading the file failed");
    return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
  }
  Graph graph;
  if (!reader.readGraph(graph, 0) || !reader.done())
    return fail(path, "reading the file failed (a garbled result)");
  return graph;
}
