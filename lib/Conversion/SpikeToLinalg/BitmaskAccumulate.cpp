//===- BitmaskAccumulate.cpp - addition-only accumulation over set bits ---===//

#include "spike/Conversion/SpikeToLinalg/BitmaskAccumulate.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "spike/Conversion/SpikeToLinalg/Packing.h"
#include "spike/Dialect/Spike/IR/SpikeDialect.h"

using namespace mlir;
using namespace mlir::spike;

/// Row `row` of a 2-D tensor as a 1-D tensor.
static Value extractRow(OpBuilder &b, Location loc, Value matrix, Value row) {
  auto type = cast<RankedTensorType>(matrix.getType());
  int64_t columns = type.getDimSize(1);
  auto rowType = RankedTensorType::get({columns}, type.getElementType());
  return tensor::ExtractSliceOp::create(
      b, loc, rowType, matrix, ArrayRef<OpFoldResult>{row, b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(columns)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
}

/// accumulator ± addend, elementwise over a row.
static Value updateRow(OpBuilder &b, Location loc, Value accumulator,
                       Value addend, bool subtract) {
  auto type = cast<RankedTensorType>(accumulator.getType());
  AffineMap identity = b.getMultiDimIdentityMap(1);
  auto update = linalg::GenericOp::create(
      b, loc, type, addend, accumulator, {identity, identity},
      {utils::IteratorType::parallel},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value result =
            subtract ? arith::SubFOp::create(nb, nl, args[1], args[0]).getResult()
                     : arith::AddFOp::create(nb, nl, args[1], args[0]).getResult();
        linalg::YieldOp::create(nb, nl, result);
      });
  update->setAttr(SpikeDialect::kAccumulateRowAttrName, b.getUnitAttr());
  return update.getResult(0);
}

Value mlir::spike::accumulateSetBits(OpBuilder &b, Location loc, Value words,
                                     Value rows, Value init, bool subtract) {
  auto wordsType = cast<RankedTensorType>(words.getType());
  auto initType = cast<RankedTensorType>(init.getType());
  int64_t outputs = initType.getDimSize(1);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value points = arith::ConstantIndexOp::create(b, loc, wordsType.getDimSize(0));
  Value wordCount =
      arith::ConstantIndexOp::create(b, loc, wordsType.getDimSize(1));
  Value wordBits = arith::ConstantIndexOp::create(b, loc, kWordBits);
  Value noBits = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
  Value lowestBit = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 1);
  auto rowType = RankedTensorType::get({outputs}, initType.getElementType());

  auto pointLoop = scf::ForOp::create(
      b, loc, zero, points, one, ValueRange{init},
      [&](OpBuilder &pb, Location pl, Value point, ValueRange pointArgs) {
        Value accumulator = pointArgs[0];
        Value row = extractRow(pb, pl, accumulator, point);
        auto wordLoop = scf::ForOp::create(
            pb, pl, zero, wordCount, one, ValueRange{row},
            [&](OpBuilder &wb, Location wl, Value wordIndex,
                ValueRange wordArgs) {
              Value word = tensor::ExtractOp::create(
                  wb, wl, words, ValueRange{point, wordIndex});
              Value firstRow = arith::MulIOp::create(wb, wl, wordIndex, wordBits);
              // Visit the set bits, lowest first, clearing each one.
              auto bitLoop = scf::WhileOp::create(
                  wb, wl, TypeRange{word.getType(), rowType},
                  ValueRange{word, wordArgs[0]},
                  [&](OpBuilder &cb, Location cl, ValueRange args) {
                    Value any = arith::CmpIOp::create(
                        cb, cl, arith::CmpIPredicate::ne, args[0], noBits);
                    scf::ConditionOp::create(cb, cl, any, args);
                  },
                  [&](OpBuilder &ab, Location al, ValueRange args) {
                    Value bit = math::CountTrailingZerosOp::create(ab, al, args[0]);
                    Value offset = arith::IndexCastOp::create(
                        ab, al, ab.getIndexType(), bit);
                    Value k = arith::AddIOp::create(ab, al, firstRow, offset);
                    Value updated = updateRow(ab, al, args[1],
                                              extractRow(ab, al, rows, k),
                                              subtract);
                    Value below = arith::SubIOp::create(ab, al, args[0], lowestBit);
                    Value rest = arith::AndIOp::create(ab, al, args[0], below);
                    scf::YieldOp::create(ab, al, ValueRange{rest, updated});
                  });
              scf::YieldOp::create(wb, wl, bitLoop.getResult(1));
            });
        Value updated = tensor::InsertSliceOp::create(
            pb, pl, wordLoop.getResult(0), accumulator,
            ArrayRef<OpFoldResult>{point, pb.getIndexAttr(0)},
            ArrayRef<OpFoldResult>{pb.getIndexAttr(1), pb.getIndexAttr(outputs)},
            ArrayRef<OpFoldResult>{pb.getIndexAttr(1), pb.getIndexAttr(1)});
        scf::YieldOp::create(pb, pl, updated);
      });
  return pointLoop.getResult(0);
}

Value mlir::spike::accumulateSpikes(OpBuilder &b, Location loc,
                                    ArrayRef<Value> planes, Value rows,
                                    Value init) {
  Value result = accumulateSetBits(b, loc, planes[0], rows, init, false);
  if (planes.size() == 2)
    result = accumulateSetBits(b, loc, planes[1], rows, result, true);
  return result;
}
