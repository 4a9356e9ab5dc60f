// RUN: spike-opt %s --spike-gpu-merge-kernel-modules -split-input-file | FileCheck %s

// spike-gpu-merge-kernel-modules moves the kernel of every gpu.module that
// holds just one (what gpu-kernel-outlining makes) into a single
// `gpu.module @spike_kernels`, renamed after the module it came from (the
// outlined kernels of a function share their name), and retargets the
// gpu.launch_func ops. A module holding anything else keeps its kernel, and
// a lone kernel module is not renamed.

// CHECK-LABEL: func.func @host(
// CHECK-SAME:      %[[OUT:.*]]: memref<256xf32>)
// CHECK:         gpu.launch_func @spike_kernels::@host_kernel blocks {{.*}} args(%{{.*}} : f32, %[[OUT]] : memref<256xf32>)
// CHECK-NEXT:    gpu.launch_func @spike_kernels::@host_kernel_0 blocks {{.*}} args(%[[OUT]] : memref<256xf32>)
// CHECK-NEXT:    gpu.launch_func @with_helper::@host_kernel blocks
// CHECK-NEXT:    return
// CHECK-NOT:     gpu.module @host_kernel
// CHECK:         gpu.module @spike_kernels {
// CHECK-NEXT:      gpu.func @host_kernel(%{{.*}}: f32, %{{.*}}: memref<256xf32>) kernel
// CHECK-NEXT:        gpu.thread_id
// CHECK-NEXT:        memref.store
// CHECK-NEXT:        gpu.return
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.func @host_kernel_0(%{{.*}}: memref<256xf32>) kernel
// CHECK-NEXT:        gpu.thread_id
// CHECK-NEXT:        memref.load
// CHECK-NEXT:        arith.addf
// CHECK-NEXT:        memref.store
// CHECK-NEXT:        gpu.return
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NOT:     gpu.module @host_kernel
// CHECK:         gpu.module @with_helper {
// CHECK-NEXT:      gpu.func @host_kernel(
// CHECK:           func.func @helper(
// CHECK-NOT:     gpu.module @host_kernel
module attributes {gpu.container_module} {
  func.func @host(%out: memref<256xf32>) {
    %c1 = arith.constant 1 : index
    %c256 = arith.constant 256 : index
    %one = arith.constant 1.0 : f32
    gpu.launch_func @host_kernel::@host_kernel blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1) args(%one : f32, %out : memref<256xf32>)
    gpu.launch_func @host_kernel_0::@host_kernel blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1) args(%out : memref<256xf32>)
    gpu.launch_func @with_helper::@host_kernel blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1) args(%out : memref<256xf32>)
    return
  }
  gpu.module @host_kernel {
    gpu.func @host_kernel(%x: f32, %out: memref<256xf32>) kernel {
      %t = gpu.thread_id x
      memref.store %x, %out[%t] : memref<256xf32>
      gpu.return
    }
  }
  gpu.module @host_kernel_0 {
    gpu.func @host_kernel(%out: memref<256xf32>) kernel {
      %t = gpu.thread_id x
      %v = memref.load %out[%t] : memref<256xf32>
      %w = arith.addf %v, %v : f32
      memref.store %w, %out[%t] : memref<256xf32>
      gpu.return
    }
  }
  // Not only a kernel: stays as it is.
  gpu.module @with_helper {
    gpu.func @host_kernel(%out: memref<256xf32>) kernel {
      %t = gpu.thread_id x
      %v = memref.load %out[%t] : memref<256xf32>
      %w = func.call @helper(%v) : (f32) -> f32
      memref.store %w, %out[%t] : memref<256xf32>
      gpu.return
    }
    func.func @helper(%v: f32) -> f32 {
      return %v : f32
    }
  }
}

// -----

// A single kernel module: nothing to merge.
// CHECK-LABEL: func.func @single(
// CHECK:         gpu.launch_func @single_kernel::@single_kernel blocks
// CHECK:         gpu.module @single_kernel {
// CHECK-NEXT:      gpu.func @single_kernel(
// CHECK-NOT:     spike_kernels
module attributes {gpu.container_module} {
  func.func @single(%out: memref<256xf32>) {
    %c1 = arith.constant 1 : index
    %c256 = arith.constant 256 : index
    gpu.launch_func @single_kernel::@single_kernel blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1) args(%out : memref<256xf32>)
    return
  }
  gpu.module @single_kernel {
    gpu.func @single_kernel(%out: memref<256xf32>) kernel {
      gpu.return
    }
  }
}

// -----

// A module already named @spike_kernels (two kernels: not merged itself):
// the merged module gets a fresh name, and every launch still finds its
// kernel.
// CHECK-LABEL: func.func @clash(
// CHECK:         gpu.launch_func @spike_kernels::@k blocks
// CHECK:         gpu.launch_func @[[MERGED:spike_kernels_[0-9]+]]::@a_kernel blocks
// CHECK:         gpu.launch_func @[[MERGED]]::@b_kernel blocks
// CHECK:         gpu.module @spike_kernels {
// CHECK:         gpu.module @[[MERGED]] {
module attributes {gpu.container_module} {
  func.func @clash(%out: memref<256xf32>) {
    %c1 = arith.constant 1 : index
    %c256 = arith.constant 256 : index
    gpu.launch_func @spike_kernels::@k blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1) args(%out : memref<256xf32>)
    gpu.launch_func @a_kernel::@a_kernel blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1) args(%out : memref<256xf32>)
    gpu.launch_func @b_kernel::@b_kernel blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1) args(%out : memref<256xf32>)
    return
  }
  gpu.module @spike_kernels {
    gpu.func @k(%out: memref<256xf32>) kernel {
      gpu.return
    }
    gpu.func @k2(%out: memref<256xf32>) kernel {
      gpu.return
    }
  }
  gpu.module @a_kernel {
    gpu.func @a_kernel(%out: memref<256xf32>) kernel {
      gpu.return
    }
  }
  gpu.module @b_kernel {
    gpu.func @b_kernel(%out: memref<256xf32>) kernel {
      gpu.return
    }
  }
}
