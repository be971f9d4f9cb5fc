// Implementation of diffink_torch.h over libtorch's TorchScript runtime.
// Every entry point catches everything: a C++ exception must never unwind into the JVM.

#include "diffink_torch.h"

#include <torch/script.h>
#include <ATen/Parallel.h>
#include <torch/csrc/api/include/torch/version.h>
#include <torch/csrc/autograd/autograd.h>

#include <dlfcn.h>
#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#ifndef DT_TORCH_BUILD_DIR
#define DT_TORCH_BUILD_DIR ""
#endif

struct dt_module {
    torch::jit::Module module;
    std::unordered_map<std::string, std::string> extra;
};

struct dt_result {
    int32_t outputs = 0;
    int32_t gradients = 0;
    // dt_run_recorded only: the outputs still attached to their graph, and the leaves to differentiate.
    std::vector<at::Tensor> recorded_outputs;
    std::vector<at::Tensor> recorded_leaves;
    std::vector<at::Tensor> tensors;          // contiguous float32, CPU
    std::vector<std::vector<int64_t>> shapes;  // kept so dt_result_shape can hand out a pointer
};

namespace {

char *copy_string(const std::string &s) {
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (out != nullptr) {
        std::memcpy(out, s.c_str(), s.size() + 1);
    }
    return out;
}

void fail(char **err, const std::string &message) {
    if (err != nullptr) {
        *err = copy_string(message);
    }
}

// The message of whatever was thrown, without libtorch's C++ backtrace.
std::string describe(const std::exception_ptr &thrown) {
    try {
        std::rethrow_exception(thrown);
    } catch (const c10::Error &e) {
        return e.what_without_backtrace();
    } catch (const std::bad_alloc &) {
        return "out of memory";
    } catch (const std::exception &e) {
        return e.what();
    } catch (...) {
        return "unknown C++ exception";
    }
}

void flatten(const c10::IValue &value, std::vector<at::Tensor> &out) {
    if (value.isTensor()) {
        out.push_back(value.toTensor());
    } else if (value.isTuple()) {
        for (const auto &element : value.toTupleRef().elements()) {
            flatten(element, out);
        }
    } else if (value.isTensorList()) {
        for (const at::Tensor &t : value.toTensorVector()) {
            out.push_back(t);
        }
    } else if (value.isList()) {
        for (const c10::IValue &element : value.toListRef()) {
            flatten(element, out);
        }
    } else {
        throw std::runtime_error("the method returned a " + value.tagKind() +
                                 "; only tensors and tuples or lists of tensors can be returned");
    }
}

at::Tensor as_output(const at::Tensor &t) {
    return t.detach().to(at::kCPU, at::kFloat).contiguous();
}

// Wraps a caller's tensor without copying; false if the description is malformed.
bool tensor_from(const dt_tensor &in, at::Tensor &out) {
    if (in.ndim < 0 || in.ndim > DT_MAX_DIMS || (in.ndim > 0 && in.shape == nullptr) || in.data == nullptr) {
        return false;
    }
    std::vector<int64_t> shape(in.shape, in.shape + in.ndim);
    for (int64_t d : shape) {
        if (d < 0) {
            return false;
        }
    }
    // from_blob reads the caller's memory in place. Inputs that need a gradient are cloned by the
    // callers, so nothing the model does can write Java-owned memory through autograd.
    out = torch::from_blob(const_cast<float *>(in.data), shape, at::TensorOptions().dtype(at::kFloat));
    return true;
}

// Gradient of sum(outputs[k] * weight) (or of the scalar outputs[k]) with respect to the leaves.
c10::optional<std::vector<at::Tensor>> gradients_of(const std::vector<at::Tensor> &outputs, int32_t k,
                                                    const dt_tensor *weight_in, const std::vector<at::Tensor> &leaves,
                                                    char **err) {
    if (k < 0 || k >= static_cast<int32_t>(outputs.size())) {
        fail(err, "gradient asked of output " + std::to_string(k) + " but the method returned " +
                      std::to_string(outputs.size()));
        return c10::nullopt;
    }
    const at::Tensor &selected = outputs[k];
    at::Tensor weight;
    if (weight_in != nullptr) {
        if (!tensor_from(*weight_in, weight)) {
            fail(err, "the gradient weight tensor is malformed");
            return c10::nullopt;
        }
        if (weight.sizes() != selected.sizes()) {
            std::ostringstream message;
            message << "the gradient weight has shape " << weight.sizes() << " but output " << k << " has shape "
                    << selected.sizes();
            fail(err, message.str());
            return c10::nullopt;
        }
    } else if (selected.numel() != 1) {
        fail(err, "gradient asked of output " + std::to_string(k) + ", which holds " +
                      std::to_string(selected.numel()) + " values; it must hold exactly one");
        return c10::nullopt;
    }
    std::vector<at::Tensor> grads;
    if (leaves.empty()) {
        return grads;
    }
    if (!selected.requires_grad()) {
        for (auto &leaf : leaves) {
            grads.push_back(at::zeros_like(leaf));
        }
        return grads;
    }
    at::Tensor loss = weight.defined() ? (selected * weight.to(selected.dtype())).sum() : selected.sum();
    grads = torch::autograd::grad({loss}, leaves, {}, false, false, true);
    for (size_t g = 0; g < grads.size(); g++) {
        if (!grads[g].defined()) {
            grads[g] = at::zeros_like(leaves[g]);
        }
    }
    return grads;
}

// Set once when the library is loaded: one intra-op thread, and malloc settings for libtorch's
// allocation pattern. libtorch allocates and frees its activation buffers (megabytes each) on every
// call; glibc serves blocks that large with mmap/munmap, so every call page-faults them in again.
// Keeping them in the heap measured 35 -> 28 ms for a 224x224 scorer forward+backward on one
// thread (bench: ScorerBench). Threads that malloc from a secondary arena can still give the
// memory back, which is why the launcher also sets MALLOC_ARENA_MAX=1.
// DIFFINK_TORCH_SYSTEM_MALLOC=1 leaves glibc's defaults alone.
struct AtStart {
    AtStart() {
        try {
            at::set_num_threads(1);
        } catch (...) {
        }
        const char *keep = std::getenv("DIFFINK_TORCH_SYSTEM_MALLOC");
        if (keep == nullptr || std::strcmp(keep, "1") != 0) {
            mallopt(M_MMAP_THRESHOLD, 256 << 20);
            mallopt(M_TRIM_THRESHOLD, 512 << 20);
        }
    }
};
const AtStart at_start;

}  // namespace

extern "C" {

int32_t dt_abi_version(void) { return DT_ABI_VERSION; }

const char *dt_torch_version(void) { return TORCH_VERSION; }

const char *dt_torch_build_dir(void) { return DT_TORCH_BUILD_DIR; }

const char *dt_torch_loaded_library(void) {
    static std::string path = [] {
        Dl_info info{};
        // Any function defined in libtorch_cpu tells which copy the dynamic linker bound.
        void *symbol = reinterpret_cast<void *>(&at::get_num_threads);
        if (dladdr(symbol, &info) != 0 && info.dli_fname != nullptr) {
            char resolved[4096];
            if (realpath(info.dli_fname, resolved) != nullptr) {
                return std::string(resolved);
            }
            return std::string(info.dli_fname);
        }
        return std::string();
    }();
    return path.c_str();
}

int32_t dt_get_num_threads(void) {
    try {
        return static_cast<int32_t>(at::get_num_threads());
    } catch (...) {
        return -1;
    }
}

int32_t dt_set_num_threads(int32_t n, char **err) {
    if (n < 1) {
        fail(err, "thread count must be at least 1, got " + std::to_string(n));
        return -1;
    }
    try {
        at::set_num_threads(n);
        return 0;
    } catch (...) {
        fail(err, describe(std::current_exception()));
        return -1;
    }
}

dt_module *dt_load(const char *path, int32_t n_extra, const char *const *extra_names, char **err) {
    if (path == nullptr) {
        fail(err, "no model path given");
        return nullptr;
    }
    try {
        torch::jit::ExtraFilesMap extra;
        for (int32_t i = 0; i < n_extra; i++) {
            extra[extra_names[i]] = "";
        }
        auto handle = std::make_unique<dt_module>();
        handle->module = torch::jit::load(std::string(path), c10::Device(c10::kCPU), extra);
        handle->module.eval();
        for (auto &entry : extra) {
            if (!entry.second.empty()) {
                handle->extra.emplace(entry.first, std::move(entry.second));
            }
        }
        return handle.release();
    } catch (...) {
        fail(err, describe(std::current_exception()));
        return nullptr;
    }
}

void dt_module_free(dt_module *module) { delete module; }

int32_t dt_has_method(const dt_module *module, const char *method) {
    if (module == nullptr || method == nullptr) {
        return 0;
    }
    try {
        return module->module.find_method(method).has_value() ? 1 : 0;
    } catch (...) {
        return 0;
    }
}

char *dt_method_schema(const dt_module *module, const char *method, char **err) {
    if (module == nullptr || method == nullptr) {
        fail(err, "no module or method given");
        return nullptr;
    }
    try {
        auto found = module->module.find_method(method);
        if (!found.has_value()) {
            fail(err, std::string("the model has no method '") + method + "'");
            return nullptr;
        }
        std::ostringstream schema;
        schema << found->function().getSchema();
        return copy_string(schema.str());
    } catch (...) {
        fail(err, describe(std::current_exception()));
        return nullptr;
    }
}

const char *dt_module_extra(const dt_module *module, const char *name, int64_t *length) {
    if (module == nullptr || name == nullptr) {
        return nullptr;
    }
    auto found = module->extra.find(name);
    if (found == module->extra.end()) {
        return nullptr;
    }
    if (length != nullptr) {
        *length = static_cast<int64_t>(found->second.size());
    }
    return found->second.data();
}

dt_result *dt_run(dt_module *module, const char *method, int32_t n_in, const dt_tensor *inputs,
                  int32_t grad_output, const int32_t *grad_inputs, const dt_tensor *grad_weight, char **err) {
    if (module == nullptr || method == nullptr || n_in < 0 || (n_in > 0 && inputs == nullptr)) {
        fail(err, "dt_run: missing module, method or inputs");
        return nullptr;
    }
    try {
        auto found = module->module.find_method(method);
        if (!found.has_value()) {
            fail(err, std::string("the model has no method '") + method + "'");
            return nullptr;
        }
        const bool want_grad = grad_output >= 0;
        std::vector<c10::IValue> stack;
        std::vector<at::Tensor> grad_leaves;
        for (int32_t i = 0; i < n_in; i++) {
            at::Tensor t;
            if (!tensor_from(inputs[i], t)) {
                fail(err, "input " + std::to_string(i) + " is malformed");
                return nullptr;
            }
            if (want_grad && grad_inputs != nullptr && grad_inputs[i] != 0) {
                t = t.clone().set_requires_grad(true);
                grad_leaves.push_back(t);
            }
            stack.emplace_back(t);
        }

        auto result = std::make_unique<dt_result>();
        std::vector<at::Tensor> outputs;
        if (!want_grad) {
            c10::InferenceMode guard;
            flatten((*found)(stack), outputs);
            for (auto &o : outputs) {
                result->tensors.push_back(as_output(o));
            }
        } else {
            flatten((*found)(stack), outputs);
            auto grads = gradients_of(outputs, grad_output, grad_weight, grad_leaves, err);
            if (!grads.has_value()) {
                return nullptr;
            }
            for (auto &o : outputs) {
                result->tensors.push_back(as_output(o));
            }
            for (auto &g : *grads) {
                result->tensors.push_back(as_output(g));
            }
            result->gradients = static_cast<int32_t>(grads->size());
        }
        result->outputs = static_cast<int32_t>(outputs.size());
        for (auto &t : result->tensors) {
            result->shapes.emplace_back(t.sizes().vec());
        }
        return result.release();
    } catch (...) {
        fail(err, describe(std::current_exception()));
        return nullptr;
    }
}

dt_result *dt_run_recorded(dt_module *module, const char *method, int32_t n_in, const dt_tensor *inputs,
                           const int32_t *grad_inputs, char **err) {
    if (module == nullptr || method == nullptr || n_in < 0 || (n_in > 0 && inputs == nullptr) ||
        grad_inputs == nullptr) {
        fail(err, "dt_run_recorded: missing module, method, inputs or grad_inputs");
        return nullptr;
    }
    try {
        auto found = module->module.find_method(method);
        if (!found.has_value()) {
            fail(err, std::string("the model has no method '") + method + "'");
            return nullptr;
        }
        auto result = std::make_unique<dt_result>();
        std::vector<c10::IValue> stack;
        for (int32_t i = 0; i < n_in; i++) {
            at::Tensor t;
            if (!tensor_from(inputs[i], t)) {
                fail(err, "input " + std::to_string(i) + " is malformed");
                return nullptr;
            }
            if (grad_inputs[i] != 0) {
                t = t.clone().set_requires_grad(true);
                result->recorded_leaves.push_back(t);
            }
            stack.emplace_back(t);
        }
        flatten((*found)(stack), result->recorded_outputs);
        for (auto &o : result->recorded_outputs) {
            result->tensors.push_back(as_output(o));
            result->shapes.emplace_back(result->tensors.back().sizes().vec());
        }
        result->outputs = static_cast<int32_t>(result->recorded_outputs.size());
        return result.release();
    } catch (...) {
        fail(err, describe(std::current_exception()));
        return nullptr;
    }
}

dt_result *dt_result_backward(dt_result *recorded, int32_t output, const dt_tensor *weight, char **err) {
    if (recorded == nullptr) {
        fail(err, "dt_result_backward: no result given");
        return nullptr;
    }
    if (recorded->recorded_outputs.empty()) {
        fail(err, "backward asked of a result that holds no recorded graph (not from dt_run_recorded, or its "
                  "backward was already taken)");
        return nullptr;
    }
    try {
        auto grads = gradients_of(recorded->recorded_outputs, output, weight, recorded->recorded_leaves, err);
        if (!grads.has_value()) {
            return nullptr;
        }
        auto result = std::make_unique<dt_result>();
        for (auto &g : *grads) {
            result->tensors.push_back(as_output(g));
            result->shapes.emplace_back(result->tensors.back().sizes().vec());
        }
        result->gradients = static_cast<int32_t>(grads->size());
        recorded->recorded_outputs.clear();
        recorded->recorded_leaves.clear();
        return result.release();
    } catch (...) {
        fail(err, describe(std::current_exception()));
        return nullptr;
    }
}

int32_t dt_result_outputs(const dt_result *result) { return result == nullptr ? 0 : result->outputs; }

int32_t dt_result_gradients(const dt_result *result) { return result == nullptr ? 0 : result->gradients; }

static bool in_range(const dt_result *result, int32_t i) {
    return result != nullptr && i >= 0 && i < static_cast<int32_t>(result->tensors.size());
}

int32_t dt_result_ndim(const dt_result *result, int32_t i) {
    return in_range(result, i) ? static_cast<int32_t>(result->shapes[i].size()) : -1;
}

const int64_t *dt_result_shape(const dt_result *result, int32_t i) {
    return in_range(result, i) ? result->shapes[i].data() : nullptr;
}

int64_t dt_result_numel(const dt_result *result, int32_t i) {
    return in_range(result, i) ? result->tensors[i].numel() : -1;
}

const float *dt_result_data(const dt_result *result, int32_t i) {
    return in_range(result, i) ? result->tensors[i].data_ptr<float>() : nullptr;
}

void dt_result_free(dt_result *result) { delete result; }

void dt_free_string(char *s) { std::free(s); }

}  // extern "C"
