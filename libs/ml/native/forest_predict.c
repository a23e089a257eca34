/*
 * A forest's votes, compiled: ForestModel#votes in libs/ml/src/ensemble/forest-model.ts is the
 * reference (and the fallback where this addon is not built). Rows are walked down each tree in
 * blocks, four at a time, and every vote is added in the same order as there, so the sums are
 * bit-identical. ForestModel checks its arrays when it loads them; this file checks them again on
 * every call (references in range, children after their parent, so that every walk ends at a
 * leaf, and features within a row), since a walk through a changed array would read anywhere.
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
} Forest;

/* Feature value k of the input: bytes or float32, compared with float32 thresholds exactly. */
static inline float value_at(const void *data, bool bytes, int64_t k) {
  return bytes ? (float)((const uint8_t *)data)[k] : ((const float *)data)[k];
}

static inline int32_t step(const Forest *forest, const void *data, bool bytes, int64_t offset, int32_t ref) {
  return value_at(data, bytes, offset + forest->feature[ref]) <= forest->threshold[ref] ? forest->left[ref] : forest->right[ref];
}

static inline void add_leaf_votes(const Forest *forest, double *votes, int64_t row, int32_t leaf) {
  const int32_t C = forest->n_classes;
  const int32_t pure = forest->leaf_class[leaf];
  if (pure >= 0) {
    votes[row * C + pure] += PROBA_SCALE;
    return;
  }
  for (int32_t c = 0; c < C; c++) votes[row * C + c] += forest->leaf_proba[(int64_t)leaf * C + c];
}

static void add_votes(const Forest *forest, const void *data, bool bytes, int64_t rows, int64_t block_rows, double *votes) {
  const int64_t F = forest->n_features;
  for (int64_t i0 = 0; i0 < rows; i0 += block_rows) {
    const int64_t i1 = i0 + block_rows < rows ? i0 + block_rows : rows;
    for (size_t t = 0; t < forest->n_trees; t++) {
      const int32_t root = forest->roots[t];
      int64_t i = i0;
      for (; i + 4 <= i1; i += 4) {
        int32_t r0 = root, r1 = root, r2 = root, r3 = root;
        while ((r0 & r1 & r2 & r3) >= 0) {
          if (r0 >= 0) r0 = step(forest, data, bytes, i * F, r0);
          if (r1 >= 0) r1 = step(forest, data, bytes, (i + 1) * F, r1);
          if (r2 >= 0) r2 = step(forest, data, bytes, (i + 2) * F, r2);
          if (r3 >= 0) r3 = step(forest, data, bytes, (i + 3) * F, r3);
        }
        add_leaf_votes(forest, votes, i, ~r0);
        add_leaf_votes(forest, votes, i + 1, ~r1);
        add_leaf_votes(forest, votes, i + 2, ~r2);
        add_leaf_votes(forest, votes, i + 3, ~r3);
      }
      for (; i < i1; i++) {
        int32_t ref = root;
        while (ref >= 0) ref = step(forest, data, bytes, i * F, ref);
        add_leaf_votes(forest, votes, i, ~ref);
      }
    }
  }
}

/* Whether every walk stays in the forest's arrays and ends at a leaf; O(nodes), a small part of a walk per row. */
static bool forest_is_walkable(const Forest *forest, size_t n_splits, size_t n_leaves) {
  const int64_t splits = (int64_t)n_splits, leaves = (int64_t)n_leaves;
  bool valid = true;
  /* A child reference: a later split node, or ~leaf. */
  #define VALID_REF(ref, after) ((ref) >= 0 ? (ref) > (after) && (ref) < splits : ~(int64_t)(ref) < leaves)
  for (int64_t k = 0; k < splits; k++) valid &= forest->feature[k] < forest->n_features && VALID_REF(forest->left[k], k) && VALID_REF(forest->right[k], k);
  for (size_t t = 0; t < forest->n_trees; t++) valid &= VALID_REF(forest->roots[t], -1);
  #undef VALID_REF
  for (int64_t l = 0; l < leaves; l++) valid &= forest->leaf_class[l] >= -1 && forest->leaf_class[l] < forest->n_classes;
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
  bool ok = (type == napi_uint8_array || type == napi_float32_array) && rows >= 0 && block_rows > 0 && forest.roots && forest.feature &&
            forest.left && forest.right && forest.leaf_proba && forest.leaf_class && int_property(env, args[3], "nClasses", &forest.n_classes) &&
            int_property(env, args[3], "nFeatures", &n_features) && forest.n_classes > 0 && n_features > 0 &&
            n_leaf_values == n_leaves * (size_t)forest.n_classes;
  forest.threshold = typed_array_data(env, args[4], napi_float32_array, &n_thresholds);
  double *votes = typed_array_data(env, args[5], napi_float64_array, &n_votes);
  forest.n_features = n_features;
  ok = ok && forest.threshold && votes && n_thresholds == n_splits && n_left == n_splits && n_right == n_splits && data_length >= (size_t)rows * (size_t)n_features &&
       n_votes >= (size_t)rows * (size_t)forest.n_classes;
  if (!ok) {
    napi_throw_type_error(env, NULL, "forestVotes: arrays of inconsistent types or lengths");
    return NULL;
  }
  if (!forest_is_walkable(&forest, n_splits, n_leaves)) {
    napi_throw_range_error(env, NULL, "forestVotes: a node's feature, child or leaf class is out of range, or a child does not come after its parent");
    return NULL;
  }
  add_votes(&forest, data, type == napi_uint8_array, rows, block_rows, votes);
  return NULL;
}
