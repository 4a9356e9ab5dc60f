# lit configuration of the downstream example:
#   lit -DDOWNSTREAM_BIN=<build>/bin [-DLLVM_TOOLS=/usr/lib/llvm-22/bin] test/
# Its outputs go to <build>/test, never next to the sources.
import os

import lit.formats

config.name = "downstream-pass"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)

bin_dir = lit_config.params.get("DOWNSTREAM_BIN")
if not bin_dir:
    lit_config.fatal("pass -DDOWNSTREAM_BIN=<build>/bin")
config.test_exec_root = os.path.join(os.path.dirname(os.path.abspath(bin_dir)), "test")
llvm_tools = lit_config.params.get("LLVM_TOOLS", "/usr/lib/llvm-22/bin")
config.environment["PATH"] = os.pathsep.join(
    [os.path.abspath(bin_dir), llvm_tools, config.environment.get("PATH", os.environ["PATH"])])
