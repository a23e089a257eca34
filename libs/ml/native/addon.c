/*
 * mnist-lab's compiled kernels (Node-API, built by node-gyp: `npm run build:native -w libs/ml`).
 * Each kernel has a TypeScript reference in libs/ml/src that it matches bit for bit, and that runs
 * where this addon is not built: split search (split_search.c, TreeBuilder), forest votes
 * (forest_predict.c, ForestModel), the transpose of binned bytes (transpose.c, binning) and
 * linear scores from bytes (linear_scores.c, foldedScores) and a linear solver's products with
 * sparse rows of bytes (sparse_products.c, DesignRows).
 */
#include "addon.h"

void *typed_data(napi_env env, napi_value from, const char *name, int index, napi_typedarray_type expected, size_t *length) {
  napi_value value;
  if (index >= 0) {
    napi_value list;
    if (napi_get_named_property(env, from, name, &list) != napi_ok || napi_get_element(env, list, (uint32_t)index, &value) != napi_ok) return NULL;
  } else if (napi_get_named_property(env, from, name, &value) != napi_ok) {
    return NULL;
  }
  return typed_array_data(env, value, expected, length);
}

void *typed_array_data(napi_env env, napi_value value, napi_typedarray_type expected, size_t *length) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return NULL;
  napi_typedarray_type type;
  size_t own_length;
  void *data;
  if (napi_get_typedarray_info(env, value, &type, &own_length, &data, NULL, NULL) != napi_ok || type != expected) return NULL;
  if (length) *length = own_length;
  // An empty array may have no data pointer; it is never read, and NULL must mean a wrong value.
  static const double nothing = 0;
  return own_length == 0 ? (void *)&nothing : data;
}

bool int_property(napi_env env, napi_value from, const char *name, int32_t *out) {
  napi_value value;
  return napi_get_named_property(env, from, name, &value) == napi_ok && napi_get_value_int32(env, value, out) == napi_ok;
}

bool product_fits(int64_t a, int64_t b, size_t length) {
  uint64_t product;
  return a >= 0 && b >= 0 && !__builtin_mul_overflow((uint64_t)a, (uint64_t)b, &product) && product <= length;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor methods[] = {
      {"bindSplitSearch", NULL, bind_split_search, NULL, NULL, NULL, napi_default, NULL},
      {"countBins", NULL, count_bins, NULL, NULL, NULL, napi_default, NULL},
      {"sweepSplits", NULL, sweep_splits, NULL, NULL, NULL, napi_default, NULL},
      {"scanSorted", NULL, scan_sorted_features, NULL, NULL, NULL, napi_default, NULL},
      {"partition", NULL, partition, NULL, NULL, NULL, napi_default, NULL},
      {"copyRows", NULL, copy_rows, NULL, NULL, NULL, napi_default, NULL},
      {"forestVotes", NULL, forest_votes, NULL, NULL, NULL, napi_default, NULL},
      {"transposeBytes", NULL, transpose_bytes, NULL, NULL, NULL, napi_default, NULL},
      {"foldedScores", NULL, folded_scores, NULL, NULL, NULL, napi_default, NULL},
      {"sparseProducts", NULL, sparse_products, NULL, NULL, NULL, napi_default, NULL},
      {"sparseTransposedProducts", NULL, sparse_transposed_products, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods) != napi_ok) return NULL;
  return exports;
}
