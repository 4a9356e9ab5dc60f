//===- Passes.td - GPU code generation passes ------------*- tablegen -*-===//
//
// Generic: no pass here needs the spike dialect (SpikeCodegenGPU links MLIR
// only), so that pipelines of other dialects can reuse them.
//
//===----------------------------------------------------------------------===//

#ifndef SPIKE_CODEGEN_GPU_PASSES_TD
#define SPIKE_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def SpikeGPUCopiesToLinalg
    : Pass<"spike-gpu-copies-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Turn buffer copies into linalg.copy so that they run on the GPU";
  let description = [{
    Bufferization leaves `memref.copy` between buffers (time-step slices,
    loop-carried membranes). On the host they would be memcpys of device
    memory, and in a kernel calls of a host library (`memrefCopy`, for
    strided views); as `linalg.copy` they become parallel loops: kernels of
    their own on the host, loops in the thread inside a kernel.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def SpikeGPUFuseTimeLoops
    : Pass<"spike-gpu-fuse-time-loops", "::mlir::func::FuncOp"> {
  let summary = "Move a neuron's time loop into its parallel loop: one "
                "kernel runs all time steps";
  let description = [{
    A host `scf.for` whose body is effect-free ops and parallel loops over
    one iteration space (a neuron's time loop: per step, the membrane
    update of every 64-neuron word and the packing of its spikes) becomes
    one parallel loop over that space whose body runs the time loop, each
    point doing its steps' work in order. On the GPU that is one launch per
    neuron layer, each thread stepping its word through all T steps,
    instead of a launch per step and phase.

    It applies only when the points are independent at every step: every
    load and store in the loops indexes its buffer with the point's
    coordinates first, through subviews whose offsets in those dimensions
    (those with more than one point) do not change with time, every buffer
    stored to is an allocation that the loops reach only through such
    subviews, and the loops hold no other memory effects. A buffer
    allocated and freed within a step becomes one buffer for all steps (a
    new buffer's contents are undefined: the last step's are as good).
    Other loops are left alone.
  }];
}

def SpikeGPUMapParallelLoops
    : Pass<"spike-gpu-map-parallel-loops", "::mlir::func::FuncOp"> {
  let summary = "Turn each outermost scf.parallel into a gpu.launch, one "
                "thread per iteration";
  let description = [{
    Every `scf.parallel` that is not nested in another parallel loop becomes
    a `gpu.launch` of one-dimensional blocks of `block-size` threads (fewer
    for a small loop, rounded up to whole warps): thread `i` of the launch
    runs iteration `i` of the loop's iteration space, linearized with the
    innermost dimension fastest, so that neighbouring threads take
    neighbouring elements (coalesced accesses) and a warp shares its outer
    indices (the spike words of one point, uniform branches in the bit
    loops). Threads past the end do nothing. Parallel loops nested in the
    body stay in the thread, to be run sequentially.

    The grid is sized by this pass (at run time for dynamic bounds, which
    upstream's `scf.forall` block mapping does not take); inside a block,
    the threads are an `scf.forall` with `#gpu.thread<linear_dim_0>` that
    upstream's thread mapping (`mapOneForallToThreadsImpl`, the utility
    behind `transform.gpu.map_nested_forall_to_threads`) turns into thread
    ids, and an iteration's indices come from `affine.delinearize_index`.
    The ids of the launch's unit dimensions are left for
    `--int-range-optimizations` to fold.

    An outermost loop with constant bounds whose body holds only ops without
    memory effects, static buffers (`memref.alloc`/`dealloc`) and nested
    parallel loops with bounds that do not depend on it (the attention's
    heads, each a chain of accumulations) is split instead: each nested
    loop, in order, becomes a launch of one thread per (outer iteration,
    nested iteration), the effect-free ops recomputed by each thread. Its
    buffers become slices of one scratch buffer (`memref.view`) with a
    slice per outer iteration, at most 4 GiB in all. The stream runs the
    launches one after the other, which orders the phases as the loop did.

    Loops with reductions (`scf.reduce` with operands) are rejected with an
    error: the spike lowering does not produce them.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "threads per block">
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect", "::mlir::scf::SCFDialect"
  ];
}

def SpikeGPULaunchToLoops
    : Pass<"spike-gpu-launch-to-loops", "::mlir::func::FuncOp"> {
  let summary = "Run gpu.launch bodies on the host as loops over blocks and "
                "threads (checking the GPU lowering without a GPU)";
  let description = [{
    Replaces every `gpu.launch` by six nested `scf.for` loops over its
    blocks and threads (z, y, x), its body inlined with the block and thread
    ids, grid and block sizes substituted. Sequential execution is a valid
    schedule of a kernel without synchronization, so the result computes
    what the kernel computes on a GPU: `spike-gpu-pipeline{host-emulation}`
    uses it so that the GPU lowering's results can be checked against the
    NumPy reference on any machine. Launches with barriers, shuffles,
    shared memory, async tokens or a multi-block body are rejected.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

def SpikeGPUAsyncLaunches
    : Pass<"spike-gpu-async-launches", "::mlir::ModuleOp"> {
  let summary = "Launch a host function's kernels on one stream and wait "
                "once, at its return";
  let description = [{
    A `gpu.launch_func` without a stream is synchronous: the host waits for
    every kernel. In a host function that only launches kernels, takes and
    releases buffers (`_mlir_memref_to_llvm_alloc`/`free`) and looks up
    device constants (`spike_cuda_device_global`) -- no load, store or
    other call, so the host never reads what a kernel writes -- the waits
    are not needed: this pass gives all its launches the stream of
    `mgpuStreamCreate` (spike's runtime: the calling thread's stream) and
    synchronizes it once before each return. Kernels run in order on the
    stream; a buffer released while kernels still use it is only reused by
    the same thread, so by later work on the same stream. Other functions
    keep synchronous launches.
  }];
}

def SpikeGPUMergeKernelModules
    : Pass<"spike-gpu-merge-kernel-modules", "::mlir::ModuleOp"> {
  let summary = "Put all kernels in one gpu.module";
  let description = [{
    `gpu-kernel-outlining` makes one `gpu.module` per kernel; each becomes
    its own binary, made by its own ptxas and fatbinary run (tens of
    milliseconds each, most of the compile time of a model with hundreds of
    kernels) and loaded by its own module load at run time. This pass moves
    every kernel into one `gpu.module @spike_kernels`, each named after the
    module it came from, and retargets the launches. Modules holding
    anything but kernels are left as they are.
  }];
}

def SpikeGPUKernelDataLayout
    : Pass<"spike-gpu-kernel-data-layout", "::mlir::ModuleOp"> {
  let summary = "Give kernel modules the NVPTX data layout";
  let description = [{
    Sets `llvm.data_layout` on every `gpu.module` that has none, to
    NVPTX's (64-bit). Kernels are translated to LLVM IR before the NVPTX
    target sets its layout, and loads and stores without an explicit
    alignment get the layout's ABI alignment then: LLVM's default aligns
    `i64` to 4 bytes, and NVPTX splits every load of a 64-bit spike word
    into two 32-bit ones. With NVPTX's layout they are single `ld.b64`.
  }];
}

def SpikeGPUDeviceGlobals
    : Pass<"spike-gpu-device-globals", "::mlir::ModuleOp"> {
  let summary = "Give kernels device copies of the host's constant buffers";
  let description = [{
    After lowering to LLVM, weights and other constants (`memref.global`)
    are host globals whose addresses the host code passes to kernels. This
    pass replaces every `llvm.mlir.addressof` of such a global in host code
    by a call of `spike_cuda_device_global(address, bytes)` (spike's CUDA
    runtime, runtime/spike_cuda_runtime.c), which copies the global to
    device memory once per process and returns the copy.
  }];
}

#endif // SPIKE_CODEGEN_GPU_PASSES_TD
