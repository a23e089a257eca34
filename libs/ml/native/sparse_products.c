/*
 * The products a linear solver needs from sparse rows of bytes, compiled: `DesignRows`'
 * `products` and `transposedProducts` in libs/ml/src/linear/design-rows.ts (the SparseRows
 * class) are the references they match bit for bit (the same products summed in the same order in
 * doubles, unfused by -ffp-contract=off). LogisticRegression's lbfgs evaluations on raw pixels
 * spend their time here.
 */
#include <string.h>

#include "addon.h"

typedef struct {
  const int32_t *start;
  const uint16_t *column;
  const uint8_t *value;
  const double *in;
  double *out;
  size_t rows, features, k;
} sparse_args;

/*
 * Reads (start: Int32Array, column: Uint16Array, value: Uint8Array, in: Float64Array, K, out:
 * Float64Array) and checks them: rows = start.length - 1, start ascending from 0 to at most
 * column.length = value.length; `rows_in` says whether `in` (else `out`) has rows * K values, the
 * other one holds the features * K values (features = its length / K). Column indices are checked
 * as they are read.
 */
static bool read_args(napi_env env, napi_callback_info info, const char *name, bool rows_in, sparse_args *a) {
  size_t argc = 6;
  napi_value args[6];
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) != napi_ok) return false;
  size_t n_start = 0, n_column = 0, n_value = 0, n_in = 0, n_out = 0;
  int64_t k = -1;
  a->start = argc == 6 ? typed_array_data(env, args[0], napi_int32_array, &n_start) : NULL;
  a->column = argc == 6 ? typed_array_data(env, args[1], napi_uint16_array, &n_column) : NULL;
  a->value = argc == 6 ? typed_array_data(env, args[2], napi_uint8_array, &n_value) : NULL;
  a->in = argc == 6 ? typed_array_data(env, args[3], napi_float64_array, &n_in) : NULL;
  a->out = argc == 6 ? typed_array_data(env, args[5], napi_float64_array, &n_out) : NULL;
  if (!a->start || !a->column || !a->value || !a->in || !a->out || napi_get_value_int64(env, args[4], &k) != napi_ok) {
    napi_throw_type_error(env, NULL, name);
    return false;
  }
  bool ok = k > 0 && n_start > 0 && n_column == n_value && a->start[0] == 0;
  a->rows = n_start - 1;
  a->k = ok ? (size_t)k : 1;
  for (size_t i = 0; ok && i < a->rows; i++) ok = a->start[i] <= a->start[i + 1];
  ok = ok && (size_t)a->start[a->rows] <= n_column;
  a->features = (rows_in ? n_out : n_in) / a->k;
  ok = ok && product_fits((int64_t)a->rows, k, rows_in ? n_in : n_out);
  if (!ok) {
    napi_throw_range_error(env, NULL, name);
    return false;
  }
  return true;
}

static napi_value column_out_of_range(napi_env env, const char *name) {
  napi_throw_range_error(env, NULL, name);
  return NULL;
}

/* sparseProducts(start, column, value, W, K, out): out[i K + k] = sum over row i's entries n of value[n] * W[column[n] K + k]. */
napi_value sparse_products(napi_env env, napi_callback_info info) {
  static const char *name = "sparseProducts: expected Int32Array start (ascending from 0), Uint16Array column and Uint8Array value of one length, Float64Array W, K > 0 and Float64Array out of rows * K values, columns below W.length / K";
  sparse_args a;
  if (!read_args(env, info, name, false, &a)) return NULL;
  const size_t K = a.k;
  memset(a.out, 0, a.rows * K * sizeof *a.out);
  for (size_t i = 0; i < a.rows; i++) {
    double *restrict o = a.out + i * K;
    // One column: the sum in a register (0 + the products in order, as out's zero plus them).
    double sum = 0;
    for (int32_t n = a.start[i]; n < a.start[i + 1]; n++) {
      const size_t c = a.column[n];
      if (c >= a.features) return column_out_of_range(env, name);
      const double x = a.value[n];
      const double *restrict w = a.in + c * K;
      if (K == 1) sum += x * w[0];
      else for (size_t k = 0; k < K; k++) o[k] += x * w[k];
    }
    if (K == 1) o[0] = sum;
  }
  return NULL;
}

/* sparseTransposedProducts(start, column, value, R, K, out): out[j K + k] = sum over rows i, in order, of value[n] * R[i K + k] for row i's entry n in column j. */
napi_value sparse_transposed_products(napi_env env, napi_callback_info info) {
  static const char *name = "sparseTransposedProducts: expected Int32Array start (ascending from 0), Uint16Array column and Uint8Array value of one length, Float64Array R of rows * K values, K > 0 and Float64Array out, columns below out.length / K";
  sparse_args a;
  if (!read_args(env, info, name, true, &a)) return NULL;
  const size_t K = a.k;
  memset(a.out, 0, a.features * K * sizeof *a.out);
  for (size_t i = 0; i < a.rows; i++) {
    const double *restrict r = a.in + i * K;
    for (int32_t n = a.start[i]; n < a.start[i + 1]; n++) {
      const size_t c = a.column[n];
      if (c >= a.features) return column_out_of_range(env, name);
      const double x = a.value[n];
      double *restrict g = a.out + c * K;
      if (K == 1) g[0] += x * r[0];
      else for (size_t k = 0; k < K; k++) g[k] += x * r[k];
    }
  }
  return NULL;
}
