/*
 * A linear model's scores from bytes, compiled: `foldedScores` in
 * libs/ml/src/linear/folded-linear-model.ts is the reference it matches bit for bit (the same
 * products summed in the same order in doubles, unfused by -ffp-contract=off). LogisticRegression
 * after a StandardScaler predicts MNIST bytes with it, the scaler folded into the weights.
 */
#include <stdlib.h>

#include "addon.h"

/*
 * foldedScores(words: Int32Array, rows, wordsPerRow, weights: Float64Array, intercept: Float64Array, out: Float32Array):
 * each row is `wordsPerRow` words of four bytes (byte b of word q at bits 8 b: feature 4 q + b);
 * out[row * C + k] = intercept[k] + the sum, over the row's non-zero words in order, of
 * x0 * W[4 q][k] + x1 * W[4 q + 1][k] + x2 * W[4 q + 2][k] + x3 * W[4 q + 3][k], where
 * W[j][k] = weights[j * C + k] and C = intercept.length.
 */
napi_value folded_scores(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value args[6];
  CHECK(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  size_t n_words = 0, n_weights = 0, n_classes = 0, n_out = 0;
  int64_t rows = -1, words_per_row = -1;
  const int32_t *words = argc == 6 ? typed_array_data(env, args[0], napi_int32_array, &n_words) : NULL;
  const double *weights = argc == 6 ? typed_array_data(env, args[3], napi_float64_array, &n_weights) : NULL;
  const double *intercept = argc == 6 ? typed_array_data(env, args[4], napi_float64_array, &n_classes) : NULL;
  float *out = argc == 6 ? typed_array_data(env, args[5], napi_float32_array, &n_out) : NULL;
  if (!words || !weights || !intercept || !out || napi_get_value_int64(env, args[1], &rows) != napi_ok || napi_get_value_int64(env, args[2], &words_per_row) != napi_ok) {
    napi_throw_type_error(env, NULL, "foldedScores: expected Int32Array words, rows, wordsPerRow, Float64Array weights and intercept, and a Float32Array out");
    return NULL;
  }
  if (n_classes == 0 || !product_fits(rows, words_per_row, n_words) || !product_fits(words_per_row, 4 * (int64_t)n_classes, n_weights) ||
      !product_fits(rows, (int64_t)n_classes, n_out)) {
    napi_throw_range_error(env, NULL, "foldedScores: words, weights and out must hold rows * wordsPerRow, wordsPerRow * 4 * C and rows * C values (C = intercept.length > 0)");
    return NULL;
  }
  const size_t C = n_classes;
  double *sums = malloc(C * sizeof *sums);
  if (!sums) {
    napi_throw_error(env, NULL, "foldedScores: out of memory");
    return NULL;
  }
  for (int64_t i = 0; i < rows; i++) {
    for (size_t k = 0; k < C; k++) sums[k] = 0;
    const int32_t *row = words + i * words_per_row;
    for (int64_t q = 0; q < words_per_row; q++) {
      const uint32_t word = (uint32_t)row[q];
      if (word == 0) continue;
      const double x0 = word & 255, x1 = (word >> 8) & 255, x2 = (word >> 16) & 255, x3 = word >> 24;
      const double *w0 = weights + (size_t)q * 4 * C, *w1 = w0 + C, *w2 = w1 + C, *w3 = w2 + C;
      for (size_t k = 0; k < C; k++) sums[k] += x0 * w0[k] + x1 * w1[k] + x2 * w2[k] + x3 * w3[k];
    }
    for (size_t k = 0; k < C; k++) out[i * C + k] = (float)(intercept[k] + sums[k]);
  }
  free(sums);
  return NULL;
}
