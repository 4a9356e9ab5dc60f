// RUN: spike-opt %s --spike-gpu-map-parallel-loops --canonicalize --split-input-file --verify-diagnostics | FileCheck %s
// The pipeline's next pass folds the ids of the launch's unit dimensions:
// RUN: spike-opt %s --spike-gpu-map-parallel-loops --int-range-optimizations --canonicalize --split-input-file --verify-diagnostics | FileCheck %s --check-prefix=RANGE

// Two dimensions, 6 x 70 = 420 iterations: 2 blocks of 256 threads; thread
// i runs iteration (i / 70, i % 70), the innermost index fastest; threads
// past 420 do nothing; the nested loop stays in the thread. The thread's
// index within its block is upstream's linear thread id (the mapping of an
// scf.forall with #gpu.thread<linear_dim_0>).
// CHECK-LABEL: func.func @two_dims
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C420:.*]] = arith.constant 420 : index
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C2]], {{.*}} threads({{.*}}) in (%{{.*}} = %[[C256]],
// CHECK:           %[[TX:.*]] = gpu.thread_id x
// CHECK:           %[[T:.*]] = affine.apply #{{.*}}()[%[[TX]],
// CHECK:           %[[BASE:.*]] = arith.muli %[[BX]], %[[C256]]
// CHECK:           %[[I:.*]] = arith.addi %[[BASE]], %[[T]]
// CHECK:           %[[IN:.*]] = arith.cmpi ult, %[[I]], %[[C420]]
// CHECK:           scf.if %[[IN]] {
// CHECK:             %[[IJ:.*]]:2 = affine.delinearize_index %[[I]] into (70)
// CHECK:             scf.for
// CHECK:               memref.store %{{.*}}, %{{.*}}[%[[IJ]]#0, %[[IJ]]#1]
// CHECK:           gpu.terminator
// CHECK-NOT:     scf.parallel
// CHECK-NOT:     scf.forall
// RANGE-LABEL: func.func @two_dims
// RANGE:         gpu.launch
// RANGE:           %[[TX:.*]] = gpu.thread_id x
// RANGE-NOT:       gpu.thread_id
// RANGE:           arith.addi %{{.*}}, %[[TX]]
func.func @two_dims(%out: memref<6x70xf32>, %in: memref<6x70x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  %c70 = arith.constant 70 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c6, %c70) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> f32 {
      %v = memref.load %in[%i, %j, %k] : memref<6x70x4xf32>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %sum, %out[%i, %j] : memref<6x70xf32>
    scf.reduce
  }
  return
}

// -----

// A loop smaller than a block gets one block of whole warps (40 -> 64).
// CHECK-LABEL: func.func @small
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK:         gpu.launch {{.*}} threads({{.*}}) in (%{{.*}} = %[[C64]],
// CHECK:           affine.apply #{{.*}}()[%{{.*}}, %{{.*}}, %{{.*}}]
// CHECK:           arith.cmpi ult
// RANGE-LABEL: func.func @small
// RANGE:         %[[TX:.*]] = gpu.thread_id x
// RANGE:         arith.cmpi ult, %[[TX]], %c40
func.func @small(%out: memref<40xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c40 = arith.constant 40 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c40) step (%c1) {
    memref.store %one, %out[%i] : memref<40xf32>
    scf.reduce
  }
  return
}

// -----

// Dynamic bounds: the trip count is computed at run time and the grid has
// at least one block.
// CHECK-LABEL: func.func @dynamic
// CHECK:         %[[SPAN:.*]] = arith.maxsi
// CHECK:         %[[COUNT:.*]] = arith.ceildivui %[[SPAN]]
// CHECK:         %[[BLOCKS:.*]] = arith.ceildivui
// CHECK:         %[[GRID:.*]] = arith.maxui %[[BLOCKS]]
// CHECK:         gpu.launch blocks({{.*}}) in (%{{.*}} = %[[GRID]],
func.func @dynamic(%out: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%n) step (%c2) {
    memref.store %one, %out[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// -----

func.func @reduction(%in: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  // expected-error @+1 {{has reductions, which spike-gpu-map-parallel-loops does not map to threads}}
  %r = scf.parallel (%i) = (%c0) to (%c8) step (%c1) init (%zero) -> f32 {
    %v = memref.load %in[%i] : memref<8xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %r : f32
}

// -----

// Two phases per outer iteration through a temporary: split into two
// launches over 4 x 8 = 32 threads, the temporary a slice of a scratch
// buffer with one 64-byte slice (8 f32 = 32 bytes, aligned) per outer
// iteration.
// CHECK-LABEL: func.func @split
// CHECK:         %[[SCRATCH:.*]] = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
// CHECK:         gpu.launch {{.*}} threads({{.*}}) in (%{{.*}} = %c32{{.*}},
// CHECK:           %[[IJ:.*]]:2 = affine.delinearize_index %{{.*}} into (8)
// CHECK:           %[[SHIFT:.*]] = arith.muli %[[IJ]]#0, %c64
// CHECK:           %[[TMP:.*]] = memref.view %[[SCRATCH]][%[[SHIFT]]][] : memref<256xi8> to memref<8xf32>
// CHECK:           memref.store %{{.*}}, %[[TMP]][%[[IJ]]#1]
// CHECK:         gpu.launch
// CHECK:           memref.view %[[SCRATCH]]
// CHECK:           memref.load
// CHECK:         memref.dealloc %[[SCRATCH]]
// CHECK-NOT:     memref.alloc() : memref<8xf32>
func.func @split(%in: memref<4x8xf32>, %out: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %tmp = memref.alloc() : memref<8xf32>
    scf.parallel (%j) = (%c0) to (%c8) step (%c1) {
      %v = memref.load %in[%i, %j] : memref<4x8xf32>
      %d = arith.addf %v, %v : f32
      memref.store %d, %tmp[%j] : memref<8xf32>
      scf.reduce
    }
    scf.parallel (%j) = (%c0) to (%c8) step (%c1) {
      %r = arith.subi %c8, %j : index
      %k = arith.subi %r, %c1 : index
      %v = memref.load %tmp[%k] : memref<8xf32>
      memref.store %v, %out[%i, %j] : memref<4x8xf32>
      scf.reduce
    }
    memref.dealloc %tmp : memref<8xf32>
    scf.reduce
  }
  return
}
