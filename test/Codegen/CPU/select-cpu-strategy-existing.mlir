// A strategy already on the module is kept (it may be the user's); a
// malformed one is an error.
// RUN: spike-opt %s --split-input-file --spike-select-cpu-strategy=cpu=x86-64-v4 -verify-diagnostics | FileCheck %s

// CHECK: spike.cpu_strategy = {accumulate_registers = 2 : i64, cpu = "mine", vector_width = 4 : i64}
module attributes {spike.cpu_strategy = {accumulate_registers = 2 : i64, cpu = "mine", vector_width = 4 : i64}} {
}

// -----

// expected-error @below {{with N >= 1}}
module attributes {spike.cpu_strategy = {cpu = "mine", vector_width = 0 : i64}} {
}
