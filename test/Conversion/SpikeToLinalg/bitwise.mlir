// RUN: spike-opt %s --convert-spike-to-linalg --canonicalize --cse -split-input-file | FileCheck %s
// With accumulate-per-output (the GPU's mode) the reductions of a count
// are innermost, after the lanes:
// RUN: spike-opt %s --convert-spike-to-linalg=accumulate-per-output=1 --canonicalize --cse -split-input-file | FileCheck %s --check-prefix=GPU

// spike.and and spike.count work on the packed words: an AND of words, the
// popcount or per-lane bits of words summed as integers, converted to f32
// once. No spike is unpacked to f32 and nothing is multiplied.

// Equal shapes: one AND per word (70 features: 2 words per row).
// CHECK-LABEL: func.func @and_same_shape(
// CHECK-NOT:     arith.mulf
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<3x2xi64>, tensor<3x2xi64>) outs(%{{.*}} : tensor<3x2xi64>)
// CHECK-NEXT:    ^bb0(%[[A:.*]]: i64, %[[B:.*]]: i64, %{{.*}}: i64):
// CHECK-NEXT:      %[[W:.*]] = arith.andi %[[A]], %[[B]] : i64
// CHECK-NEXT:      linalg.yield %[[W]] : i64
// CHECK-NOT:     arith.mulf
func.func @and_same_shape(%a: tensor<3x70xi1>, %b: tensor<3x70xi1>) -> tensor<3x70xi1> {
  %r = spike.and %a, %b : tensor<3x70xi1>, tensor<3x70xi1> -> tensor<3x70xi1>
  return %r : tensor<3x70xi1>
}

// -----

// Outer broadcasting: [2, 1, 70] x [3, 70] -> [2, 3, 70]. The unit
// dimension is collapsed away and the maps skip the broadcast dimensions.
// CHECK-DAG:   #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @and_outer(
// CHECK:         %[[L:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : tensor<2x1x2xi64> into tensor<2x2xi64>
// CHECK:         linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[L]], %{{.*}} : tensor<2x2xi64>, tensor<3x2xi64>) outs(%{{.*}} : tensor<2x3x2xi64>)
// CHECK-NEXT:    ^bb0(%[[A:.*]]: i64, %[[B:.*]]: i64, %{{.*}}: i64):
// CHECK-NEXT:      arith.andi %[[A]], %[[B]] : i64
func.func @and_outer(%a: tensor<2x1x70xi1>, %b: tensor<3x70xi1>) -> tensor<2x3x70xi1> {
  %r = spike.and %a, %b : tensor<2x1x70xi1>, tensor<3x70xi1> -> tensor<2x3x70xi1>
  return %r : tensor<2x3x70xi1>
}

// -----

// Innermost broadcasting: one spike per row ([3, 1], one word) masks the
// row's 3 words of 130 features: 0 - (word & 1) is all ones or all zeros.
// CHECK-DAG:   #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG:   #[[WORDS:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @and_innermost(
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK:         %[[M:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<3x1xi64> into tensor<3xi64>
// CHECK:         linalg.generic {indexing_maps = [#[[ROW]], #[[WORDS]], #[[WORDS]]], iterator_types = ["parallel", "parallel"]} ins(%[[M]], %{{.*}} : tensor<3xi64>, tensor<3x3xi64>)
// CHECK-NEXT:    ^bb0(%[[BIT:.*]]: i64, %[[WORD:.*]]: i64, %{{.*}}: i64):
// CHECK-NEXT:      %[[LOW:.*]] = arith.andi %[[BIT]], %[[ONE]] : i64
// CHECK-NEXT:      %[[MASK:.*]] = arith.subi %[[ZERO]], %[[LOW]] : i64
// CHECK-NEXT:      %[[R:.*]] = arith.andi %[[MASK]], %[[WORD]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i64
func.func @and_innermost(%m: tensor<3x1xi1>, %b: tensor<3x130xi1>) -> tensor<3x130xi1> {
  %r = spike.and %m, %b : tensor<3x1xi1>, tensor<3x130xi1> -> tensor<3x130xi1>
  return %r : tensor<3x130xi1>
}

// -----

// A rank-0 operand is one unpacked i1: extended into the mask.
// CHECK-DAG:   #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @and_scalar(
// CHECK-SAME:      %[[S:.*]]: tensor<i1>,
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #{{.*}}], {{.*}} ins(%{{.*}}, %[[S]] : tensor<3x2xi64>, tensor<i1>)
// CHECK-NEXT:    ^bb0(%[[WORD:.*]]: i64, %[[BIT:.*]]: i1, %{{.*}}: i64):
// CHECK-NEXT:      %[[WIDE:.*]] = arith.extui %[[BIT]] : i1 to i64
// CHECK-NEXT:      %[[MASK:.*]] = arith.subi %{{.*}}, %[[WIDE]] : i64
// CHECK-NEXT:      arith.andi %[[WORD]], %[[MASK]] : i64
func.func @and_scalar(%m: tensor<i1>, %b: tensor<3x70xi1>) -> tensor<3x70xi1> {
  %r = spike.and %b, %m : tensor<3x70xi1>, tensor<i1> -> tensor<3x70xi1>
  return %r : tensor<3x70xi1>
}

// -----

// Count over the innermost dimension: popcounts of the 3 words of a row
// summed as i64, then one conversion to f32 and the unit dimension back.
// CHECK-LABEL: func.func @count_innermost(
// CHECK-NOT:     arith.mulf
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}} : tensor<4x3x3xi64>) outs(%{{.*}} : tensor<4x3xi64>)
// CHECK-NEXT:    ^bb0(%[[WORD:.*]]: i64, %[[ACC:.*]]: i64):
// CHECK-NEXT:      %[[POP:.*]] = math.ctpop %[[WORD]] : i64
// CHECK-NEXT:      %[[NEXT:.*]] = arith.addi %[[ACC]], %[[POP]] : i64
// CHECK-NEXT:      linalg.yield %[[NEXT]] : i64
// CHECK:         %[[F:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<4x3xi64>) outs(%{{.*}} : tensor<4x3xf32>)
// CHECK:           arith.sitofp %{{.*}} : i64 to f32
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[F]] {{\[}}[0], [1, 2]] output_shape [4, 3, 1] : tensor<4x3xf32> into tensor<4x3x1xf32>
// CHECK-NEXT:    return %[[R]]
// CHECK-NOT:     arith.mulf
func.func @count_innermost(%x: tensor<4x3x130xi1>) -> tensor<4x3x1xf32> {
  %c = spike.count %x {dims = array<i64: 2>} : tensor<4x3x130xi1> -> tensor<4x3x1xf32>
  return %c : tensor<4x3x1xf32>
}

// -----

// Ternary spikes: popcount of the +1 plane minus that of the -1 plane,
// over dimension 0 and the words (the kept dimension 1 iterates first).
// CHECK-DAG:   #[[PLANE:.*]] = affine_map<(d0, d1, d2) -> (d1, d0, d2)>
// CHECK-LABEL: func.func @count_ternary(
// GPU-LABEL:   func.func @count_ternary(
// CHECK:         linalg.generic {indexing_maps = [#[[PLANE]], #[[PLANE]], #{{.*}}], iterator_types = ["parallel", "reduction", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<4x3x3xi64>, tensor<4x3x3xi64>) outs(%{{.*}} : tensor<3xi64>)
// CHECK-NEXT:    ^bb0(%[[UP:.*]]: i64, %[[DOWN:.*]]: i64, %[[ACC:.*]]: i64):
// CHECK-NEXT:      %[[P:.*]] = math.ctpop %[[UP]] : i64
// CHECK-NEXT:      %[[M:.*]] = math.ctpop %[[DOWN]] : i64
// CHECK-NEXT:      %[[D:.*]] = arith.subi %[[P]], %[[M]] : i64
// CHECK-NEXT:      arith.addi %[[ACC]], %[[D]] : i64
// CHECK:         arith.sitofp
// CHECK:         tensor.expand_shape %{{.*}} {{\[}}[0, 1, 2]] output_shape [1, 3, 1] : tensor<3xf32> into tensor<1x3x1xf32>
func.func @count_ternary(%x: tensor<4x3x130xi2>) -> tensor<1x3x1xf32> {
  %c = spike.count %x {dims = array<i64: 0, 2>} : tensor<4x3x130xi2> -> tensor<1x3x1xf32>
  return %c : tensor<1x3x1xf32>
}

// -----

// Count over an outer dimension (the tokens): per lane, (word >> lane) & 1
// summed into the lane layout [2, W, 64], whose padding lanes are dropped.
// On the CPU the lanes are innermost (a vector of lanes shares each word);
// with accumulate-per-output the tokens are.
// CHECK-DAG:   #[[IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d1)>
// CHECK-DAG:   #[[LANES:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-LABEL: func.func @count_tokens(
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : i64
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], #[[LANES]]], iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%{{.*}} : tensor<2x7x2xi64>) outs(%{{.*}} : tensor<2x2x64xi64>)
// CHECK-NEXT:    ^bb0(%[[WORD:.*]]: i64, %[[ACC:.*]]: i64):
// CHECK-NEXT:      %[[LANE:.*]] = linalg.index 3 : index
// CHECK-NEXT:      %[[SHIFT:.*]] = arith.index_cast %[[LANE]] : index to i64
// CHECK-NEXT:      %[[SHIFTED:.*]] = arith.shrui %[[WORD]], %[[SHIFT]] : i64
// CHECK-NEXT:      %[[BIT:.*]] = arith.andi %[[SHIFTED]], %[[ONE]] : i64
// CHECK-NEXT:      arith.addi %[[ACC]], %[[BIT]] : i64
// CHECK:         tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : tensor<2x2x64xi64> into tensor<2x128xi64>
// CHECK:         tensor.extract_slice %{{.*}}[0, 0] [2, 70] [1, 1] : tensor<2x128xi64> to tensor<2x70xi64>
// CHECK:         arith.sitofp
// CHECK:         tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2]] output_shape [2, 1, 70] : tensor<2x70xf32> into tensor<2x1x70xf32>
// CHECK-NOT:     arith.mulf
// GPU-DAG:     #[[IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d1)>
// GPU-DAG:     #[[LANES:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// GPU-LABEL:   func.func @count_tokens(
// GPU:           linalg.generic {indexing_maps = [#[[IN]], #[[LANES]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}} : tensor<2x7x2xi64>) outs(%{{.*}} : tensor<2x2x64xi64>)
// GPU:             linalg.index 2 : index
func.func @count_tokens(%x: tensor<2x7x70xi1>) -> tensor<2x1x70xf32> {
  %c = spike.count %x {dims = array<i64: 1>} : tensor<2x7x70xi1> -> tensor<2x1x70xf32>
  return %c : tensor<2x1x70xf32>
}

// -----

// Every dimension: one i64 sum, expanded to [1, 1, 1].
// CHECK-LABEL: func.func @count_all(
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "reduction", "reduction"]} ins(%{{.*}} : tensor<2x7x2xi64>) outs(%{{.*}} : tensor<i64>)
// CHECK:           math.ctpop
// CHECK:         tensor.expand_shape %{{.*}} [] output_shape [1, 1, 1] : tensor<f32> into tensor<1x1x1xf32>
func.func @count_all(%x: tensor<2x7x70xi1>) -> tensor<1x1x1xf32> {
  %c = spike.count %x {dims = array<i64: 0, 1, 2>} : tensor<2x7x70xi1> -> tensor<1x1x1xf32>
  return %c : tensor<1x1x1xf32>
}

// -----

// LIF spikes reach the AND as words and the count reads the AND's words:
// nothing is unpacked in between.
// CHECK-LABEL: func.func @lif_and_count(
// CHECK:         scf.for
// CHECK:         arith.andi %{{.*}}, %{{.*}} : i64
// CHECK-NOT:     arith.uitofp
// CHECK-NOT:     arith.trunci
// CHECK:         math.ctpop
// CHECK-NOT:     arith.mulf
func.func @lif_and_count(%x: tensor<2x3x70xf32>, %y: tensor<2x3x70xf32>) -> tensor<2x3x1xf32> {
  %a = spike.lif %x : tensor<2x3x70xf32> -> tensor<2x3x70xi1>
  %b = spike.lif %y : tensor<2x3x70xf32> -> tensor<2x3x70xi1>
  %r = spike.and %a, %b : tensor<2x3x70xi1>, tensor<2x3x70xi1> -> tensor<2x3x70xi1>
  %c = spike.count %r {dims = array<i64: 2>} : tensor<2x3x70xi1> -> tensor<2x3x1xf32>
  return %c : tensor<2x3x1xf32>
}
