// RUN: spike-opt %s --spike-gpu-copies-to-linalg -verify-diagnostics

// An unranked copy cannot become a linalg.copy (which a later pass would
// drop): an error, not a lost copy.
func.func @unranked(%a: memref<*xf32>, %b: memref<*xf32>) {
  // expected-error @+1 {{'memref.copy' op copies an unranked buffer, which spike-gpu-copies-to-linalg cannot run on the GPU}}
  memref.copy %a, %b : memref<*xf32> to memref<*xf32>
  return
}
