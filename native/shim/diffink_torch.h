/*
 * diffink_torch.h -- the whole contract between DiffInk (Java, through the FFM API) and libtorch.
 *
 * A plain C interface over TorchScript: opaque handles, float tensors in and out, the gradient of
 * one scalar output with respect to chosen inputs, and every failure reported as a message string.
 * No C++ exception ever crosses this boundary.
 *
 * Conventions
 *  - Functions that can fail take `char **err` as their last argument. On failure they return NULL
 *    (or a negative number) and, when `err` is not NULL, store a message allocated with malloc that
 *    the caller releases with dt_free_string. On success `*err` is left untouched.
 *  - Tensors cross the boundary as dense, row-major (C-contiguous) float32 arrays with a shape.
 *    Inputs are read in place, never copied and never written. Outputs are owned by a dt_result
 *    and stay valid until dt_result_free.
 *  - A dt_module may be used by one thread at a time; different modules are independent.
 */
#ifndef DIFFINK_TORCH_H
#define DIFFINK_TORCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this interface. Bumped whenever a signature or a struct below changes. */
#define DT_ABI_VERSION 1
/* Most dimensions a tensor may have on either side of the boundary. */
#define DT_MAX_DIMS 8

/* Marks the exported functions; everything else in the library stays hidden. */
#if defined(__GNUC__)
#define DT_API __attribute__((visibility("default")))
#else
#define DT_API
#endif

typedef struct dt_module dt_module;
typedef struct dt_result dt_result;

/* One input tensor: `data` holds prod(shape) floats, row-major. Layout: 24 bytes on LP64. */
typedef struct dt_tensor {
    const float *data;
    int32_t ndim;
    const int64_t *shape;
} dt_tensor;

/* DT_ABI_VERSION of the compiled library. */
DT_API int32_t dt_abi_version(void);

/* Version of the libtorch headers the library was compiled against, e.g. "1.13.1". */
DT_API const char *dt_torch_version(void);

/* Folder of the libtorch the library was linked against at build time. */
DT_API const char *dt_torch_build_dir(void);

/* Path of the libtorch CPU library actually loaded into this process, or "" if unknown. */
DT_API const char *dt_torch_loaded_library(void);

/* Intra-op threads libtorch uses. The library starts with 1. */
DT_API int32_t dt_get_num_threads(void);
DT_API int32_t dt_set_num_threads(int32_t n, char **err);

/*
 * Loads a TorchScript archive (torch.jit.save) onto the CPU, in evaluation mode. The archive's
 * extra files named in `extra_names` (n_extra of them, may be 0) are read too: see dt_module_extra.
 */
DT_API dt_module *dt_load(const char *path, int32_t n_extra, const char *const *extra_names, char **err);
DT_API void dt_module_free(dt_module *module);

/* 1 if the module has a method with this name, else 0. */
DT_API int32_t dt_has_method(const dt_module *module, const char *method);

/*
 * The method's schema as TorchScript prints it, e.g. "forward(__torch__.Net self, Tensor x) -> Tensor",
 * malloc'd (free with dt_free_string); NULL and *err set if there is no such method.
 */
DT_API char *dt_method_schema(const dt_module *module, const char *method, char **err);

/*
 * Contents of an extra file read by dt_load, or NULL if the archive has none by that name.
 * The pointer stays valid until dt_module_free; *length receives its size in bytes.
 */
DT_API const char *dt_module_extra(const dt_module *module, const char *name, int64_t *length);

/*
 * Runs `method` with n_in float tensors. The method may return a tensor, or a tuple or list of
 * tensors (nested ones are flattened in order); each becomes one float32 output.
 *
 * Gradient: when grad_output >= 0, the result also holds the gradient of output number grad_output
 * with respect to every input i whose grad_inputs[i] is non-zero, in input order, after the
 * outputs. With grad_weight NULL that output must hold exactly one element (a scalar loss); with
 * grad_weight given (same shape as the output) the gradient is that of sum(output * grad_weight), a
 * vector-Jacobian product, which lets the caller chain its own derivative through the model.
 * An input that does not influence the output gets a gradient of zeros. With grad_output < 0 no
 * graph is recorded and grad_inputs and grad_weight are ignored.
 */
DT_API dt_result *dt_run(dt_module *module, const char *method, int32_t n_in, const dt_tensor *inputs,
                  int32_t grad_output, const int32_t *grad_inputs, const dt_tensor *grad_weight, char **err);

/*
 * Forward now, backward later: runs `method` like dt_run with no gradient, but records the graph
 * from every input i with grad_inputs[i] non-zero (grad_inputs may not be NULL) and keeps it in the
 * result, so that dt_result_backward can be called once the caller knows the output's cotangent.
 * One forward pass instead of two for a loss computed outside the model.
 */
DT_API dt_result *dt_run_recorded(dt_module *module, const char *method, int32_t n_in, const dt_tensor *inputs,
                  const int32_t *grad_inputs, char **err);

/*
 * For a result of dt_run_recorded: the gradient of sum(output[k] * weight) (weight NULL: output k
 * must hold one element) with respect to the recorded inputs, in input order, as a new result
 * holding only gradients. Allowed once per recorded result; the graph is released afterwards.
 */
DT_API dt_result *dt_result_backward(dt_result *recorded, int32_t output, const dt_tensor *weight, char **err);

/* Outputs of the method, then gradients. */
DT_API int32_t dt_result_outputs(const dt_result *result);
DT_API int32_t dt_result_gradients(const dt_result *result);
/* Tensor i of the result, 0 <= i < outputs + gradients. */
DT_API int32_t dt_result_ndim(const dt_result *result, int32_t i);
DT_API const int64_t *dt_result_shape(const dt_result *result, int32_t i);
DT_API int64_t dt_result_numel(const dt_result *result, int32_t i);
DT_API const float *dt_result_data(const dt_result *result, int32_t i);
DT_API void dt_result_free(dt_result *result);

DT_API void dt_free_string(char *s);

#ifdef __cplusplus
}
#endif

#endif /* DIFFINK_TORCH_H */
