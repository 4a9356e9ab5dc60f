// One encoder block of a Spiking Transformer with Accurate Addition-Only
// Spiking Self-Attention (A²OS²A, Guo et al., CVPR 2025): binary Q (LIF),
// ReLU K, ternary V, no softmax, no scale, membrane-potential shortcuts.
// T = 4 time steps, batch 1, N = 64 tokens, D = 128 features, 8 heads,
// MLP ratio 4. Weights are arguments; BN is over the feature axis.
//
//   build/bin/spike-opt examples/a2os2a-block.mlir

func.func @a2os2a_block(
    %x: tensor<4x1x64x128xf32>,
    %wq: tensor<128x128xf32>, %wk: tensor<128x128xf32>,
    %wv: tensor<128x128xf32>, %wo: tensor<128x128xf32>,
    %w1: tensor<512x128xf32>, %w2: tensor<128x512xf32>,
    %g128: tensor<128xf32>, %b128: tensor<128xf32>,
    %m128: tensor<128xf32>, %v128: tensor<128xf32>,
    %g512: tensor<512xf32>, %b512: tensor<512xf32>,
    %m512: tensor<512xf32>, %v512: tensor<512xf32>)
    -> tensor<4x1x64x128xf32> {
  // Spikes of the incoming membrane potential.
  %s = spike.lif %x : tensor<4x1x64x128xf32> -> tensor<4x1x64x128xi1>

  // Q: binary spikes.
  %q0 = spike.linear %s, %wq
      : (tensor<4x1x64x128xi1>, tensor<128x128xf32>) -> tensor<4x1x64x128xf32>
  %q1 = spike.batch_norm %q0, %g128, %b128, %m128, %v128 {axis = -1 : i64}
      : tensor<4x1x64x128xf32>, tensor<128xf32>
  %q = spike.lif %q1 : tensor<4x1x64x128xf32> -> tensor<4x1x64x128xi1>

  // K: real, non-negative (ReLU).
  %k0 = spike.linear %s, %wk
      : (tensor<4x1x64x128xi1>, tensor<128x128xf32>) -> tensor<4x1x64x128xf32>
  %k1 = spike.batch_norm %k0, %g128, %b128, %m128, %v128 {axis = -1 : i64}
      : tensor<4x1x64x128xf32>, tensor<128xf32>
  %k = spike.relu %k1 : tensor<4x1x64x128xf32>

  // V: ternary spikes.
  %v0 = spike.linear %s, %wv
      : (tensor<4x1x64x128xi1>, tensor<128x128xf32>) -> tensor<4x1x64x128xf32>
  %v1 = spike.batch_norm %v0, %g128, %b128, %m128, %v128 {axis = -1 : i64}
      : tensor<4x1x64x128xf32>, tensor<128xf32>
  %v = spike.ternary_lif %v1 : tensor<4x1x64x128xf32> -> tensor<4x1x64x128xi2>

  // Attention without softmax or scale, then its output projection.
  %a = spike.attention %q, %k, %v {num_heads = 8 : i64}
      : (tensor<4x1x64x128xi1>, tensor<4x1x64x128xf32>, tensor<4x1x64x128xi2>)
        -> tensor<4x1x64x128xf32>
  %as = spike.lif %a : tensor<4x1x64x128xf32> -> tensor<4x1x64x128xi1>
  %o0 = spike.linear %as, %wo
      : (tensor<4x1x64x128xi1>, tensor<128x128xf32>) -> tensor<4x1x64x128xf32>
  %o = spike.batch_norm %o0, %g128, %b128, %m128, %v128 {axis = -1 : i64}
      : tensor<4x1x64x128xf32>, tensor<128xf32>
  %x1 = arith.addf %x, %o : tensor<4x1x64x128xf32>

  // MLP with a membrane shortcut.
  %s1 = spike.lif %x1 : tensor<4x1x64x128xf32> -> tensor<4x1x64x128xi1>
  %h0 = spike.linear %s1, %w1
      : (tensor<4x1x64x128xi1>, tensor<512x128xf32>) -> tensor<4x1x64x512xf32>
  %h1 = spike.batch_norm %h0, %g512, %b512, %m512, %v512 {axis = -1 : i64}
      : tensor<4x1x64x512xf32>, tensor<512xf32>
  %hs = spike.lif %h1 : tensor<4x1x64x512xf32> -> tensor<4x1x64x512xi1>
  %y0 = spike.linear %hs, %w2
      : (tensor<4x1x64x512xi1>, tensor<128x512xf32>) -> tensor<4x1x64x128xf32>
  %y1 = spike.batch_norm %y0, %g128, %b128, %m128, %v128 {axis = -1 : i64}
      : tensor<4x1x64x128xf32>, tensor<128xf32>
  %y = arith.addf %x1, %y1 : tensor<4x1x64x128xf32>
  return %y : tensor<4x1x64x128xf32>
}
