//===- Npy.cpp - reading and writing NumPy .npy files ---------------------===//

#include "Npy.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <unistd.h>

namespace spike::npy {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr int64_t kMaxElements = int64_t(1) << 32;

bool fail(std::string &error, const std::string &path, const std::string &why) {
  error = path + ": " + why;
  return false;
}

/// The value of `key` in the header dictionary, up to the next ',' at the
/// same nesting level (or the closing brace).
bool findValue(const std::string &header, const std::string &key,
               std::string &value) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string::npos)
    return false;
  at = header.find(':', at);
  if (at == std::string::npos)
    return false;
  int depth = 0;
  size_t end = at + 1;
  for (; end < header.size(); ++end) {
    char c = header[end];
    if (c == '(' || c == '[')
      ++depth;
    else if (c == ')' || c == ']')
      --depth;
    else if ((c == ',' || c == '}') && depth == 0)
      break;
  }
  value = header.substr(at + 1, end - at - 1);
  size_t first = value.find_first_not_of(" ");
  size_t last = value.find_last_not_of(" ");
  value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
  return true;
}

bool parseShape(const std::string &text, std::vector<int64_t> &shape) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    return false;
  std::string inner = text.substr(1, text.size() - 2);
  std::stringstream stream(inner);
  std::string item;
  while (std::getline(stream, item, ',')) {
    size_t first = item.find_first_not_of(" ");
    if (first == std::string::npos)
      continue;
    item = item.substr(first);
    char *end = nullptr;
    errno = 0;
    long long value = std::strtoll(item.c_str(), &end, 10);
    if (errno || end == item.c_str() || value < 0)
      return false;
    while (*end == ' ' || *end == 'L')
      ++end;
    if (*end)
      return false;
    shape.push_back(value);
  }
  return true;
}

} // namespace

bool read(const std::string &path, Array &array, std::string &error) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return fail(error, path, "cannot open the file");
  char magic[6];
  if (!file.read(magic, 6) || std::memcmp(magic, kMagic, 6) != 0)
    return fail(error, path, "not a .npy file (bad magic)");
  unsigned char version[2];
  if (!file.read(reinterpret_cast<char *>(version), 2))
    return fail(error, path, "truncated header");
  uint32_t headerLength = 0;
  if (version[0] == 1) {
    unsigned char bytes[2];
    if (!file.read(reinterpret_cast<char *>(bytes), 2))
      return fail(error, path, "truncated header");
    headerLength = bytes[0] | (bytes[1] << 8);
  } else if (version[0] == 2 || version[0] == 3) {
    unsigned char bytes[4];
    if (!file.read(reinterpret_cast<char *>(bytes), 4))
      return fail(error, path, "truncated header");
    headerLength = bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) |
                   (uint32_t(bytes[3]) << 24);
  } else {
    return fail(error, path, "unsupported .npy version " +
                                 std::to_string(version[0]));
  }
  if (headerLength > (1u << 20))
    return fail(error, path, "header too long");
  std::string header(headerLength, '\0');
  if (!file.read(header.data(), headerLength))
    return fail(error, path, "truncated header");

  std::string descr, order, shapeText;
  if (!findValue(header, "descr", descr) ||
      !findValue(header, "fortran_order", order) ||
      !findValue(header, "shape", shapeText))
    return fail(error, path, "malformed header");
  if (descr != "'<f4'" && descr != "'|f4'")
    return fail(error, path, "dtype " + descr +
                                 " is not float32 little-endian ('<f4')");
  if (order != "False")
    return fail(error, path, "Fortran-ordered arrays are not supported");
  std::vector<int64_t> shape;
  if (!parseShape(shapeText, shape))
    return fail(error, path, "malformed shape " + shapeText);
  int64_t count = 1;
  for (int64_t size : shape) {
    if (size != 0 && count > kMaxElements / size)
      return fail(error, path, "the array is too large");
    count *= size;
  }
  if (count > kMaxElements)
    return fail(error, path, "the array is too large");

  std::streampos start = file.tellg();
  file.seekg(0, std::ios::end);
  std::streampos end = file.tellg();
  if (end - start != static_cast<std::streamoff>(count * 4))
    return fail(error, path,
                "payload has " + std::to_string(end - start) +
                    " bytes, the shape needs " + std::to_string(count * 4) +
                    (end - start < count * 4 ? " (truncated file)" : ""));
  file.seekg(start);
  array.shape = shape;
  array.data.resize(count);
  if (count && !file.read(reinterpret_cast<char *>(array.data.data()),
                          count * 4))
    return fail(error, path, "cannot read the payload");
  return true;
}

bool write(const std::string &path, const Array &array, std::string &error) {
  std::string shape = "(";
  for (size_t i = 0; i < array.shape.size(); ++i)
    shape += std::to_string(array.shape[i]) + (array.shape.size() == 1 ? "," : i + 1 < array.shape.size() ? ", " : "");
  shape += ")";
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " +
                       shape + ", }";
  // Pad so that the data starts at a multiple of 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';

  std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file)
      return fail(error, path, "cannot create the output file");
    file.write(kMagic, 6);
    const char version[2] = {1, 0};
    file.write(version, 2);
    const char length[2] = {static_cast<char>(header.size() & 0xff),
                            static_cast<char>(header.size() >> 8)};
    file.write(length, 2);
    file.write(header.data(), header.size());
    file.write(reinterpret_cast<const char *>(array.data.data()),
               array.data.size() * 4);
    if (!file) {
      std::remove(temporary.c_str());
      return fail(error, path, "cannot write the output file");
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return fail(error, path, "cannot write the output file");
  }
  return true;
}

} // namespace spike::npy
