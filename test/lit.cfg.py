# -*- Python -*-
# lit configuration of the spike regression tests.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "SPIKE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".py"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.spike_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%spike_src_root", config.spike_src_root))
config.substitutions.append(("%python", config.spike_python))
config.substitutions.append(("%spike_obj_root", config.spike_obj_root))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%lit", config.lit_path))
config.substitutions.append(("%cc", config.c_compiler))
config.substitutions.append(("%mlir_include_dir", config.mlir_include_dir))
config.substitutions.append(("%mlir_lib_dir", config.mlir_lib_dir))
# How a downstream project is configured like this build (test/Examples).
linker = f"-DLLVM_USE_LINKER={config.llvm_use_linker}" if config.llvm_use_linker else ""
config.substitutions.append(
    ("%downstream_cmake_flags",
     f"-DCMAKE_C_COMPILER={config.c_compiler} -DCMAKE_CXX_COMPILER={config.cxx_compiler} {linker}"))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.spike_tools_dir, append_path=True)
llvm_config.with_environment(
    "PYTHONPATH", os.path.join(config.spike_src_root, "python"), append_path=True
)
# Tests never write into the source tree: no __pycache__ next to python/.
config.environment["PYTHONDONTWRITEBYTECODE"] = "1"

tool_dirs = [config.spike_tools_dir, config.llvm_tools_dir]
tools = ["spike-opt", "spike-import", "spike-compile", "spike-run", "mlir-runner"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# A build with SPIKE_SANITIZE: tests that link spike's instrumented libraries
# into programs of their own (the C API from C, the downstream example) are
# unsupported there.
if config.spike_sanitize:
    config.available_features.add("sanitized")

# The real NIR files made by other frameworks (../shared/data/nir): tests that
# read them say `REQUIRES: nir-data` and are unsupported when they are absent.
if os.path.isfile(os.path.join(config.spike_nir_data_dir, "lif_norse.nir")):
    config.available_features.add("nir-data")
    config.substitutions.append(("%nir_data", config.spike_nir_data_dir))

# The CUDA backend: `cuda-toolkit` where this build has it (spike-compile
# --target cuda works, no GPU needed); `cuda-device` where, in addition, the
# driver finds a GPU (tests that run compiled CUDA models).
def _cuda_device_count():
    import ctypes
    try:
        driver = ctypes.CDLL("libcuda.so.1")
    except OSError:
        return 0
    count = ctypes.c_int(0)
    if driver.cuInit(0) != 0 or driver.cuDeviceGetCount(ctypes.byref(count)) != 0:
        return 0
    return count.value


if config.spike_enable_cuda:
    config.available_features.add("cuda-toolkit")
    config.substitutions.append(("%cuda_driver_stub", config.spike_cuda_driver_library))
    if _cuda_device_count() > 0:
        config.available_features.add("cuda-device")
