"""Runs a test/Integration/CPU script with every Program compiled by
--spike-gpu-pipeline{host-emulation=1} instead of --spike-cpu-pipeline (its
CPU options, such as vectorize=0, do not apply and are ignored: each of its
runs is the same emulated GPU lowering)."""

import runpy
import sys

import spike.mlir_runner as runner

cpu_run = runner.Program.run


def emulated_run(self, pipeline_options="", keep=None, pipeline="spike-cpu-pipeline"):
    return cpu_run(self, "host-emulation=1", keep, pipeline="spike-gpu-pipeline")


runner.Program.run = emulated_run
runpy.run_path(sys.argv[1], run_name="__main__")
