/*
 * The tree builder's split search, compiled: counting a node's samples into class histograms per
 * bin for up to four features (TreeBuilder#countBins in libs/ml/src/tree/tree-builder.ts), and
 * sweeping those bins for the best split (TreeBuilder#sweepBins, #moveLeft, #consider).
 * The TypeScript methods are the reference, and the fallback where this addon is not built: this
 * file does the same floating-point operations in the same order, so trees are bit-identical
 * either way. For that, entropy reads x log2(x) from a table that TypeScript filled with
 * Math.log2 (C's log2 may round differently), so it is swept here only without class weights,
 * when every x is an integer count.
 *
 * A search is bound once to a builder's arrays; each call then passes only numbers. The builder
 * keeps those arrays alive as long as the search, and never detaches them.
 */
#include <math.h>
#include <stdlib.h>

#include "addon.h"

#define PER_PASS 4
#define BIN_WORDS 8
/* A histogram entry is `count + ROW * rows` (see ROW in tree-builder.ts). */
#define ROW 134217728.0

typedef struct {
  const int32_t *ids;
  const int32_t *tags;
  const uint8_t *local;
  const uint8_t *columns;
  double *hist[PER_PASS];
  int32_t *bins[PER_PASS];
  int32_t *classes[PER_PASS];
  uint32_t class_bits;
  uint32_t n_classes;
  /* The node's class counts, the sweep's left side, and the best split's left side. */
  const int32_t *node_counts;
  int32_t *left_counts;
  int32_t *best_left_counts;
  const double *class_weight;
  const double *squared_class_weight;
  /* [proxy, feature, low bin, high bin] of the best split so far: read and updated by a sweep. */
  double *best;
  int32_t min_samples_leaf;
  bool check_leaf_size;
  bool gini;
  /* xlog2x[x] = x * Math.log2(x) for the integer weights of an entropy sweep. */
  const double *xlog2x;
  /* Scratch of one bin's nonzero entries. */
  int32_t *bin_classes;
  double *bin_entries;
} SplitSearch;

static void finalize_split_search(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  free(data);
}

/* bindSplitSearch(arrays: SplitSearchArrays, see libs/ml/src/native/addon.ts) -> search */
napi_value bind_split_search(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arrays;
  CHECK(napi_get_cb_info(env, info, &argc, &arrays, NULL, NULL));
  SplitSearch *search = calloc(1, sizeof(SplitSearch));
  if (!search) {
    napi_throw_error(env, NULL, "bindSplitSearch: out of memory");
    return NULL;
  }
  search->ids = typed_data(env, arrays, "ids", -1, napi_int32_array, NULL);
  search->tags = typed_data(env, arrays, "tags", -1, napi_int32_array, NULL);
  search->local = typed_data(env, arrays, "local", -1, napi_uint8_array, NULL);
  search->columns = typed_data(env, arrays, "columns", -1, napi_uint8_array, NULL);
  bool complete = search->ids && search->tags && search->local && search->columns;
  for (int k = 0; k < PER_PASS; k++) {
    search->hist[k] = typed_data(env, arrays, "hists", k, napi_float64_array, NULL);
    search->bins[k] = typed_data(env, arrays, "binMasks", k, napi_int32_array, NULL);
    search->classes[k] = typed_data(env, arrays, "classMasks", k, napi_int32_array, NULL);
    complete = complete && search->hist[k] && search->bins[k] && search->classes[k];
  }
  search->node_counts = typed_data(env, arrays, "nodeCounts", -1, napi_int32_array, NULL);
  search->left_counts = typed_data(env, arrays, "leftCounts", -1, napi_int32_array, NULL);
  search->best_left_counts = typed_data(env, arrays, "bestLeftCounts", -1, napi_int32_array, NULL);
  search->class_weight = typed_data(env, arrays, "classWeight", -1, napi_float64_array, NULL);
  search->squared_class_weight = typed_data(env, arrays, "squaredClassWeight", -1, napi_float64_array, NULL);
  search->best = typed_data(env, arrays, "best", -1, napi_float64_array, NULL);
  search->bin_classes = typed_data(env, arrays, "binClasses", -1, napi_int32_array, NULL);
  search->bin_entries = typed_data(env, arrays, "binEntries", -1, napi_float64_array, NULL);
  search->xlog2x = typed_data(env, arrays, "xLog2x", -1, napi_float64_array, NULL);
  complete = complete && search->node_counts && search->left_counts && search->best_left_counts && search->class_weight &&
             search->squared_class_weight && search->best && search->bin_classes && search->bin_entries && search->xlog2x;
  int32_t bits = 0, n_classes = 0, min_leaf = 0, gini = 0;
  complete = complete && int_property(env, arrays, "classBits", &bits) && bits > 0 && bits < 32 &&
             int_property(env, arrays, "nClasses", &n_classes) && n_classes > 0 && n_classes <= (1 << bits) &&
             int_property(env, arrays, "minSamplesLeaf", &min_leaf) && min_leaf >= 1 && int_property(env, arrays, "gini", &gini);
  if (!complete) {
    free(search);
    napi_throw_type_error(env, NULL, "bindSplitSearch: expected the tree builder's typed arrays, classBits, nClasses, minSamplesLeaf and gini");
    return NULL;
  }
  search->class_bits = (uint32_t)bits;
  search->n_classes = (uint32_t)n_classes;
  search->min_samples_leaf = min_leaf;
  search->check_leaf_size = min_leaf > 1;
  search->gini = gini != 0;
  napi_value external;
  CHECK(napi_create_external(env, search, finalize_split_search, NULL, &external));
  return external;
}

static inline void add_sample(const SplitSearch *search, int k, uint32_t bin, uint32_t cls, double entry) {
  search->hist[k][(bin << search->class_bits) | cls] += entry;
  search->bins[k][bin >> 5] |= (int32_t)(1u << (bin & 31));
  search->classes[k][bin] |= (int32_t)(1u << (cls & 31));
}

/* Arguments of both calls: (search, start, end, useLocal, count, base0, base1, base2, base3, ...). */
typedef struct {
  SplitSearch *search;
  int32_t start, end, count;
  bool use_local;
  int64_t base[PER_PASS];
} Pass;

static bool read_pass(napi_env env, napi_value *args, Pass *pass) {
  if (napi_get_value_external(env, args[0], (void **)&pass->search) != napi_ok || napi_get_value_int32(env, args[1], &pass->start) != napi_ok ||
      napi_get_value_int32(env, args[2], &pass->end) != napi_ok || napi_get_value_bool(env, args[3], &pass->use_local) != napi_ok ||
      napi_get_value_int32(env, args[4], &pass->count) != napi_ok || pass->count < 1 || pass->count > PER_PASS) {
    return false;
  }
  for (int k = 0; k < pass->count; k++) {
    if (napi_get_value_int64(env, args[5 + k], &pass->base[k]) != napi_ok) return false;
  }
  return true;
}

/* Adds the samples at positions [start, end) to scratch k, for feature k < count. */
static void count_pass(const Pass *pass) {
  const SplitSearch *search = pass->search;
  const uint8_t *codes = pass->use_local ? search->local : search->columns;
  const int32_t *ids = search->ids;
  const int32_t *tags = search->tags;
  const uint32_t class_bits = search->class_bits;
  const uint32_t class_mask = (1u << class_bits) - 1;
  if (pass->count == PER_PASS) {
    const uint8_t *codes0 = codes + pass->base[0], *codes1 = codes + pass->base[1];
    const uint8_t *codes2 = codes + pass->base[2], *codes3 = codes + pass->base[3];
    for (int32_t i = pass->start; i < pass->end; i++) {
      const int32_t id = ids[i];
      const uint32_t tag = (uint32_t)tags[i];
      const uint32_t cls = tag & class_mask;
      const double entry = (double)(tag >> class_bits) + ROW;
      add_sample(search, 0, codes0[id], cls, entry);
      add_sample(search, 1, codes1[id], cls, entry);
      add_sample(search, 2, codes2[id], cls, entry);
      add_sample(search, 3, codes3[id], cls, entry);
    }
    return;
  }
  for (int k = 0; k < pass->count; k++) {
    const uint8_t *feature_codes = codes + pass->base[k];
    for (int32_t i = pass->start; i < pass->end; i++) {
      const uint32_t tag = (uint32_t)tags[i];
      add_sample(search, k, feature_codes[ids[i]], tag & class_mask, (double)(tag >> class_bits) + ROW);
    }
  }
}

/* countBins(search, start, end, useLocal, count, base0, base1, base2, base3) */
napi_value count_bins(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value args[9];
  Pass pass;
  CHECK(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  if (argc < 9 || !read_pass(env, args, &pass)) {
    napi_throw_type_error(env, NULL, "countBins: bad arguments");
    return NULL;
  }
  count_pass(&pass);
  return NULL;
}

/*
 * One feature's sweep through a node: the left side so far (TreeBuilder#moveLeft's sums; squares
 * and cross for Gini only) and what every split is compared with.
 */
typedef struct {
  const SplitSearch *search;
  double feature;
  int32_t n;
  double node_weight, node_squares;
  double rows, weight, squares, cross;
} Sweep;

static inline Sweep start_sweep(const SplitSearch *search, double feature, int32_t n, double node_weight, double node_squares) {
  for (uint32_t c = 0; c < search->n_classes; c++) search->left_counts[c] = 0;
  Sweep sweep = {search, feature, n, node_weight, node_squares, 0, 0, 0, 0};
  return sweep;
}

/* TreeBuilder#moveLeft. */
static inline void move_left(Sweep *sweep, int32_t c, double count) {
  const SplitSearch *search = sweep->search;
  const int32_t before = search->left_counts[c];
  search->left_counts[c] = before + (int32_t)count;
  sweep->weight += search->class_weight[c] * count;
  if (search->gini) {
    const double w2 = search->squared_class_weight[c];
    sweep->squares += w2 * count * (2 * (double)before + count);
    sweep->cross += w2 * (double)search->node_counts[c] * count;
  }
}

/* TreeBuilder#consider: keeps the split "bin <= low" (the next bin present being high) if it is the best so far. */
static inline void consider(Sweep *sweep, int32_t low, int32_t high) {
  const SplitSearch *search = sweep->search;
  if (search->check_leaf_size && (sweep->rows < search->min_samples_leaf || sweep->n - sweep->rows < search->min_samples_leaf)) return;
  const double weight_right = sweep->node_weight - sweep->weight;
  double proxy;
  if (search->gini) {
    const double squares_right = sweep->node_squares - 2 * sweep->cross + sweep->squares;
    proxy = sweep->squares / sweep->weight + squares_right / weight_right;
  } else {
    const double *xlog2x = search->xlog2x;
    proxy = -xlog2x[(int64_t)sweep->weight] - xlog2x[(int64_t)weight_right];
    for (uint32_t c = 0; c < search->n_classes; c++) {
      const int32_t l = search->left_counts[c];
      const int32_t r = search->node_counts[c] - l;
      if (l > 0) proxy += xlog2x[l];
      if (r > 0) proxy += xlog2x[r];
    }
  }
  double *best = search->best;
  if (proxy > best[0]) {
    best[0] = proxy;
    best[1] = sweep->feature;
    best[2] = low;
    best[3] = high;
    for (uint32_t c = 0; c < search->n_classes; c++) search->best_left_counts[c] = search->left_counts[c];
  }
}

/*
 * Sweeps the bins present in scratch k (clearing them), as TreeBuilder#sweepBins does; returns
 * whether the feature takes more than one value in the node.
 */
static bool sweep_bins(const SplitSearch *search, int k, double feature, int32_t n, double node_weight, double node_squares) {
  double *hist = search->hist[k];
  int32_t *bins = search->bins[k];
  int32_t *classes = search->classes[k];
  int32_t *bin_classes = search->bin_classes;
  double *bin_entries = search->bin_entries;
  const uint32_t class_bits = search->class_bits;
  const uint32_t n_classes = search->n_classes;
  Sweep sweep = start_sweep(search, feature, n, node_weight, node_squares);
  int32_t previous = -1, previous_pure = -1, n_present = 0;
  for (uint32_t w = 0; w < BIN_WORDS; w++) {
    uint32_t word = (uint32_t)bins[w];
    bins[w] = 0;
    while (word != 0) {
      const int32_t b = (int32_t)((w << 5) | (uint32_t)__builtin_ctz(word));
      word &= word - 1;
      const uint32_t k0 = (uint32_t)b << class_bits;
      int32_t nonzero = 0;
      for (uint32_t mask = (uint32_t)classes[b]; mask != 0; mask &= mask - 1) {
        for (uint32_t c = (uint32_t)__builtin_ctz(mask); c < n_classes; c += 32) {
          const double entry = hist[k0 | c];
          if (entry != 0) {
            bin_classes[nonzero] = (int32_t)c;
            bin_entries[nonzero++] = entry;
            hist[k0 | c] = 0;
          }
        }
      }
      classes[b] = 0;
      const int32_t pure = nonzero == 1 ? bin_classes[0] : -1;
      if (previous >= 0 && (pure < 0 || pure != previous_pure || search->check_leaf_size)) consider(&sweep, previous, b);
      for (int32_t e = 0; e < nonzero; e++) {
        const double rows = floor(bin_entries[e] / ROW);
        move_left(&sweep, bin_classes[e], bin_entries[e] - rows * ROW);
        sweep.rows += rows;
      }
      previous = b;
      previous_pure = pure;
      n_present++;
    }
  }
  return n_present > 1;
}

/*
 * sweepSplits(search, start, end, useLocal, count, base0..3, feature0..3, nodeWeight, nodeSquares):
 * counts the pass, then sweeps each feature's bins, updating `best` and `bestLeftCounts` when a
 * split beats it. Returns a bit mask: bit k set when feature k takes more than one value.
 */
napi_value sweep_splits(napi_env env, napi_callback_info info) {
  size_t argc = 15;
  napi_value args[15];
  Pass pass;
  double features[PER_PASS], node_weight, node_squares;
  CHECK(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  bool ok = argc == 15 && read_pass(env, args, &pass);
  for (int k = 0; ok && k < PER_PASS; k++) ok = napi_get_value_double(env, args[9 + k], &features[k]) == napi_ok;
  ok = ok && napi_get_value_double(env, args[13], &node_weight) == napi_ok && napi_get_value_double(env, args[14], &node_squares) == napi_ok;
  if (!ok) {
    napi_throw_type_error(env, NULL, "sweepSplits: bad arguments");
    return NULL;
  }
  count_pass(&pass);
  int32_t varies = 0;
  const int32_t n = pass.end - pass.start;
  for (int k = 0; k < pass.count; k++) {
    if (sweep_bins(pass.search, k, features[k], n, node_weight, node_squares)) varies |= 1 << k;
  }
  napi_value result;
  CHECK(napi_create_int32(env, varies, &result));
  return result;
}
