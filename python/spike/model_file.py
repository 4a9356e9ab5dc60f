"""A compiled model file checked before it is loaded: the checks of
include/spike-c/ModelFile.h (spike-run's), in Python for spike.load.

ctypes.CDLL (dlopen) maps the library's segments where its headers say they
are; a file cut short maps pages past its end and the first touch kills the
interpreter with SIGBUS. ``check(path)`` reads the file and raises
ValueError (the message starts with the path) when it is not an ELF shared
object for this machine, when a program header, loadable or dynamic segment
or the section header table does not lie inside the file, or when its
dynamic symbols do not define the ABI's entry points. Passing does not make
a file trustworthy: a model is native code (docs/robustness.md).
"""

import os
import platform
import struct

from . import model_abi

_MACHINES = {"x86_64": 62, "aarch64": 183}  # EM_X86_64, EM_AARCH64
_MAX_HEADERS = 4096
_PT_LOAD, _PT_DYNAMIC, _SHT_DYNSYM, _ET_DYN = 1, 2, 11, 3
_EHDR = struct.Struct("<16sHHIQQQIHHHHHH")    # Elf64_Ehdr
_PHDR = struct.Struct("<IIQQQQQQ")            # Elf64_Phdr
_SHDR = struct.Struct("<IIQQQQIIQQ")          # Elf64_Shdr
_SYM = struct.Struct("<IBBHQQ")               # Elf64_Sym
REQUIRED_SYMBOLS = (model_abi.function("spike_model_abi_version"),
                    model_abi.function("spike_model_run"))


def _inside(offset, length, size):
    return 0 <= offset <= size and 0 <= length <= size - offset


def check(path):
    """Raises ValueError naming ``path`` unless it is a spike model that
    dlopen can map (see the module docstring); FileNotFoundError when it
    does not exist."""
    path = os.fspath(path)

    def fail(message):
        raise ValueError(f"{path}: {message}")

    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    if not os.path.isfile(path):
        fail("not a regular file")
    with open(path, "rb") as f:
        data = f.read()
    size = len(data)
    if size < _EHDR.size or data[:4] != b"\x7fELF":
        fail(f"truncated ({size} bytes: shorter than an ELF header)"
             if 4 <= size < _EHDR.size and data[:4] == b"\x7fELF"
             else "not a shared library (no ELF header)")
    (ident, e_type, machine, _, _, phoff, shoff, _, _, phentsize, phnum, shentsize, shnum,
     _) = _EHDR.unpack_from(data)
    want_machine = _MACHINES.get(platform.machine())
    if ident[4] != 2 or ident[5] != 1 or ident[6] != 1 or machine != want_machine:
        fail(f"an ELF file for another machine (class {ident[4]}, byte order {ident[5]}, "
             f"machine {machine}; this one: class 2, byte order 1, machine {want_machine})")
    if e_type != _ET_DYN:
        fail(f"not a shared library (ELF type {e_type})")
    if phentsize != _PHDR.size or not 0 < phnum <= _MAX_HEADERS:
        fail(f"corrupt ELF header ({phnum} program headers of {phentsize} bytes)")
    if not _inside(phoff, phnum * _PHDR.size, size):
        fail(f"truncated or corrupt: the program headers end past the file's {size} bytes")
    loads = dynamic = 0
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz, p_memsz, _ = _PHDR.unpack_from(
            data, phoff + i * _PHDR.size)
        if p_type not in (_PT_LOAD, _PT_DYNAMIC):
            continue
        if not _inside(p_offset, p_filesz, size) or (p_type == _PT_LOAD and p_filesz > p_memsz):
            kind = "loadable" if p_type == _PT_LOAD else "dynamic"
            fail(f"truncated or corrupt: a {kind} segment of {p_filesz} bytes at offset "
                 f"{p_offset} does not fit in the file's {size} bytes")
        loads += p_type == _PT_LOAD
        dynamic += p_type == _PT_DYNAMIC
    if loads == 0 or dynamic != 1:
        fail(f"not a loadable shared library ({loads} loadable, {dynamic} dynamic segments)")
    if shentsize != _SHDR.size or not 0 < shnum <= _MAX_HEADERS or \
            not _inside(shoff, shnum * _SHDR.size, size):
        fail(f"truncated or corrupt: no complete section header table in the file's "
             f"{size} bytes")
    sections = [_SHDR.unpack_from(data, shoff + i * _SHDR.size) for i in range(shnum)]
    for _, sh_type, _, _, sh_offset, sh_size, sh_link, _, _, _ in sections:
        if sh_type != _SHT_DYNSYM:
            continue
        if sh_link >= shnum or not _inside(sh_offset, sh_size, size) or \
                not _inside(sections[sh_link][4], sections[sh_link][5], size):
            fail("truncated or corrupt: the dynamic symbol table is not in the file")
        names = data[sections[sh_link][4]:sections[sh_link][4] + sections[sh_link][5]]
        defined = set()
        for j in range(sh_size // _SYM.size):
            st_name, _, _, st_shndx, _, _ = _SYM.unpack_from(data, sh_offset + j * _SYM.size)
            if st_shndx == 0 or st_name >= len(names):
                continue
            end = names.find(b"\0", st_name)
            defined.add(names[st_name:end if end >= 0 else len(names)].decode("latin-1"))
        for symbol in REQUIRED_SYMBOLS:
            if symbol not in defined:
                fail(f"not a spike model (no {symbol})")
        return
    fail("not a spike model (no dynamic symbols)")
