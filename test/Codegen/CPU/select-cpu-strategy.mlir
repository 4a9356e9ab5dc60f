// The CPU strategy is chosen once, from the CPU named (not the host's), and
// recorded on the module; an existing one is kept.
// RUN: spike-opt %s --spike-select-cpu-strategy | FileCheck %s --check-prefix=DEFAULT
// RUN: spike-opt %s --spike-select-cpu-strategy=cpu=x86-64-v4 | FileCheck %s --check-prefix=AVX512
// RUN: spike-opt %s --spike-select-cpu-strategy=cpu=x86-64 | FileCheck %s --check-prefix=SSE
// RUN: spike-opt %s --spike-select-cpu-strategy="cpu=znver4 vector-width=32 accumulate-registers=4" | FileCheck %s --check-prefix=GIVEN
// RUN: not spike-opt %s --spike-select-cpu-strategy=cpu=pentium-pro-max 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: spike-opt %s --spike-select-cpu-strategy=cpu=native | FileCheck %s --check-prefix=NATIVE
// The passes that apply it read it; without one they need an explicit width.
// RUN: spike-opt %s --spike-select-cpu-strategy=cpu=x86-64-v4 --spike-vectorize-cpu | FileCheck %s --check-prefix=AVX512
// RUN: not spike-opt %s --spike-vectorize-cpu 2>&1 | FileCheck %s --check-prefix=NOSTRATEGY

// DEFAULT: module attributes {spike.cpu_strategy = {accumulate_registers = 8 : i64, cpu = "x86-64-v3", vector_width = 8 : i64}}
// AVX512: spike.cpu_strategy = {accumulate_registers = 8 : i64, cpu = "x86-64-v4", vector_width = 16 : i64}
// SSE: spike.cpu_strategy = {accumulate_registers = 8 : i64, cpu = "x86-64", vector_width = 4 : i64}
// GIVEN: spike.cpu_strategy = {accumulate_registers = 4 : i64, cpu = "znver4", vector_width = 32 : i64}
// UNKNOWN: error: spike-select-cpu-strategy: unknown x86 CPU 'pentium-pro-max'
// NOSTRATEGY: error: spike-vectorize-cpu: no vector width: give vector-width or run spike-select-cpu-strategy first
// NATIVE: spike.cpu_strategy = {accumulate_registers = 8 : i64, cpu = "{{.+}}", vector_width = {{4|8|16}} : i64}
func.func @f() {
  return
}

