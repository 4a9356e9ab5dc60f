// RUN: spike-opt %s --spike-gpu-launch-to-loops -split-input-file -verify-diagnostics | FileCheck %s

// spike-gpu-launch-to-loops runs a kernel on the host: every `gpu.launch`
// becomes six nested scf.for loops, over blocks z, y, x then threads z, y,
// x, whose body is the launch's with the block and thread ids (region
// arguments and gpu.block_id/thread_id queries) replaced by the induction
// variables and the grid and block sizes (region arguments and
// gpu.grid_dim/block_dim queries) by the launch's operands. Launches that
// synchronize their threads, are async or have several blocks are errors.

// CHECK-LABEL: func.func @fill(
// CHECK-SAME:      %[[OUT:.*]]: memref<300xf32>)
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C300:.*]] = arith.constant 300 : index
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-NOT:     gpu.launch
// CHECK:         scf.for %[[BZ:.*]] = %[[ZERO]] to %[[C1]] step
// CHECK-NEXT:      scf.for %[[BY:.*]] = %[[ZERO]] to %[[C1]] step
// CHECK-NEXT:        scf.for %[[BX:.*]] = %[[ZERO]] to %[[C2]] step
// CHECK-NEXT:          scf.for %[[TZ:.*]] = %[[ZERO]] to %[[C1]] step
// CHECK-NEXT:            scf.for %[[TY:.*]] = %[[ZERO]] to %[[C1]] step
// CHECK-NEXT:              scf.for %[[TX:.*]] = %[[ZERO]] to %[[C256]] step
// CHECK-NEXT:                %[[BASE:.*]] = arith.muli %[[BX]], %[[C256]] : index
// CHECK-NEXT:                %[[I:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK-NEXT:                %[[IN:.*]] = arith.cmpi ult, %[[I]], %[[C300]] : index
// CHECK-NEXT:                scf.if %[[IN]] {
// CHECK-NEXT:                  %[[J:.*]] = arith.addi %[[TX]], %[[C256]] : index
// CHECK-NEXT:                  %[[K:.*]] = arith.addi %[[J]], %[[C2]] : index
// CHECK-NEXT:                  %[[KI:.*]] = arith.index_cast %[[K]]
// CHECK-NEXT:                  %[[V:.*]] = arith.sitofp %[[KI]]
// CHECK-NEXT:                  memref.store %[[V]], %[[OUT]][%[[I]]]
// CHECK-NOT:     gpu.
// CHECK:         return
func.func @fill(%out: memref<300xf32>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c256 = arith.constant 256 : index
  %c300 = arith.constant 300 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
    %base = arith.muli %bx, %sx : index
    %i = arith.addi %base, %tx : index
    %in = arith.cmpi ult, %i, %c300 : index
    scf.if %in {
      // The same ids and sizes, queried in a nested region.
      %t = gpu.thread_id x
      %d = gpu.block_dim x
      %g = gpu.grid_dim x
      %j = arith.addi %t, %d : index
      %k = arith.addi %j, %g : index
      %ki = arith.index_cast %k : index to i32
      %v = arith.sitofp %ki : i32 to f32
      memref.store %v, %out[%i] : memref<300xf32>
    }
    gpu.terminator
  }
  return
}

// -----

// Queries at the top of the body, used by the ops after them (as
// spike-gpu-map-parallel-loops leaves them after upstream's thread mapping).
// CHECK-LABEL: func.func @top_level_queries(
// CHECK-SAME:      %[[OUT:.*]]: memref<64xf32>)
// CHECK:         scf.for
// CHECK-NEXT:      scf.for
// CHECK-NEXT:        scf.for %[[BX:[^ ]*]] =
// CHECK-NEXT:          scf.for
// CHECK-NEXT:            scf.for
// CHECK-NEXT:              scf.for %[[TX:[^ ]*]] =
// CHECK-NEXT:      %[[I:.*]] = arith.addi %[[BX]], %[[TX]] : index
// CHECK-NEXT:      %[[II:.*]] = arith.index_cast %[[I]]
// CHECK-NEXT:      %[[V:.*]] = arith.sitofp %[[II]]
// CHECK-NEXT:      memref.store %[[V]], %[[OUT]][%[[TX]]]
// CHECK-NOT:     gpu.
func.func @top_level_queries(%out: memref<64xf32>) {
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    %t = gpu.thread_id x
    %b = gpu.block_id x
    %i = arith.addi %b, %t : index
    %ii = arith.index_cast %i : index to i32
    %v = arith.sitofp %ii : i32 to f32
    memref.store %v, %out[%t] : memref<64xf32>
    gpu.terminator
  }
  return
}

// -----

// A barrier: the threads of a block cannot run one after the other.
func.func @barrier(%out: memref<256xf32>) {
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %one = arith.constant 1.0 : f32
  // expected-error @+1 {{'gpu.launch' op synchronizes its threads or has memory attributions: spike-gpu-launch-to-loops cannot run it on the host}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
    memref.store %one, %out[%tx] : memref<256xf32>
    gpu.barrier
    gpu.terminator
  }
  return
}

// -----

// An async launch.
func.func @async(%out: memref<256xf32>) {
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %one = arith.constant 1.0 : f32
  // expected-error @+1 {{'gpu.launch' op is async, uses dynamic shared memory or clusters: spike-gpu-launch-to-loops cannot run it on the host}}
  %token = gpu.launch async blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
    memref.store %one, %out[%tx] : memref<256xf32>
    gpu.terminator
  }
  return
}

// -----

// A body of several blocks.
func.func @blocks(%out: memref<256xf32>) {
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %one = arith.constant 1.0 : f32
  // expected-error @+1 {{'gpu.launch' op has a body of several blocks: spike-gpu-launch-to-loops cannot run it on the host}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
    cf.br ^store
  ^store:
    memref.store %one, %out[%tx] : memref<256xf32>
    gpu.terminator
  }
  return
}

// -----

// A query the host loops cannot stand in for (a lane id).
func.func @lane(%out: memref<256xindex>) {
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  // expected-error @+1 {{'gpu.launch' op uses a gpu op other than block/thread ids and grid/block sizes: spike-gpu-launch-to-loops cannot run it on the host}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
    %lane = gpu.lane_id
    memref.store %lane, %out[%tx] : memref<256xindex>
    gpu.terminator
  }
  return
}
