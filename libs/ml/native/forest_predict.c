/*
 * A forest's votes, compiled: ForestModel#votes in libs/ml/src/ensemble/forest-model.ts is the
 * reference (and the fallback where this addon is not built). Rows are walked down each tree in
 * blocks, four at a time, and every vote is added in the same order as there, so the sums are
 * bit-identical. ForestModel checks its arrays when it loads them; the walks here check every step
 * again (the node and its feature in range, the leaf and its class in range, no walk longer than
 * the splits, so a cycle ends too), since a walk through a changed array could read anywhere. The
 * checks cost a compare or two per step, where checking the whole forest first would cost more
 * than predicting one row.
 */
#include "addon.h"

/* Leaf fractions are stored times this (PROBA_SCALE in forest-tree.ts). */
#define PROBA_SCALE 65535.0

typedef struct {
  const int32_t *roots;
  const uint16_t *feature;
  const float *threshold;
  const int32_t *left;
  const int32_t *right;
  const uint16_t *leaf_proba;
  const int32_t *leaf_class;
  size_t n_trees;
  int32_t n_classes;
  int64_t n_features;
  uint32_t n_splits;
  int64_t n_leaves;
} Forest;

/* Where a walk ends that met a reference or feature out of range: ~INVALID_REF is beyond every leaf. */
#define INVALID_REF INT32_MIN

/* Feature value k of the input: bytes or float32, compared with float32 thresholds exactly. */
static inline float value_at(const void *data, bool bytes, int64_t k) {
  return bytes ? (float)((const uint8_t *)data)[k] : ((const float *)data)[k];
}

static inline int32_t step(const Forest *forest, const void *data, bool bytes, int64_t offset, int32_t ref) {
  if ((uint32_t)ref >= forest->n_splits || forest->feature[ref] >= forest->n_features) return INVALID_REF;
  return value_at(data, bytes, offset + forest->feature[ref]) <= forest->threshold[ref] ? forest->left[ref] : forest->right[ref];
}

/* Adds a leaf's votes; false, adding none, if the leaf or its class is out of range. */
static inline bool add_leaf_votes(const Forest *forest, double *votes, int64_t row, int32_t leaf) {
  if (leaf >= forest->n_leaves) return false;
  const int32_t C = forest->n_classes;
  const int32_t pure = forest->leaf_class[leaf];
  if (pure >= C || pure < -1) return false;
  if (pure >= 0) {
    votes[row * C + pure] += PROBA_SCALE;
    return true;
  }
  for (int32_t c = 0; c < C; c++) votes[row * C + c] += forest->leaf_proba[(int64_t)leaf * C + c];
  return true;
}

/* Every row's votes; false if a walk left the forest's arrays (the votes are then incomplete). */
static bool add_votes(const Forest *forest, const void *data, bool bytes, int64_t rows, int64_t block_rows, double *votes) {
  const int64_t F = forest->n_features;
  bool valid = true;
  for (int64_t i0 = 0; i0 < rows; i0 += block_rows) {
    const int64_t i1 = i0 + block_rows < rows ? i0 + block_rows : rows;
    for (size_t t = 0; t < forest->n_trees; t++) {
      const int32_t root = forest->roots[t];
      int64_t i = i0;
      for (; i + 4 <= i1; i += 4) {
        int32_t r0 = root, r1 = root, r2 = root, r3 = root;
        /* A walk visits each split at most once unless the references make a cycle. */
        for (uint32_t steps = 0; (r0 & r1 & r2 & r3) >= 0; steps++) {
          if (steps == forest->n_splits) r0 = r1 = r2 = r3 = INVALID_REF;
          if (r0 >= 0) r0 = step(forest, data, bytes, i * F, r0);
          if (r1 >= 0) r1 = step(forest, data, bytes, (i + 1) * F, r1);
          if (r2 >= 0) r2 = step(forest, data, bytes, (i + 2) * F, r2);
          if (r3 >= 0) r3 = step(forest, data, bytes, (i + 3) * F, r3);
        }
        valid &= add_leaf_votes(forest, votes, i, ~r0);
        valid &= add_leaf_votes(forest, votes, i + 1, ~r1);
        valid &= add_leaf_votes(forest, votes, i + 2, ~r2);
        valid &= add_leaf_votes(forest, votes, i + 3, ~r3);
      }
      for (; i < i1; i++) {
        int32_t ref = root;
        for (uint32_t steps = 0; ref >= 0; steps++) ref = steps == forest->n_splits ? INVALID_REF : step(forest, data, bytes, i * F, ref);
        valid &= add_leaf_votes(forest, votes, i, ~ref);
      }
    }
  }
  return valid;
}

/*
 * forestVotes(X: Uint8Array | Float32Array, rows, blockRows, forest: ForestArrays,
 *             thresholds: Float32Array, votes: Float64Array): adds every tree's leaf of every row.
 */
napi_value forest_votes(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value args[6];
  CHECK(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  if (argc < 6) {
    napi_throw_type_error(env, NULL, "forestVotes: expected 6 arguments");
    return NULL;
  }
  napi_typedarray_type type;
  size_t data_length, n_splits, n_left, n_right, n_leaf_values, n_leaves, n_thresholds, n_votes;
  void *data;
  bool is_typed = false;
  CHECK(napi_is_typedarray(env, args[0], &is_typed));
  if (!is_typed) {
    napi_throw_type_error(env, NULL, "forestVotes: X must be a Uint8Array or a Float32Array");
    return NULL;
  }
  CHECK(napi_get_typedarray_info(env, args[0], &type, &data_length, &data, NULL, NULL));
  int64_t rows, block_rows;
  CHECK(napi_get_value_int64(env, args[1], &rows));
  CHECK(napi_get_value_int64(env, args[2], &block_rows));
  Forest forest;
  int32_t n_features = 0;
  forest.roots = typed_data(env, args[3], "roots", -1, napi_int32_array, &forest.n_trees);
  forest.feature = typed_data(env, args[3], "feature", -1, napi_uint16_array, &n_splits);
  forest.left = typed_data(env, args[3], "left", -1, napi_int32_array, &n_left);
  forest.right = typed_data(env, args[3], "right", -1, napi_int32_array, &n_right);
  forest.leaf_proba = typed_data(env, args[3], "leafProba", -1, napi_uint16_array, &n_leaf_values);
  forest.leaf_class = typed_data(env, args[3], "leafClass", -1, napi_int32_array, &n_leaves);
  forest.threshold = typed_array_data(env, args[4], napi_float32_array, &n_thresholds);
  double *votes = typed_array_data(env, args[5], napi_float64_array, &n_votes);
  const bool typed = (type == napi_uint8_array || type == napi_float32_array) && forest.roots && forest.feature && forest.left && forest.right &&
                     forest.leaf_proba && forest.leaf_class && forest.threshold && votes && int_property(env, args[3], "nClasses", &forest.n_classes) &&
                     int_property(env, args[3], "nFeatures", &n_features);
  if (!typed) {
    napi_throw_type_error(env, NULL, "forestVotes: arrays of inconsistent types");
    return NULL;
  }
  forest.n_features = n_features;
  const bool consistent = block_rows > 0 && forest.n_classes > 0 && n_features > 0 && product_fits((int64_t)n_leaves, forest.n_classes, n_leaf_values) &&
                          n_leaf_values == n_leaves * (size_t)forest.n_classes && n_thresholds == n_splits && n_left == n_splits && n_right == n_splits &&
                          product_fits(rows, n_features, data_length) && product_fits(rows, forest.n_classes, n_votes);
  if (!consistent) {
    napi_throw_range_error(env, NULL, "forestVotes: arrays of inconsistent lengths");
    return NULL;
  }
  if (n_splits >= INT32_MAX || n_leaves >= INT32_MAX) {
    napi_throw_range_error(env, NULL, "forestVotes: too many nodes for int32 references");
    return NULL;
  }
  forest.n_splits = (uint32_t)n_splits;
  forest.n_leaves = (int64_t)n_leaves;
  if (!add_votes(&forest, data, type == napi_uint8_array, rows, block_rows, votes)) {
    napi_throw_range_error(env, NULL, "forestVotes: a walk met a node, feature, leaf or leaf class out of range, or went round a cycle");
  }
  return NULL;
}
