/* The C API end to end: register the spike dialect through MLIR's C API,
 * parse spike IR, lower it with spikeRunCPUPipeline, and compile a model
 * file with spikeCompileModel (see capi.test). */

#include "spike-c/Spike.h"

#include "mlir-c/IR.h"

#include <stdio.h>
#include <string.h>

static void print(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: capi model.mlir out.so\n");
    return 2;
  }
  printf("version %s\n", spikeVersion());

  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  spikeRegisterDialects(registry);
  MlirContext context = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  MlirDialectHandle spike = mlirGetDialectHandle__spike__();
  MlirDialect dialect = mlirDialectHandleLoadDialect(spike, context);
  MlirStringRef name = mlirDialectGetNamespace(dialect);
  printf("dialect %.*s\n", (int)name.length, name.data);

  const char *source =
      "func.func @f(%x: tensor<2x3xf32>, %w: tensor<4x3xf32>) -> tensor<2x4xf32> {\n"
      "  %s = spike.lif %x : tensor<2x3xf32> -> tensor<2x3xi1>\n"
      "  %y = spike.linear %s, %w : (tensor<2x3xi1>, tensor<4x3xf32>) -> tensor<2x4xf32>\n"
      "  return %y : tensor<2x4xf32>\n"
      "}\n";
  MlirModule module = mlirModuleCreateParse(context, mlirStringRefCreateFromCString(source));
  if (mlirModuleIsNull(module)) {
    fprintf(stderr, "parse failed\n");
    return 1;
  }
  MlirLogicalResult lowered =
      spikeRunCPUPipeline(module, mlirStringRefCreateFromCString("vector-width=8"));
  printf("pipeline %s\n", mlirLogicalResultIsSuccess(lowered) ? "ok" : "failed");
  MlirOperation first = mlirBlockGetFirstOperation(mlirModuleGetBody(module));
  MlirStringRef opName = mlirIdentifierStr(mlirOperationGetName(first));
  printf("first op %.*s\n", (int)opName.length, opName.data);
  mlirModuleDestroy(module);

  /* A bad pipeline option is a failure, not a crash. */
  module = mlirModuleCreateParse(context, mlirStringRefCreateFromCString(source));
  lowered = spikeRunCPUPipeline(module, mlirStringRefCreateFromCString("no-such-option=1"));
  printf("bad option %s\n", mlirLogicalResultIsSuccess(lowered) ? "ok" : "failed");
  mlirModuleDestroy(module);
  mlirContextDestroy(context);

  SpikeCompileOptions options;
  spikeCompileOptionsInit(&options);
  char error[512];
  int status = spikeCompileModel(argv[1], argv[2], &options, error, sizeof error);
  printf("compile %d\n", status);
  status = spikeCompileModel("missing.nir", argv[2], &options, error, sizeof error);
  printf("compile missing %d: %s\n", status, error);
  /* The target is an option of the C API as of spike-compile. */
  options.target = "tpu";
  status = spikeCompileModel(argv[1], argv[2], &options, error, sizeof error);
  printf("compile tpu %d: %s\n", status, error);
  return 0;
}
