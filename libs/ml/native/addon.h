/* Shared by the addon's kernels: argument checks and typed-array access through Node-API. */
#ifndef MNIST_LAB_ADDON_H
#define MNIST_LAB_ADDON_H

#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>

#define CHECK(call)                                                                            \
  do {                                                                                         \
    if ((call) != napi_ok) {                                                                   \
      napi_throw_error(env, NULL, "mnist-lab native: " #call " failed");                       \
      return NULL;                                                                             \
    }                                                                                          \
  } while (0)

/*
 * The data of typed array `name` of object `from` (element `index` of that property when
 * index >= 0), which must be of the given type; NULL otherwise (never for an empty array). With
 * `length`, its length.
 */
void *typed_data(napi_env env, napi_value from, const char *name, int index, napi_typedarray_type expected, size_t *length);
/* The data of typed array `value` if it has the given type, else NULL; with `length`, its length. */
void *typed_array_data(napi_env env, napi_value value, napi_typedarray_type expected, size_t *length);
bool int_property(napi_env env, napi_value from, const char *name, int32_t *out);
/* Whether a, b >= 0 and a * b <= length, without the product overflowing. */
bool product_fits(int64_t a, int64_t b, size_t length);

napi_value bind_split_search(napi_env env, napi_callback_info info);
napi_value count_bins(napi_env env, napi_callback_info info);
napi_value sweep_splits(napi_env env, napi_callback_info info);
napi_value scan_sorted_features(napi_env env, napi_callback_info info);
napi_value partition(napi_env env, napi_callback_info info);
napi_value copy_rows(napi_env env, napi_callback_info info);
napi_value forest_votes(napi_env env, napi_callback_info info);
napi_value transpose_bytes(napi_env env, napi_callback_info info);
napi_value folded_scores(napi_env env, napi_callback_info info);
napi_value sparse_products(napi_env env, napi_callback_info info);
napi_value sparse_transposed_products(napi_env env, napi_callback_info info);

#endif
