//===- NIRReader.cpp - reading NIR HDF5 files with the HDF5 C API ---------===//
//
// Every call into HDF5 is checked; sizes are validated against ReadLimits
// before anything is allocated; links other than hard links (soft or
// external ones could point anywhere) are refused. HDF5's own error stack
// printing is silenced: errors come back as llvm::Error naming the node.
//
//===----------------------------------------------------------------------===//

#include "spike/Target/NIR/NIRReader.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"

#include <hdf5.h>

#include <cstring>

using namespace mlir::spike::nir;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

int64_t Param::numElements() const {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  return count;
}

const Param *Node::find(StringRef key) const {
  auto it = params.find(key);
  return it == params.end() ? nullptr : &it->second;
}

namespace {

/// Closes an HDF5 identifier when it goes out of scope.
class Handle {
public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id(id), close(close) {}
  Handle(const Handle &) = delete;
  Handle &operator=(const Handle &) = delete;
  ~Handle() {
    if (id >= 0)
      close(id);
  }
  hid_t get() const { return id; }
  bool valid() const { return id >= 0; }

private:
  hid_t id;
  herr_t (*close)(hid_t);
};

class Reader {
public:
  Reader(StringRef path, const ReadLimits &limits)
      : path(path.str()), limits(limits) {}

  /// Reads the file at `path`.
  Expected<Graph> read();
  /// Reads `image`, the bytes of an HDF5 file (`path` names it in errors).
  Expected<Graph> readImage(StringRef image);

private:
  Error fail(StringRef where, const Twine &message) const {
    if (where.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     path + ": " + message);
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   path + ": node '" + where + "': " + message);
  }

  /// Names of the children of `group`, in name order.
  Expected<std::vector<std::string>> children(hid_t group, StringRef where);
  /// Kind of child `name`: a group or a dataset (hard links only).
  Expected<H5O_type_t> childKind(hid_t group, const std::string &name,
                                 StringRef where);
  Expected<std::vector<int64_t>> shapeOf(hid_t dataset, StringRef where);
  Expected<Param> readParam(hid_t group, const std::string &name,
                            StringRef where);
  Expected<std::vector<std::string>> readStrings(hid_t dataset,
                                                 StringRef where);
  Expected<std::string> readTypeString(hid_t group, StringRef where);
  Expected<Graph> readFileHandle(hid_t file);
  Error readGraph(hid_t group, StringRef where, int depth, Graph &graph);
  Error readNode(hid_t group, const std::string &name, StringRef where,
                 int depth, Node &node);

  std::string path;
  ReadLimits limits;
  int64_t totalElements = 0;
  int64_t totalNodes = 0;
};

Expected<std::vector<std::string>> Reader::children(hid_t group,
                                                    StringRef where) {
  H5G_info_t info;
  if (H5Gget_info(group, &info) < 0)
    return fail(where, "cannot list the group's members");
  if (info.nlinks > static_cast<hsize_t>(limits.maxNodes))
    return fail(where, "too many members (" + Twine(info.nlinks) + ")");
  // One pass over the links (H5Lget_name_by_idx per index walks the group
  // from its start every time: quadratic in the member count).
  struct Listing {
    std::vector<std::string> names;
    size_t limit;
    bool tooLong = false;
  } listing{{}, static_cast<size_t>(info.nlinks)};
  listing.names.reserve(info.nlinks);
  auto collect = [](hid_t, const char *name, const H5L_info_t *,
                    void *data) -> herr_t {
    auto *listing = static_cast<Listing *>(data);
    size_t length = strnlen(name, 4097);
    if (length > 4096 || listing->names.size() >= listing->limit) {
      listing->tooLong = true;
      return 1; // stop
    }
    listing->names.emplace_back(name, length);
    return 0;
  };
  hsize_t index = 0;
  if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, collect,
                  &listing) < 0 ||
      listing.tooLong)
    return fail(where, "cannot read the member names");
  return std::move(listing.names);
}

Expected<H5O_type_t> Reader::childKind(hid_t group, const std::string &name,
                                       StringRef where) {
  H5L_info_t link;
  if (H5Lget_info(group, name.c_str(), &link, H5P_DEFAULT) < 0)
    return fail(where, "cannot inspect member '" + name + "'");
  if (link.type != H5L_TYPE_HARD)
    return fail(where, "member '" + name +
                           "' is a soft or external link, which is not allowed");
  H5O_info_t info;
  if (H5Oget_info_by_name2(group, name.c_str(), &info, H5O_INFO_BASIC,
                           H5P_DEFAULT) < 0)
    return fail(where, "cannot inspect member '" + name + "'");
  if (info.type != H5O_TYPE_GROUP && info.type != H5O_TYPE_DATASET)
    return fail(where, "member '" + name + "' is neither a group nor a dataset");
  return info.type;
}

Expected<std::vector<int64_t>> Reader::shapeOf(hid_t dataset,
                                               StringRef where) {
  Handle space(H5Dget_space(dataset), H5Sclose);
  if (!space.valid())
    return fail(where, "cannot read a dataset's shape");
  H5S_class_t spaceClass = H5Sget_simple_extent_type(space.get());
  if (spaceClass == H5S_SCALAR)
    return std::vector<int64_t>{};
  if (spaceClass != H5S_SIMPLE)
    return fail(where, "dataset has no data (null dataspace)");
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || rank > 32)
    return fail(where, "dataset rank " + Twine(rank) + " is not supported");
  std::vector<hsize_t> dims(rank);
  if (H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
    return fail(where, "cannot read a dataset's shape");
  std::vector<int64_t> shape;
  int64_t count = 1;
  for (hsize_t dim : dims) {
    if (dim > static_cast<hsize_t>(limits.maxElementsPerDataset))
      return fail(where, "dataset dimension " + Twine(dim) + " is too large");
    shape.push_back(static_cast<int64_t>(dim));
    count *= static_cast<int64_t>(dim);
    if (count > limits.maxElementsPerDataset)
      return fail(where, "dataset has too many elements");
  }
  return shape;
}

Expected<std::vector<std::string>> Reader::readStrings(hid_t dataset,
                                                       StringRef where) {
  Handle type(H5Dget_type(dataset), H5Tclose);
  if (!type.valid() || H5Tget_class(type.get()) != H5T_STRING)
    return fail(where, "expected a string dataset");
  auto shape = shapeOf(dataset, where);
  if (!shape)
    return shape.takeError();
  size_t count = 1;
  for (int64_t size : *shape)
    count *= size;
  std::vector<std::string> strings;
  htri_t variable = H5Tis_variable_str(type.get());
  if (variable < 0)
    return fail(where, "cannot read a string dataset");
  if (variable) {
    Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
    if (!memType.valid() || H5Tset_size(memType.get(), H5T_VARIABLE) < 0 ||
        H5Tset_cset(memType.get(), H5Tget_cset(type.get())) < 0)
      return fail(where, "cannot read a string dataset");
    std::vector<char *> pointers(count, nullptr);
    if (H5Dread(dataset, memType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                pointers.data()) < 0)
      return fail(where, "cannot read a string dataset (truncated file?)");
    for (char *pointer : pointers)
      strings.emplace_back(pointer ? pointer : "");
    Handle space(H5Dget_space(dataset), H5Sclose);
    H5Dvlen_reclaim(memType.get(), space.get(), H5P_DEFAULT, pointers.data());
    return strings;
  }
  size_t width = H5Tget_size(type.get());
  if (width == 0 || width > 4096)
    return fail(where, "string width " + Twine(width) + " is not supported");
  Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!memType.valid() || H5Tset_size(memType.get(), width) < 0)
    return fail(where, "cannot read a string dataset");
  std::vector<char> buffer(count * width);
  if (H5Dread(dataset, memType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
              buffer.data()) < 0)
    return fail(where, "cannot read a string dataset (truncated file?)");
  for (size_t i = 0; i < count; ++i) {
    const char *begin = buffer.data() + i * width;
    strings.emplace_back(begin, strnlen(begin, width));
  }
  return strings;
}

Expected<Param> Reader::readParam(hid_t group, const std::string &name,
                                  StringRef where) {
  Handle dataset(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid())
    return fail(where, "cannot open dataset '" + name + "'");
  Handle type(H5Dget_type(dataset.get()), H5Tclose);
  if (!type.valid())
    return fail(where, "cannot read the type of '" + name + "'");
  auto shape = shapeOf(dataset.get(), where);
  if (!shape)
    return shape.takeError();
  Param param;
  param.shape = *shape;
  int64_t count = param.numElements();
  totalElements += count;
  if (totalElements > limits.maxTotalElements)
    return fail(where, "the file holds too many parameters in total");

  switch (H5Tget_class(type.get())) {
  case H5T_FLOAT:
    param.kind = Param::Kind::Float;
    param.floats.resize(count);
    if (count && H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                         H5P_DEFAULT, param.floats.data()) < 0)
      return fail(where, "cannot read '" + name + "' (truncated file?)");
    return param;
  case H5T_INTEGER:
    param.kind = Param::Kind::Int;
    param.ints.resize(count);
    if (count && H5Dread(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL,
                         H5P_DEFAULT, param.ints.data()) < 0)
      return fail(where, "cannot read '" + name + "' (truncated file?)");
    return param;
  case H5T_STRING: {
    auto strings = readStrings(dataset.get(), where);
    if (!strings)
      return strings.takeError();
    param.kind = Param::Kind::String;
    if (strings->size() == 1) {
      param.shape.clear();
      param.text = strings->front();
    } else if (param.shape.size() != 1) {
      return fail(where, "'" + name +
                             "' must be a string or a 1-D array of strings");
    }
    param.texts = std::move(*strings);
    return param;
  }
  default:
    return fail(where, "'" + name +
                           "' has an unsupported type (expected numbers or a "
                           "string)");
  }
}

Expected<std::string> Reader::readTypeString(hid_t group, StringRef where) {
  if (H5Lexists(group, "type", H5P_DEFAULT) <= 0)
    return fail(where, "has no 'type'");
  auto kind = childKind(group, "type", where);
  if (!kind)
    return kind.takeError();
  if (*kind != H5O_TYPE_DATASET)
    return fail(where, "'type' is not a dataset");
  Handle dataset(H5Dopen2(group, "type", H5P_DEFAULT), H5Dclose);
  if (!dataset.valid())
    return fail(where, "cannot open 'type'");
  auto strings = readStrings(dataset.get(), where);
  if (!strings)
    return strings.takeError();
  if (strings->size() != 1)
    return fail(where, "'type' must be a single string");
  return strings->front();
}

Error Reader::readNode(hid_t group, const std::string &name, StringRef where,
                       int depth, Node &node) {
  node.name = name;
  auto type = readTypeString(group, where);
  if (!type)
    return type.takeError();
  node.type = *type;
  if (node.type == "NIRGraph") {
    node.subgraph = std::make_unique<Graph>();
    return readGraph(group, where, depth + 1, *node.subgraph);
  }
  auto names = children(group, where);
  if (!names)
    return names.takeError();
  for (const std::string &child : *names) {
    if (child == "type" || child == "metadata")
      continue;
    auto kind = childKind(group, child, where);
    if (!kind)
      return kind.takeError();
    if (*kind == H5O_TYPE_DATASET) {
      auto param = readParam(group, child, where);
      if (!param)
        return param.takeError();
      node.params[child] = std::move(*param);
      continue;
    }
    // Groups of datasets (e.g. an `input_type` dictionary of older files)
    // become parameters named `group.dataset`.
    Handle sub(H5Gopen2(group, child.c_str(), H5P_DEFAULT), H5Gclose);
    if (!sub.valid())
      return fail(where, "cannot open group '" + child + "'");
    auto inner = children(sub.get(), where);
    if (!inner)
      return inner.takeError();
    for (const std::string &leaf : *inner) {
      auto leafKind = childKind(sub.get(), leaf, where);
      if (!leafKind)
        return leafKind.takeError();
      if (*leafKind != H5O_TYPE_DATASET)
        return fail(where, "group '" + child + "' nests groups");
      auto param = readParam(sub.get(), leaf, where);
      if (!param)
        return param.takeError();
      node.params[child + "." + leaf] = std::move(*param);
    }
  }
  return Error::success();
}

Error Reader::readGraph(hid_t group, StringRef where, int depth, Graph &graph) {
  if (depth > limits.maxNestingDepth)
    return fail(where, "graphs are nested too deeply");
  if (H5Lexists(group, "nodes", H5P_DEFAULT) <= 0)
    return fail(where, "NIRGraph has no 'nodes' group");
  auto nodesKind = childKind(group, "nodes", where);
  if (!nodesKind)
    return nodesKind.takeError();
  if (*nodesKind != H5O_TYPE_GROUP)
    return fail(where, "'nodes' is not a group");
  Handle nodes(H5Gopen2(group, "nodes", H5P_DEFAULT), H5Gclose);
  if (!nodes.valid())
    return fail(where, "cannot open 'nodes'");
  auto names = children(nodes.get(), where);
  if (!names)
    return names.takeError();
  for (const std::string &name : *names) {
    if (++totalNodes > limits.maxNodes)
      return fail(where, "the file has too many nodes");
    std::string nodeWhere = where.empty() ? name : (where + "/" + name).str();
    auto kind = childKind(nodes.get(), name, nodeWhere);
    if (!kind)
      return kind.takeError();
    if (*kind != H5O_TYPE_GROUP)
      return fail(nodeWhere, "is not a group");
    Handle nodeGroup(H5Gopen2(nodes.get(), name.c_str(), H5P_DEFAULT),
                     H5Gclose);
    if (!nodeGroup.valid())
      return fail(nodeWhere, "cannot open the node");
    graph.nodes.emplace_back();
    if (Error error = readNode(nodeGroup.get(), name, nodeWhere, depth,
                               graph.nodes.back()))
      return error;
  }

  if (H5Lexists(group, "edges", H5P_DEFAULT) <= 0)
    return Error::success();
  auto edgesKind = childKind(group, "edges", where);
  if (!edgesKind)
    return edgesKind.takeError();
  if (*edgesKind != H5O_TYPE_DATASET)
    return fail(where, "'edges' is not a dataset");
  Handle edges(H5Dopen2(group, "edges", H5P_DEFAULT), H5Dclose);
  if (!edges.valid())
    return fail(where, "cannot open 'edges'");
  auto shape = shapeOf(edges.get(), where);
  if (!shape)
    return shape.takeError();
  bool empty = !shape->empty() && (*shape)[0] == 0;
  if (!empty && (shape->size() != 2 || (*shape)[1] != 2))
    return fail(where, "'edges' must be a list of (source, target) pairs");
  if (empty)
    return Error::success();
  auto strings = readStrings(edges.get(), where.empty() ? "edges" : where);
  if (!strings)
    return strings.takeError();
  for (size_t i = 0; i + 1 < strings->size(); i += 2)
    graph.edges.emplace_back((*strings)[i], (*strings)[i + 1]);
  return Error::success();
}

Expected<Graph> Reader::read() {
  if (!llvm::sys::fs::exists(path))
    return fail("", "no such file");
  if (llvm::sys::fs::is_directory(path))
    return fail("", "is a directory, not an NIR file");
  htri_t isHdf5 = H5Fis_hdf5(path.c_str());
  if (isHdf5 <= 0)
    return fail("", "not an HDF5 file (an NIR file is HDF5)");
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.valid())
    return fail("", "cannot open the HDF5 file (truncated or corrupt?)");
  return readFileHandle(file.get());
}

Expected<Graph> Reader::readImage(StringRef image) {
  // The HDF5 signature is at offset 0, 512, 1024, ... (a user block may
  // precede it); without one, H5Fopen is not even tried.
  static constexpr llvm::StringLiteral kSignature("\x89HDF\r\n\x1a\n");
  bool hasSignature = false;
  for (size_t offset = 0;
       offset + kSignature.size() <= image.size() && !hasSignature;
       offset = offset ? offset * 2 : 512)
    hasSignature = image.substr(offset, kSignature.size()) == kSignature;
  if (!hasSignature)
    return fail("", "not an HDF5 file (an NIR file is HDF5)");
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (!access.valid() ||
      H5Pset_fapl_core(access.get(), /*increment=*/1 << 16,
                       /*backing_store=*/0) < 0 ||
      H5Pset_file_image(access.get(), const_cast<char *>(image.data()),
                        image.size()) < 0)
    return fail("", "cannot set up an in-memory HDF5 file");
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, access.get()), H5Fclose);
  if (!file.valid())
    return fail("", "cannot open the HDF5 file (truncated or corrupt?)");
  return readFileHandle(file.get());
}

Expected<Graph> Reader::readFileHandle(hid_t file) {
  Graph graph;
  // The version string is informational; a missing or odd one is no error.
  if (H5Lexists(file, "version", H5P_DEFAULT) > 0) {
    Handle version(H5Dopen2(file, "version", H5P_DEFAULT), H5Dclose);
    if (version.valid()) {
      auto strings = readStrings(version.get(), "version");
      if (!strings)
        llvm::consumeError(strings.takeError());
      else if (strings->size() == 1)
        graph.version = strings->front();
    }
  }
  if (H5Lexists(file, "node", H5P_DEFAULT) <= 0)
    return fail("", "no 'node' group: not an NIR file");
  auto rootKind = childKind(file, "node", "");
  if (!rootKind)
    return rootKind.takeError();
  if (*rootKind != H5O_TYPE_GROUP)
    return fail("", "'node' is not a group: not an NIR file");
  Handle root(H5Gopen2(file, "node", H5P_DEFAULT), H5Gclose);
  if (!root.valid())
    return fail("", "cannot open group 'node'");
  auto type = readTypeString(root.get(), "");
  if (!type)
    return type.takeError();
  if (*type != "NIRGraph")
    return fail("", "the root node has type '" + *type +
                        "', expected NIRGraph");
  if (Error error = readGraph(root.get(), "", 0, graph))
    return std::move(error);
  return graph;
}

} // namespace

Expected<Graph> mlir::spike::nir::readFile(StringRef path,
                                           const ReadLimits &limits) {
  // HDF5 prints its error stack to stderr by default; errors are ours.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  return Reader(path, limits).read();
}

Expected<Graph> mlir::spike::nir::readImage(StringRef image, StringRef name,
                                            const ReadLimits &limits) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  return Reader(name, limits).readImage(image);
}
