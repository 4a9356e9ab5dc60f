// spike.time_loop implements LoopLikeOpInterface and RegionBranchOpInterface
// over its carried state, so upstream passes see into it.
// RUN: spike-opt %s --loop-invariant-code-motion -split-input-file | FileCheck %s --check-prefix=LICM
// RUN: spike-opt %s --sccp -split-input-file | FileCheck %s --check-prefix=SCCP

// Loop-invariant code motion hoists the synapse on a value from outside the
// loop; the one on the carried state stays.

// LICM-LABEL: func.func @hoist
// LICM: %[[INV:.*]] = spike.linear %arg1, %arg2
// LICM: spike.time_loop
// LICM-NOT: spike.linear %arg1
// LICM: spike.linear %{{.*}}, %arg2
// LICM: arith.addf %{{.*}}, %[[INV]]
func.func @hoist(%x: tensor<4x1x8xf32>, %bias_in: tensor<1x8xf32>, %w: tensor<8x8xf32>, %v0: tensor<1x8xf32>) -> tensor<4x1x8xf32> {
  %out, %v = spike.time_loop ins(%x : tensor<4x1x8xf32>) carry(%v0 : tensor<1x8xf32>)
      -> (tensor<4x1x8xf32>, tensor<1x8xf32>) {
  ^bb0(%xt: tensor<1x8xf32>, %vt: tensor<1x8xf32>):
    %b = spike.linear %bias_in, %w : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
    %r = spike.linear %vt, %w : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
    %s = arith.addf %r, %b : tensor<1x8xf32>
    %n = arith.addf %s, %xt : tensor<1x8xf32>
    spike.yield %n, %n : tensor<1x8xf32>, tensor<1x8xf32>
  }
  return %out : tensor<4x1x8xf32>
}

// -----

// SCCP follows the carried value around the loop: a state that every step
// yields back unchanged is its constant init at the end; the per-step output
// (a time slice) is not mistaken for a forwarded value.

// SCCP-LABEL: func.func @constant_state
// SCCP: %[[C:.*]] = arith.constant dense<2.500000e-01> : tensor<1x8xf32>
// SCCP: %[[OUT:.*]]:2 = spike.time_loop
// SCCP: return %[[OUT]]#0, %[[C]]
func.func @constant_state(%x: tensor<4x1x8xf32>) -> (tensor<4x1x8xf32>, tensor<1x8xf32>) {
  %c = arith.constant dense<0.25> : tensor<1x8xf32>
  %out, %v = spike.time_loop ins(%x : tensor<4x1x8xf32>) carry(%c : tensor<1x8xf32>)
      -> (tensor<4x1x8xf32>, tensor<1x8xf32>) {
  ^bb0(%xt: tensor<1x8xf32>, %vt: tensor<1x8xf32>):
    %n = arith.addf %xt, %vt : tensor<1x8xf32>
    spike.yield %n, %vt : tensor<1x8xf32>, tensor<1x8xf32>
  }
  return %out, %v : tensor<4x1x8xf32>, tensor<1x8xf32>
}
