// RUN: spike-opt %s --spike-gpu-fuse-time-loops --split-input-file | FileCheck %s

// A neuron's time loop: per step, the membrane update of every point and
// its output at that step. Each point touches only its own locations: the
// loop moves inside one parallel loop over the points.
// CHECK-LABEL: func.func @neuron
// CHECK:         scf.parallel (%[[I:.*]], %[[J:.*]]) =
// CHECK-NEXT:      scf.for %[[T:.*]] = %c0 to %c4 step %c1 {
// CHECK-NEXT:        memref.subview %{{.*}}[%[[T]], 0, 0]
// CHECK-NEXT:        %[[OUT:.*]] = memref.subview %{{.*}}[%[[T]], 0, 0]
// CHECK:             memref.load %{{.*}}[%[[I]], %[[J]]] : memref<2x8xf32>
// CHECK:             memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]]] : memref<2x8xf32>
// CHECK:             memref.store %{{.*}}, %[[OUT]][%[[I]], %[[J]]]
// CHECK-NOT:     scf.parallel
func.func @neuron(%x: memref<4x2x8xf32>) -> memref<4x2x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %half = arith.constant 0.5 : f32
  %membrane = memref.alloc() : memref<2x8xf32>
  %out = memref.alloc() : memref<4x2x8xf32>
  scf.for %t = %c0 to %c4 step %c1 {
    %in = memref.subview %x[%t, 0, 0] [1, 2, 8] [1, 1, 1] : memref<4x2x8xf32> to memref<2x8xf32, strided<[8, 1], offset: ?>>
    %step = memref.subview %out[%t, 0, 0] [1, 2, 8] [1, 1, 1] : memref<4x2x8xf32> to memref<2x8xf32, strided<[8, 1], offset: ?>>
    scf.parallel (%i, %j) = (%c0, %c0) to (%c2, %c8) step (%c1, %c1) {
      %v = memref.load %membrane[%i, %j] : memref<2x8xf32>
      %u = memref.load %in[%i, %j] : memref<2x8xf32, strided<[8, 1], offset: ?>>
      %d = arith.mulf %v, %half : f32
      %h = arith.addf %d, %u : f32
      memref.store %h, %membrane[%i, %j] : memref<2x8xf32>
      scf.reduce
    }
    scf.parallel (%i, %j) = (%c0, %c0) to (%c2, %c8) step (%c1, %c1) {
      %h = memref.load %membrane[%i, %j] : memref<2x8xf32>
      memref.store %h, %step[%i, %j] : memref<2x8xf32, strided<[8, 1], offset: ?>>
      scf.reduce
    }
  }
  memref.dealloc %membrane : memref<2x8xf32>
  return %out : memref<4x2x8xf32>
}

// -----

// A point reads its neighbour's membrane: the steps must stay in lockstep.
// CHECK-LABEL: func.func @neighbours
// CHECK:         scf.for
// CHECK:           scf.parallel
// CHECK:           scf.parallel
func.func @neighbours(%out: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c7 = arith.constant 7 : index
  %membrane = memref.alloc() : memref<8xf32>
  %next = memref.alloc() : memref<8xf32>
  scf.for %t = %c0 to %c4 step %c1 {
    scf.parallel (%i) = (%c0) to (%c7) step (%c1) {
      %k = arith.addi %i, %c1 : index
      %v = memref.load %membrane[%k] : memref<8xf32>
      memref.store %v, %next[%i] : memref<8xf32>
      scf.reduce
    }
    scf.parallel (%i) = (%c0) to (%c7) step (%c1) {
      %v = memref.load %next[%i] : memref<8xf32>
      memref.store %v, %membrane[%i] : memref<8xf32>
      scf.reduce
    }
  }
  return
}

// -----

// A subview that moves the points with time (a shift register): not fused.
// CHECK-LABEL: func.func @shifting
// CHECK:         scf.for
// CHECK:           scf.parallel
func.func @shifting(%buffer: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %one = arith.constant 1.0 : f32
  %state = memref.alloc() : memref<16xf32>
  scf.for %t = %c0 to %c4 step %c1 {
    %window = memref.subview %state[%t] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: ?>>
    scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
      %v = memref.load %window[%i] : memref<8xf32, strided<[1], offset: ?>>
      %w = arith.addf %v, %one : f32
      memref.store %w, %window[%i] : memref<8xf32, strided<[1], offset: ?>>
      scf.reduce
    }
  }
  return
}

// -----

// A per-step buffer (a ternary neuron's -1 plane) becomes one buffer for
// all steps; a dimension of one point (the batch of 1) tells no points
// apart, whichever unit dimension the subview keeps for it.
// CHECK-LABEL: func.func @ternary
// CHECK:         %[[MINUS:.*]] = memref.alloc() : memref<1x8xi64>
// CHECK-NEXT:    scf.parallel
// CHECK-NEXT:      scf.for
// CHECK-NOT:         memref.alloc
// CHECK-NOT:         memref.dealloc
// CHECK:           scf.reduce
// CHECK-NEXT:    }
// CHECK-NEXT:    memref.dealloc %[[MINUS]]
func.func @ternary(%x: memref<4x1x8xi64>) -> memref<4x1x1x8xi64> {
  %planes = memref.alloc() : memref<4x1x1x8xi64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0 : i64
  scf.for %t = %c0 to %c4 step %c1 {
    %in = memref.subview %x[%t, 0, 0] [1, 1, 8] [1, 1, 1] : memref<4x1x8xi64> to memref<1x8xi64, strided<[8, 1], offset: ?>>
    %minus = memref.alloc() : memref<1x8xi64>
    scf.parallel (%b, %w) = (%c0, %c0) to (%c1, %c8) step (%c1, %c1) {
      %v = memref.load %in[%b, %w] : memref<1x8xi64, strided<[8, 1], offset: ?>>
      %n = arith.subi %zero, %v : i64
      memref.store %n, %minus[%b, %w] : memref<1x8xi64>
      scf.reduce
    }
    %out = memref.subview %planes[%t, 0, 0, 0] [1, 1, 1, 8] [1, 1, 1, 1] : memref<4x1x1x8xi64> to memref<1x8xi64, strided<[8, 1], offset: ?>>
    scf.parallel (%b, %w) = (%c0, %c0) to (%c1, %c8) step (%c1, %c1) {
      %v = memref.load %minus[%b, %w] : memref<1x8xi64>
      memref.store %v, %out[%b, %w] : memref<1x8xi64, strided<[8, 1], offset: ?>>
      scf.reduce
    }
    memref.dealloc %minus : memref<1x8xi64>
  }
  return %planes : memref<4x1x1x8xi64>
}
