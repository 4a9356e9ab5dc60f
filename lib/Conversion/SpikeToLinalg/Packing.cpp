//===- Packing.cpp - bit-packed spike tensors -----------------------------===//

#include "spike/Conversion/SpikeToLinalg/Packing.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <numeric>

using namespace mlir;
using namespace mlir::spike;

static RankedTensorType tensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

bool mlir::spike::isBinarySpikeTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getElementType().isSignlessInteger(1);
}

bool mlir::spike::isTernarySpikeTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getElementType().isSignlessInteger(2);
}

RankedTensorType mlir::spike::getPackedType(RankedTensorType spikeType) {
  SmallVector<int64_t> shape(spikeType.getShape());
  shape.back() = packedWordCount(shape.back());
  if (isTernarySpikeTensor(spikeType))
    shape.insert(shape.begin(), 2);
  return RankedTensorType::get(
      shape, IntegerType::get(spikeType.getContext(), kWordBits));
}

//===----------------------------------------------------------------------===//
// Tensor helpers
//===----------------------------------------------------------------------===//

Value mlir::spike::createFilledTensor(OpBuilder &b, Location loc,
                                      ArrayRef<int64_t> shape,
                                      TypedAttr value) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, value.getType());
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

/// Reassociation that merges dimensions [0, count) and keeps the others.
static SmallVector<ReassociationIndices> leadingGroup(int64_t count,
                                                      int64_t rank) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices first(count);
  std::iota(first.begin(), first.end(), 0);
  groups.push_back(first);
  for (int64_t d = count; d < rank; ++d)
    groups.push_back({d});
  return groups;
}

Value mlir::spike::collapseLeadingDims(OpBuilder &b, Location loc,
                                       Value value, int64_t count) {
  RankedTensorType type = tensorType(value);
  ArrayRef<int64_t> shape = type.getShape();
  if (count == 1)
    return value;
  if (count == 0) {
    SmallVector<int64_t> expanded{1};
    llvm::append_range(expanded, shape);
    auto resultType = RankedTensorType::get(expanded, type.getElementType());
    SmallVector<ReassociationIndices> groups;
    if (!shape.empty())
      groups = leadingGroup(2, resultType.getRank());
    return tensor::ExpandShapeOp::create(b, loc, resultType, value, groups);
  }
  int64_t merged = 1;
  for (int64_t size : shape.take_front(count))
    merged *= size;
  SmallVector<int64_t> collapsed{merged};
  llvm::append_range(collapsed, shape.drop_front(count));
  auto resultType = RankedTensorType::get(collapsed, type.getElementType());
  return tensor::CollapseShapeOp::create(b, loc, resultType, value,
                                         leadingGroup(count, type.getRank()));
}

Value mlir::spike::expandLeadingDim(OpBuilder &b, Location loc, Value value,
                                    ArrayRef<int64_t> leading) {
  RankedTensorType type = tensorType(value);
  if (leading.size() == 1)
    return value;
  SmallVector<int64_t> shape(leading);
  llvm::append_range(shape, type.getShape().drop_front());
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  if (leading.empty()) {
    SmallVector<ReassociationIndices> groups;
    if (type.getRank() > 1)
      groups = leadingGroup(2, type.getRank());
    return tensor::CollapseShapeOp::create(b, loc, resultType, value, groups);
  }
  return tensor::ExpandShapeOp::create(
      b, loc, resultType, value,
      leadingGroup(leading.size(), resultType.getRank()));
}

Value mlir::spike::padInnermostDim(OpBuilder &b, Location loc, Value value,
                                   int64_t size, TypedAttr padValue) {
  RankedTensorType type = tensorType(value);
  if (type.getShape().back() == size)
    return value;
  SmallVector<int64_t> shape(type.getShape());
  shape.back() = size;
  Value pad = arith::ConstantOp::create(b, loc, padValue);
  return tensor::createPadHighOp(
      RankedTensorType::get(shape, type.getElementType()), value, pad,
      /*nofold=*/false, loc, b);
}

Value mlir::spike::transposeDims(OpBuilder &b, Location loc, Value value,
                                 ArrayRef<int64_t> permutation) {
  RankedTensorType type = tensorType(value);
  SmallVector<int64_t> shape = llvm::map_to_vector(
      permutation, [&](int64_t d) { return type.getDimSize(d); });
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(b, loc, value, init, permutation)
      .getResult()[0];
}

Value mlir::spike::transposeInnermost(OpBuilder &b, Location loc,
                                      Value value) {
  int64_t rank = tensorType(value).getRank();
  SmallVector<int64_t> permutation(rank);
  std::iota(permutation.begin(), permutation.end(), 0);
  std::swap(permutation[rank - 1], permutation[rank - 2]);
  return transposeDims(b, loc, value, permutation);
}

//===----------------------------------------------------------------------===//
// Packing and unpacking
//===----------------------------------------------------------------------===//

/// Identity map of `rank` dims, and the same without the innermost one.
static std::pair<AffineMap, AffineMap> laneMaps(int64_t rank,
                                                MLIRContext *ctx) {
  AffineMap lanes = AffineMap::getMultiDimIdentityMap(rank, ctx);
  return {lanes, lanes.dropResult(rank - 1)};
}

static SmallVector<utils::IteratorType> laneIterators(int64_t rank,
                                                      bool reduceLanes) {
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  if (reduceLanes)
    iterators.back() = utils::IteratorType::reduction;
  return iterators;
}

Value mlir::spike::orShiftedBit(OpBuilder &b, Location loc, Value bit,
                                Value word, Value shift) {
  Value wide = arith::ExtUIOp::create(b, loc, b.getI64Type(), bit);
  Value shifted = arith::ShLIOp::create(b, loc, wide, shift);
  return arith::OrIOp::create(b, loc, word, shifted);
}

Value mlir::spike::orLaneIntoWord(OpBuilder &b, Location loc, Value bit,
                                  Value word, int64_t laneDim) {
  Value lane = linalg::IndexOp::create(b, loc, laneDim);
  Value shift = arith::IndexCastOp::create(b, loc, b.getI64Type(), lane);
  return orShiftedBit(b, loc, bit, word, shift);
}

Value mlir::spike::createLaneShifts(OpBuilder &b, Location loc) {
  SmallVector<int64_t> shifts(kWordBits);
  std::iota(shifts.begin(), shifts.end(), 0);
  auto type = RankedTensorType::get({kWordBits}, b.getI64Type());
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef<int64_t>(shifts)));
}

/// In a linalg body over [..., W, 64]: bit `lane` of `word`, as i1.
static Value laneBit(OpBuilder &b, Location loc, Value word, int64_t laneDim) {
  Value lane = linalg::IndexOp::create(b, loc, laneDim);
  Value shift = arith::IndexCastOp::create(b, loc, b.getI64Type(), lane);
  Value shifted = arith::ShRUIOp::create(b, loc, word, shift);
  return arith::TruncIOp::create(b, loc, b.getI1Type(), shifted);
}

Value mlir::spike::extractPackedBit(OpBuilder &b, Location loc, Value words,
                                    ValueRange leading, Value bit) {
  Value wordBits = arith::ConstantIndexOp::create(b, loc, kWordBits);
  SmallVector<Value> indices(leading);
  indices.push_back(arith::DivUIOp::create(b, loc, bit, wordBits));
  Value word = tensor::ExtractOp::create(b, loc, words, indices);
  Value lane = arith::IndexCastOp::create(
      b, loc, b.getI64Type(), arith::RemUIOp::create(b, loc, bit, wordBits));
  return arith::TruncIOp::create(b, loc, b.getI1Type(),
                                 arith::ShRUIOp::create(b, loc, word, lane));
}

Value mlir::spike::packLanes(OpBuilder &b, Location loc, Value lanes) {
  RankedTensorType type = tensorType(lanes);
  int64_t rank = type.getRank();
  auto [laneMap, wordMap] = laneMaps(rank, b.getContext());
  Value init = createFilledTensor(b, loc, type.getShape().drop_back(),
                                  b.getI64IntegerAttr(0));
  auto pack = linalg::GenericOp::create(
      b, loc, init.getType(), lanes, init, {laneMap, wordMap},
      laneIterators(rank, /*reduceLanes=*/true),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(
            nb, nl, orLaneIntoWord(nb, nl, args[0], args[1], rank - 1));
      });
  return pack.getResult(0);
}

Value mlir::spike::toLanes(OpBuilder &b, Location loc, Value value,
                     TypedAttr padValue) {
  RankedTensorType type = tensorType(value);
  int64_t words = packedWordCount(type.getShape().back());
  Value padded = padInnermostDim(b, loc, value, words * kWordBits, padValue);
  SmallVector<int64_t> shape(type.getShape().drop_back());
  shape.append({words, kWordBits});
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d + 1 < type.getRank(); ++d)
    groups.push_back({d});
  groups.push_back({type.getRank() - 1, type.getRank()});
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), padded,
      groups);
}

Value mlir::spike::fromLanes(OpBuilder &b, Location loc, Value lanes,
                       int64_t features) {
  RankedTensorType type = tensorType(lanes);
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape(type.getShape().drop_back(2));
  shape.push_back(type.getShape()[rank - 2] * kWordBits);
  SmallVector<ReassociationIndices> groups;
  for (int64_t d = 0; d + 2 < rank; ++d)
    groups.push_back({d});
  groups.push_back({rank - 2, rank - 1});
  Value merged = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), lanes,
      groups);
  if (shape.back() == features)
    return merged;
  SmallVector<OpFoldResult> offsets(shape.size(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes, strides(shape.size(), b.getIndexAttr(1));
  for (int64_t size : shape)
    sizes.push_back(b.getIndexAttr(size));
  sizes.back() = b.getIndexAttr(features);
  return tensor::ExtractSliceOp::create(b, loc, merged, offsets, sizes,
                                        strides);
}

/// Expands words [A..., W] into lanes [A..., W, 64] of `laneType`, each lane
/// computed by `fromBits(builder, loc, bitValues...)` from the bit of every
/// input word tensor (all of the same shape).
static Value wordsToLanes(
    OpBuilder &b, Location loc, ValueRange words, Type laneType,
    function_ref<Value(OpBuilder &, Location, ValueRange)> fromBits) {
  RankedTensorType type = tensorType(words.front());
  int64_t rank = type.getRank() + 1;
  SmallVector<int64_t> shape(type.getShape());
  shape.push_back(kWordBits);
  Value init = tensor::EmptyOp::create(b, loc, shape, laneType);
  auto [laneMap, wordMap] = laneMaps(rank, b.getContext());
  SmallVector<AffineMap> maps(words.size(), wordMap);
  maps.push_back(laneMap);
  auto unpack = linalg::GenericOp::create(
      b, loc, init.getType(), words, init, maps,
      laneIterators(rank, /*reduceLanes=*/false),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        SmallVector<Value> bits;
        for (Value word : args.drop_back())
          bits.push_back(laneBit(nb, nl, word, rank - 1));
        linalg::YieldOp::create(nb, nl, fromBits(nb, nl, bits));
      });
  return unpack.getResult(0);
}

Value mlir::spike::packBinary(OpBuilder &b, Location loc, Value bits) {
  return packLanes(b, loc, toLanes(b, loc, bits, b.getBoolAttr(false)));
}

Value mlir::spike::unpackBinary(OpBuilder &b, Location loc, Value words,
                                int64_t features) {
  Value lanes = wordsToLanes(
      b, loc, words, b.getI1Type(),
      [](OpBuilder &, Location, ValueRange bits) { return bits[0]; });
  return fromLanes(b, loc, lanes, features);
}

/// Words [A..., W] -> [A..., F] of `type`: each bit converted by `convert`
/// (zero-extension, unsigned-to-float).
template <typename ConvertOp>
static Value unpackConverted(OpBuilder &b, Location loc, Value words,
                             int64_t features, Type type) {
  Value lanes = wordsToLanes(
      b, loc, words, type,
      [type](OpBuilder &nb, Location nl, ValueRange bits) -> Value {
        return ConvertOp::create(nb, nl, type, bits[0]);
      });
  return fromLanes(b, loc, lanes, features);
}

/// Bits as bytes (0 or 1): the form of intermediate rearrangements, which
/// are vectorized (unlike i1 tensors, whose vector loads and stores would be
/// bit-packed while their buffers hold a byte per element).
static Value unpackBytes(OpBuilder &b, Location loc, Value words,
                         int64_t features) {
  return unpackConverted<arith::ExtUIOp>(b, loc, words, features,
                                         b.getI8Type());
}

static Value packBytes(OpBuilder &b, Location loc, Value bytes) {
  return packLanes(b, loc,
                   toLanes(b, loc, bytes, b.getIntegerAttr(b.getI8Type(), 0)));
}

Value mlir::spike::unpackBinaryToFloat(OpBuilder &b, Location loc,
                                       Value words, int64_t features) {
  return unpackConverted<arith::UIToFPOp>(b, loc, words, features,
                                          b.getF32Type());
}

Value mlir::spike::spikesToFloat(OpBuilder &b, Location loc, Value packed,
                                 RankedTensorType spikeType) {
  int64_t features = spikeType.getShape().back();
  if (isBinarySpikeTensor(spikeType))
    return unpackBinaryToFloat(b, loc, packed, features);
  Value up =
      unpackBinaryToFloat(b, loc, ternaryPlane(b, loc, packed, 0), features);
  Value down =
      unpackBinaryToFloat(b, loc, ternaryPlane(b, loc, packed, 1), features);
  auto type = cast<RankedTensorType>(up.getType());
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  AffineMap identity = b.getMultiDimIdentityMap(type.getRank());
  return linalg::GenericOp::create(
             b, loc, type, ValueRange{up, down}, init,
             {identity, identity, identity},
             SmallVector<utils::IteratorType>(type.getRank(),
                                              utils::IteratorType::parallel),
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(
                   nb, nl, arith::SubFOp::create(nb, nl, args[0], args[1])
                               .getResult());
             })
      .getResult(0);
}

Value mlir::spike::stackPlanes(OpBuilder &b, Location loc, Value positive,
                         Value negative) {
  RankedTensorType type = tensorType(positive);
  SmallVector<int64_t> shape{2};
  llvm::append_range(shape, type.getShape());
  Value planes = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  SmallVector<OpFoldResult> sizes{b.getIndexAttr(1)};
  for (int64_t size : type.getShape())
    sizes.push_back(b.getIndexAttr(size));
  SmallVector<OpFoldResult> strides(shape.size(), b.getIndexAttr(1));
  Value bothPlanes[] = {positive, negative};
  for (auto [index, plane] : llvm::enumerate(bothPlanes)) {
    SmallVector<OpFoldResult> offsets(shape.size(), b.getIndexAttr(0));
    offsets[0] = b.getIndexAttr(index);
    planes = tensor::InsertSliceOp::create(b, loc, plane, planes, offsets,
                                           sizes, strides);
  }
  return planes;
}

Value mlir::spike::packTernary(OpBuilder &b, Location loc, Value trits) {
  Value lanes = toLanes(b, loc, trits, b.getIntegerAttr(b.getIntegerType(2), 0));
  RankedTensorType type = tensorType(lanes);
  int64_t rank = type.getRank();
  auto [laneMap, wordMap] = laneMaps(rank, b.getContext());
  Value init = createFilledTensor(b, loc, type.getShape().drop_back(),
                                  b.getI64IntegerAttr(0));
  auto pack = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType(), init.getType()}, lanes,
      ValueRange{init, init}, {laneMap, wordMap, wordMap},
      laneIterators(rank, /*reduceLanes=*/true),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Type tritType = args[0].getType();
        Value one = arith::ConstantOp::create(
            nb, nl, nb.getIntegerAttr(tritType, 1));
        Value minusOne = arith::ConstantOp::create(
            nb, nl, nb.getIntegerAttr(tritType, -1));
        Value isPositive = arith::CmpIOp::create(
            nb, nl, arith::CmpIPredicate::eq, args[0], one);
        Value isNegative = arith::CmpIOp::create(
            nb, nl, arith::CmpIPredicate::eq, args[0], minusOne);
        linalg::YieldOp::create(
            nb, nl,
            ValueRange{orLaneIntoWord(nb, nl, isPositive, args[1], rank - 1),
                       orLaneIntoWord(nb, nl, isNegative, args[2], rank - 1)});
      });
  return stackPlanes(b, loc, pack.getResult(0), pack.getResult(1));
}

Value mlir::spike::ternaryPlane(OpBuilder &b, Location loc, Value planes,
                                int64_t plane) {
  RankedTensorType type = tensorType(planes);
  SmallVector<int64_t> shape(type.getShape().drop_front());
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  offsets[0] = b.getIndexAttr(plane);
  SmallVector<OpFoldResult> sizes{b.getIndexAttr(1)};
  for (int64_t size : shape)
    sizes.push_back(b.getIndexAttr(size));
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), planes,
      offsets, sizes, strides);
}

SmallVector<Value, 2> mlir::spike::splitPlanes(OpBuilder &b, Location loc,
                                               Value packed, bool ternary) {
  if (!ternary)
    return {packed};
  return {ternaryPlane(b, loc, packed, 0), ternaryPlane(b, loc, packed, 1)};
}

Value mlir::spike::unpackTernary(OpBuilder &b, Location loc, Value planes,
                                 int64_t features) {
  Type tritType = b.getIntegerType(2);
  Value lanes = wordsToLanes(
      b, loc,
      ValueRange{ternaryPlane(b, loc, planes, 0),
                 ternaryPlane(b, loc, planes, 1)},
      tritType, [&](OpBuilder &nb, Location nl, ValueRange bits) -> Value {
        auto constant = [&](int64_t v) -> Value {
          return arith::ConstantOp::create(nb, nl,
                                           nb.getIntegerAttr(tritType, v));
        };
        Value negative =
            arith::SelectOp::create(nb, nl, bits[1], constant(-1), constant(0));
        return arith::SelectOp::create(nb, nl, bits[0], constant(1), negative);
      });
  return fromLanes(b, loc, lanes, features);
}

Value mlir::spike::sliceBits(OpBuilder &b, Location loc, Value words,
                             int64_t features, OpFoldResult begin,
                             int64_t count) {
  RankedTensorType type = tensorType(words);
  std::optional<int64_t> constantBegin = getConstantIntValue(begin);
  if (constantBegin && *constantBegin == 0 && count == features)
    return words;
  // Word-aligned slices whose last word ends with zero bits are word
  // slices. A dynamic begin is a multiple of count: aligned when count is.
  bool aligned =
      constantBegin
          ? *constantBegin % kWordBits == 0 &&
                (count % kWordBits == 0 || *constantBegin + count == features)
          : count % kWordBits == 0;
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  SmallVector<OpFoldResult> sizes;
  for (int64_t size : type.getShape().drop_back())
    sizes.push_back(b.getIndexAttr(size));
  if (aligned) {
    if (constantBegin) {
      offsets.back() = b.getIndexAttr(*constantBegin / kWordBits);
    } else {
      Value wordBits = arith::ConstantIndexOp::create(b, loc, kWordBits);
      offsets.back() =
          arith::DivUIOp::create(b, loc, cast<Value>(begin), wordBits)
              .getResult();
    }
    sizes.push_back(b.getIndexAttr(packedWordCount(count)));
    return tensor::ExtractSliceOp::create(b, loc, words, offsets, sizes,
                                          strides);
  }
  Value bytes = unpackBytes(b, loc, words, features);
  offsets.back() = begin;
  sizes.push_back(b.getIndexAttr(count));
  SmallVector<int64_t> sliceShape(type.getShape().drop_back());
  sliceShape.push_back(count);
  Value slice = tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get(sliceShape, b.getI8Type()), bytes, offsets,
      sizes, strides);
  return packBytes(b, loc, slice);
}

Value mlir::spike::transposeBits(OpBuilder &b, Location loc, Value words,
                                 int64_t features) {
  Value bytes = unpackBytes(b, loc, words, features);
  return packBytes(b, loc, transposeInnermost(b, loc, bytes));
}
