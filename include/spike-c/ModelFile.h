/*===- spike-c/ModelFile.h - check a compiled model file before dlopen ---===*
 *
 * dlopen maps a shared library's segments and reads them where the file
 * says they are: a file cut short (an interrupted copy or download) maps
 * pages past its end, and touching them raises SIGBUS in the process that
 * loads it. spike_model_file_check reads the file with pread, never mapping
 * it, and refuses what the loader would trip over:
 *
 *  - not an ELF shared object for this machine (class, byte order, machine,
 *    type);
 *  - a program header table, a loadable or dynamic segment, or the section
 *    header table that does not lie inside the file (truncated);
 *  - no dynamic symbol table that defines the model ABI's entry points
 *    (spike_model_abi_version and spike_model_run: not a spike model).
 *
 * It returns 0 for a file that passes, else -1 with a message (starting
 * with the path) in `error`. Passing does not make a file trustworthy: a
 * model is native code, and dlopen runs it (docs/robustness.md).
 * Header-only C (static inline functions), for spike-run and for any program that
 * dlopens models; spike.load does the same checks in Python
 * (python/spike/model_file.py).
 *===----------------------------------------------------------------------===*/

#ifndef SPIKE_C_MODELFILE_H
#define SPIKE_C_MODELFILE_H

#include "spike-c/ModelABI.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__)
#define SPIKE_MODEL_FILE_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define SPIKE_MODEL_FILE_MACHINE EM_AARCH64
#else
#error "spike-c/ModelFile.h: unknown machine"
#endif

/* Program and section headers a model may have at most (compiled models
 * have about 10 and 30). */
#define SPIKE_MODEL_FILE_MAX_HEADERS 4096

static inline int spike_model_file_fail(char *error, size_t size, const char *path,
                                 const char *format, ...) {
  if (error && size) {
    int n = snprintf(error, size, "%s: ", path);
    if (n >= 0 && (size_t)n < size) {
      va_list args;
      va_start(args, format);
      vsnprintf(error + n, size - (size_t)n, format, args);
      va_end(args);
    }
  }
  return -1;
}

/* Whether [offset, offset + length) lies inside a file of `size` bytes. */
static inline int spike_model_file_inside(uint64_t offset, uint64_t length,
                                   uint64_t size) {
  return offset <= size && length <= size - offset;
}

/* `length` bytes at `offset`: 0, or -1 when the file is shorter. */
static inline int spike_model_file_read(int fd, void *buffer, size_t length,
                                 uint64_t offset) {
  size_t done = 0;
  while (done < length) {
    ssize_t n = pread(fd, (char *)buffer + done, length - done,
                      (off_t)(offset + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    done += (size_t)n;
  }
  return 0;
}

/* Whether the dynamic symbol table (section `symbols`, names in section
 * `names`) defines every name of `wanted`. */
static inline int spike_model_file_defines(int fd, const Elf64_Shdr *symbols,
                                    const Elf64_Shdr *names,
                                    const char *const *wanted, int count,
                                    const char **missing) {
  int found[8] = {0};
  int result = -1;
  char *strings = (char *)malloc(names->sh_size + 1);
  if (!strings || spike_model_file_read(fd, strings, names->sh_size,
                                        names->sh_offset) != 0) {
    free(strings);
    *missing = wanted[0];
    return -1;
  }
  strings[names->sh_size] = '\0';
  uint64_t entries = symbols->sh_size / sizeof(Elf64_Sym);
  for (uint64_t i = 0; i < entries; ++i) {
    Elf64_Sym symbol;
    if (spike_model_file_read(fd, &symbol, sizeof symbol,
                              symbols->sh_offset + i * sizeof symbol) != 0)
      break;
    if (symbol.st_shndx == SHN_UNDEF || symbol.st_name >= names->sh_size)
      continue;
    for (int w = 0; w < count; ++w)
      if (strcmp(strings + symbol.st_name, wanted[w]) == 0)
        found[w] = 1;
  }
  result = 0;
  for (int w = 0; w < count; ++w)
    if (!found[w]) {
      *missing = wanted[w];
      result = -1;
      break;
    }
  free(strings);
  return result;
}

/* spike_model_file_check on the open file `fd`; `*sections` is for the
 * caller to free. */
static inline int spike_model_file_check_open(int fd, const char *path, char *error,
                                       size_t size, Elf64_Shdr **sections_out) {
  struct stat status;
  Elf64_Ehdr header;
  if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode))
    return spike_model_file_fail(error, size, path, "not a regular file");
  uint64_t length = (uint64_t)status.st_size;
  unsigned char magic[SELFMAG];
  if (length < SELFMAG || spike_model_file_read(fd, magic, SELFMAG, 0) != 0 ||
      memcmp(magic, ELFMAG, SELFMAG) != 0)
    return spike_model_file_fail(error, size, path,
                                 "not a shared library (no ELF header)");
  if (length < sizeof header ||
      spike_model_file_read(fd, &header, sizeof header, 0) != 0)
    return spike_model_file_fail(
        error, size, path, "truncated (%llu bytes: shorter than an ELF header)",
        (unsigned long long)length);
  if (header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_ident[EI_DATA] != ELFDATA2LSB ||
      header.e_ident[EI_VERSION] != EV_CURRENT ||
      header.e_machine != SPIKE_MODEL_FILE_MACHINE)
    return spike_model_file_fail(
        error, size, path,
        "an ELF file for another machine (class %d, byte order %d, machine "
        "%d; this one: class %d, byte order %d, machine %d)",
        header.e_ident[EI_CLASS], header.e_ident[EI_DATA], header.e_machine,
        ELFCLASS64, ELFDATA2LSB, SPIKE_MODEL_FILE_MACHINE);
  if (header.e_type != ET_DYN)
    return spike_model_file_fail(error, size, path,
                                   "not a shared library (ELF type %d)",
                                   header.e_type);
  if (header.e_phentsize != sizeof(Elf64_Phdr) || header.e_phnum == 0 ||
      header.e_phnum > SPIKE_MODEL_FILE_MAX_HEADERS)
    return spike_model_file_fail(
        error, size, path, "corrupt ELF header (%d program headers of %d bytes)",
        header.e_phnum, header.e_phentsize);
  if (!spike_model_file_inside(header.e_phoff,
                               (uint64_t)header.e_phnum * sizeof(Elf64_Phdr),
                               length))
    return spike_model_file_fail(
        error, size, path,
        "truncated or corrupt: the program headers end past the file's %llu "
        "bytes",
        (unsigned long long)length);
  int loads = 0, dynamic = 0;
  for (int i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment;
    if (spike_model_file_read(fd, &segment, sizeof segment,
                              header.e_phoff + (uint64_t)i * sizeof segment) !=
        0)
      return spike_model_file_fail(error, size, path, "cannot read");
    if (segment.p_type != PT_LOAD && segment.p_type != PT_DYNAMIC)
      continue;
    if (!spike_model_file_inside(segment.p_offset, segment.p_filesz, length) ||
        (segment.p_type == PT_LOAD && segment.p_filesz > segment.p_memsz))
      return spike_model_file_fail(
          error, size, path,
          "truncated or corrupt: a %s segment of %llu bytes at offset %llu "
          "does not fit in the file's %llu bytes",
          segment.p_type == PT_LOAD ? "loadable" : "dynamic",
          (unsigned long long)segment.p_filesz,
          (unsigned long long)segment.p_offset, (unsigned long long)length);
    loads += segment.p_type == PT_LOAD;
    dynamic += segment.p_type == PT_DYNAMIC;
  }
  if (loads == 0 || dynamic != 1)
    return spike_model_file_fail(
        error, size, path,
        "not a loadable shared library (%d loadable, %d dynamic segments)",
        loads, dynamic);
  /* The section headers sit at the end of the file: a cut anywhere shows
   * here. They also lead to the dynamic symbols. */
  if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0 ||
      header.e_shnum > SPIKE_MODEL_FILE_MAX_HEADERS ||
      !spike_model_file_inside(header.e_shoff,
                               (uint64_t)header.e_shnum * sizeof(Elf64_Shdr),
                               length))
    return spike_model_file_fail(
        error, size, path,
        "truncated or corrupt: no complete section header table in the "
        "file's %llu bytes",
        (unsigned long long)length);
  Elf64_Shdr *sections =
      (Elf64_Shdr *)malloc((size_t)header.e_shnum * sizeof *sections);
  *sections_out = sections;
  if (!sections ||
      spike_model_file_read(fd, sections,
                            (size_t)header.e_shnum * sizeof *sections,
                            header.e_shoff) != 0)
    return spike_model_file_fail(error, size, path, "cannot read");
  for (int i = 0; i < header.e_shnum; ++i) {
    const Elf64_Shdr *symbols = &sections[i];
    if (symbols->sh_type != SHT_DYNSYM)
      continue;
    if (symbols->sh_link >= header.e_shnum ||
        !spike_model_file_inside(symbols->sh_offset, symbols->sh_size,
                                 length) ||
        !spike_model_file_inside(sections[symbols->sh_link].sh_offset,
                                 sections[symbols->sh_link].sh_size, length))
      return spike_model_file_fail(
          error, size, path,
          "truncated or corrupt: the dynamic symbol table is not in the file");
    const char *const wanted[] = {
        SPIKE_MODEL_ABI_SYMBOL(spike_model_abi_version),
        SPIKE_MODEL_ABI_SYMBOL(spike_model_run)};
    const char *missing = NULL;
    if (spike_model_file_defines(fd, symbols, &sections[symbols->sh_link],
                                 wanted, 2, &missing) != 0)
      return spike_model_file_fail(error, size, path,
                                     "not a spike model (no %s)", missing);
    return 0;
  }
  return spike_model_file_fail(error, size, path,
                               "not a spike model (no dynamic symbols)");
}

static inline int spike_model_file_check(const char *path, char *error,
                                  size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return spike_model_file_fail(error, size, path, "cannot open: %s",
                                 strerror(errno));
  Elf64_Shdr *sections = NULL;
  int result = spike_model_file_check_open(fd, path, error, size, &sections);
  free(sections);
  close(fd);
  return result;
}

#endif /* SPIKE_C_MODELFILE_H */
