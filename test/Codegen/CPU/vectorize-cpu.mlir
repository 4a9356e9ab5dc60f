// RUN: spike-opt %s --spike-vectorize-cpu=vector-width=8 | FileCheck %s

// f32 gathers become vector gathers only from sources that bufferize to
// contiguous buffers: the vectorizer linearizes the gather indices over the
// source's shape. A gather from a slice reads the sliced tensor itself at
// shifted indices; one from a reshaped slice stays scalar.

#id = affine_map<(d0, d1) -> (d0, d1)>

// CHECK-LABEL: func.func @gather_from_slice
// CHECK-SAME: (%[[WHOLE:.*]]: tensor<4x64xf32>
// CHECK: vector.gather %[[WHOLE]]
func.func @gather_from_slice(%whole: tensor<4x64xf32>) -> tensor<4x8xf32> {
  %slice = tensor.extract_slice %whole[0, 1] [4, 40] [1, 1] : tensor<4x64xf32> to tensor<4x40xf32>
  %init = tensor.empty() : tensor<4x8xf32>
  %y = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
      outs(%init : tensor<4x8xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c5 = arith.constant 5 : index
    %k = arith.muli %j, %c5 : index
    %v = tensor.extract %slice[%i, %k] : tensor<4x40xf32>
    linalg.yield %v : f32
  } -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @gather_from_reshaped_slice
// CHECK-NOT: vector.gather
// CHECK: linalg.generic
// CHECK: tensor.extract %{{.*}} : tensor<160xf32>
// CHECK-NOT: vector.gather
func.func @gather_from_reshaped_slice(%whole: tensor<4x64xf32>) -> tensor<4x8xf32> {
  %slice = tensor.extract_slice %whole[0, 0] [4, 40] [1, 1] : tensor<4x64xf32> to tensor<4x40xf32>
  %flat = tensor.collapse_shape %slice [[0, 1]] : tensor<4x40xf32> into tensor<160xf32>
  %init = tensor.empty() : tensor<4x8xf32>
  %y = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
      outs(%init : tensor<4x8xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c40 = arith.constant 40 : index
    %c5 = arith.constant 5 : index
    %row = arith.muli %i, %c40 : index
    %col = arith.muli %j, %c5 : index
    %k = arith.addi %row, %col : index
    %v = tensor.extract %flat[%k] : tensor<160xf32>
    linalg.yield %v : f32
  } -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// An elementwise op whose init is one of its operands (as
// convert-elementwise-to-linalg builds it) and which never reads the init
// writes into a fresh tensor: bufferized in place of %x, it would need a
// copy of %x while %x is still read.
// CHECK-LABEL: func.func @residual_add(
// CHECK-SAME:      %[[X:.*]]: tensor<8x16xf32>, %[[Y:.*]]: tensor<8x16xf32>)
// CHECK:         %[[FRESH:.*]] = tensor.empty() : tensor<8x16xf32>
// CHECK:         %[[SUM:.*]] = arith.addf
// CHECK:         %[[OUT:.*]] = vector.transfer_write %[[SUM]], %[[FRESH]]
// CHECK:         return %[[OUT]], %[[X]]
#residual_id = affine_map<(d0, d1) -> (d0, d1)>
func.func @residual_add(%x: tensor<8x16xf32>, %y: tensor<8x16xf32>) -> (tensor<8x16xf32>, tensor<8x16xf32>) {
  %sum = linalg.generic {indexing_maps = [#residual_id, #residual_id, #residual_id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %y : tensor<8x16xf32>, tensor<8x16xf32>) outs(%x : tensor<8x16xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<8x16xf32>
  return %sum, %x : tensor<8x16xf32>, tensor<8x16xf32>
}
