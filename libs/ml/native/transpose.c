/*
 * Byte matrix transpose, compiled: binning's `transpose` in libs/ml/src/tree/binning.ts is the
 * reference. Binning turns the training rows into the column-major copy that split search reads
 * (44 MB for MNIST) before any tree can start, on one thread.
 */
#include "addon.h"

/* Tiles of BLOCK x BLOCK bytes: a tile's source and target lines stay in the L1 cache. */
#define BLOCK 64

/* transposeBytes(source: Uint8Array, target: Uint8Array, nRows, nCols): target[c * nRows + r] = source[r * nCols + c]. */
napi_value transpose_bytes(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value args[4];
  CHECK(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  size_t source_length = 0, target_length = 0;
  int64_t n_rows = -1, n_cols = -1;
  const uint8_t *source = argc == 4 ? typed_array_data(env, args[0], napi_uint8_array, &source_length) : NULL;
  uint8_t *target = argc == 4 ? typed_array_data(env, args[1], napi_uint8_array, &target_length) : NULL;
  if (!source || !target || napi_get_value_int64(env, args[2], &n_rows) != napi_ok || napi_get_value_int64(env, args[3], &n_cols) != napi_ok) {
    napi_throw_type_error(env, NULL, "transposeBytes: expected two Uint8Arrays, nRows and nCols");
    return NULL;
  }
  if (!product_fits(n_rows, n_cols, source_length) || !product_fits(n_rows, n_cols, target_length)) {
    napi_throw_range_error(env, NULL, "transposeBytes: expected two Uint8Arrays of at least nRows * nCols bytes");
    return NULL;
  }
  for (int64_t r0 = 0; r0 < n_rows; r0 += BLOCK) {
    const int64_t r1 = r0 + BLOCK < n_rows ? r0 + BLOCK : n_rows;
    for (int64_t c0 = 0; c0 < n_cols; c0 += BLOCK) {
      const int64_t c1 = c0 + BLOCK < n_cols ? c0 + BLOCK : n_cols;
      for (int64_t c = c0; c < c1; c++) {
        for (int64_t r = r0; r < r1; r++) target[c * n_rows + r] = source[r * n_cols + c];
      }
    }
  }
  return NULL;
}
