//===- Npy.h - reading and writing NumPy .npy files -----------------------===//
//
// Just what spike-run needs: float32 arrays in C order, validated strictly
// (dtype, byte order, shape, payload length) with messages naming the file.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_RUNTIME_NPY_H
#define SPIKE_RUNTIME_NPY_H

#include <cstdint>
#include <string>
#include <vector>

namespace spike::npy {

struct Array {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// Reads a float32 ('<f4'), C-ordered .npy file. Returns false and sets
/// `error` ("file: why") on any problem.
bool read(const std::string &path, Array &array, std::string &error);

/// Writes `array` as a float32 .npy file through a temporary file that is
/// renamed into place, so a failed write leaves no partial file.
bool write(const std::string &path, const Array &array, std::string &error);

} // namespace spike::npy

#endif // SPIKE_RUNTIME_NPY_H
