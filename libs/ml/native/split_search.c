/*
 * The tree builder's split search, compiled: counting a node's samples into class histograms per
 * bin for up to four features (TreeBuilder#countBins in libs/ml/src/tree/tree-builder.ts),
 * sweeping those bins for the best split (TreeBuilder#sweepBins, #moveLeft, #consider), the
 * sorted scan of small nodes (#scanSorted), and the node's partition and local copy (#partition,
 * #copyRows).
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
#include <string.h>

#include "addon.h"

#define PER_PASS 4
#define BIN_WORDS 8
/* A histogram entry is `count + ROW * rows` (see ROW in tree-builder.ts). */
#define ROW 134217728.0

typedef struct {
  int32_t *ids;
  int32_t *tags;
  uint8_t *local;
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
  /* The features drawn at a node, and whether each varies there (scanSorted's answer). */
  const int32_t *batch;
  uint8_t *varies;
  /* Partition scratch, and the training rows that a subtree's local copy is made of. */
  int32_t *spare_ids;
  int32_t *spare_tags;
  const uint8_t *rows;
  int64_t n_features;
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
  search->batch = typed_data(env, arrays, "batch", -1, napi_int32_array, NULL);
  search->varies = typed_data(env, arrays, "varies", -1, napi_uint8_array, NULL);
  search->spare_ids = typed_data(env, arrays, "spareIds", -1, napi_int32_array, NULL);
  search->spare_tags = typed_data(env, arrays, "spareTags", -1, napi_int32_array, NULL);
  search->rows = typed_data(env, arrays, "rows", -1, napi_uint8_array, NULL);
  complete = complete && search->node_counts && search->left_counts && search->best_left_counts && search->class_weight &&
             search->squared_class_weight && search->best && search->bin_classes && search->bin_entries && search->xlog2x &&
             search->batch && search->varies && search->spare_ids && search->spare_tags && search->rows;
  int32_t bits = 0, n_classes = 0, min_leaf = 0, gini = 0, n_features = 0;
  complete = complete && int_property(env, arrays, "classBits", &bits) && bits > 0 && bits < 32 &&
             int_property(env, arrays, "nClasses", &n_classes) && n_classes > 0 && n_classes <= (1 << bits) &&
             int_property(env, arrays, "minSamplesLeaf", &min_leaf) && min_leaf >= 1 && int_property(env, arrays, "gini", &gini) &&
             int_property(env, arrays, "nFeatures", &n_features) && n_features > 0;
  if (!complete) {
    free(search);
    napi_throw_type_error(env, NULL, "bindSplitSearch: expected the tree builder's typed arrays, classBits, nClasses, minSamplesLeaf, gini and nFeatures");
    return NULL;
  }
  search->class_bits = (uint32_t)bits;
  search->n_classes = (uint32_t)n_classes;
  search->min_samples_leaf = min_leaf;
  search->check_leaf_size = min_leaf > 1;
  search->gini = gini != 0;
  search->n_features = n_features;
  napi_value external;
  CHECK(napi_create_external(env, search, finalize_split_search, NULL, &external));
  return external;
}

static inline void add_sample(const SplitSearch *search, int k, uint32_t bin, uint32_t cls, double entry) {
  search->hist[k][(bin << search->class_bits) | cls] += entry;
  search->bins[k][bin >> 5] |= (int32_t)(1u << (bin & 31));
  search->classes[k][bin] |= (int32_t)(1u << (cls & 31));
}

/*
 * The arguments countBins, sweepSplits and scanSorted start with: (search, start, end, useLocal,
 * stride, first, count): the features batch[first..first + count) of positions [start, end), the
 * codes of feature f starting at f * stride of the local copy or of the training columns.
 */
typedef struct {
  SplitSearch *search;
  int32_t start, end, stride, first, count;
  bool use_local;
} Pass;

/* The arguments every call starts with: (search, start, end), then useLocal unless it is NULL. */
static bool read_node(napi_env env, napi_value *args, SplitSearch **search, int32_t *start, int32_t *end, bool *use_local) {
  return napi_get_value_external(env, args[0], (void **)search) == napi_ok && napi_get_value_int32(env, args[1], start) == napi_ok &&
         napi_get_value_int32(env, args[2], end) == napi_ok && (!use_local || napi_get_value_bool(env, args[3], use_local) == napi_ok) &&
         *start >= 0 && *start <= *end;
}

/* A pass of at most `max_count` features from args[0..6]. */
static bool read_pass(napi_env env, napi_value *args, Pass *pass, int32_t max_count) {
  return read_node(env, args, &pass->search, &pass->start, &pass->end, &pass->use_local) && napi_get_value_int32(env, args[4], &pass->stride) == napi_ok &&
         napi_get_value_int32(env, args[5], &pass->first) == napi_ok && napi_get_value_int32(env, args[6], &pass->count) == napi_ok &&
         pass->stride > 0 && pass->first >= 0 && pass->count >= 0 && pass->count <= max_count && (int64_t)pass->first + pass->count <= pass->search->n_features;
}

/* The codes of the pass's feature k. */
static inline const uint8_t *feature_codes(const Pass *pass, int k) {
  const SplitSearch *search = pass->search;
  return (pass->use_local ? search->local : search->columns) + (int64_t)search->batch[pass->first + k] * pass->stride;
}

/* Adds the samples at positions [start, end) to scratch k, for feature k < count. */
static void count_pass(const Pass *pass) {
  const SplitSearch *search = pass->search;
  const int32_t *ids = search->ids;
  const int32_t *tags = search->tags;
  const uint32_t class_bits = search->class_bits;
  const uint32_t class_mask = (1u << class_bits) - 1;
  if (pass->count == PER_PASS) {
    const uint8_t *codes0 = feature_codes(pass, 0), *codes1 = feature_codes(pass, 1);
    const uint8_t *codes2 = feature_codes(pass, 2), *codes3 = feature_codes(pass, 3);
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
    const uint8_t *codes = feature_codes(pass, k);
    for (int32_t i = pass->start; i < pass->end; i++) {
      const uint32_t tag = (uint32_t)tags[i];
      add_sample(search, k, codes[ids[i]], tag & class_mask, (double)(tag >> class_bits) + ROW);
    }
  }
}

/* countBins(search, start, end, useLocal, stride, first, count), count <= 4 */
napi_value count_bins(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value args[7];
  Pass pass;
  CHECK(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  if (argc < 7 || !read_pass(env, args, &pass, PER_PASS)) {
    napi_throw_type_error(env, NULL, "countBins: bad arguments");
    return NULL;
  }
  count_pass(&pass);
  return NULL;
}

/* The arguments of sweepSplits and scanSorted: a pass, then (nodeWeight, nodeSquares). */
static bool read_scan(napi_env env, napi_callback_info info, int32_t max_count, Pass *pass, double *node_weight, double *node_squares) {
  size_t argc = 9;
  napi_value args[9];
  return napi_get_cb_info(env, info, &argc, args, NULL, NULL) == napi_ok && argc == 9 && read_pass(env, args, pass, max_count) &&
         napi_get_value_double(env, args[7], node_weight) == napi_ok && napi_get_value_double(env, args[8], node_squares) == napi_ok;
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
 * sweepSplits(search, start, end, useLocal, stride, first, count, nodeWeight, nodeSquares), with
 * count <= 4: counts the pass, then sweeps each feature's bins, updating `best` and
 * `bestLeftCounts` when a split beats it, and sets varies[j] to whether feature batch[j] varies.
 */
napi_value sweep_splits(napi_env env, napi_callback_info info) {
  Pass pass;
  double node_weight, node_squares;
  if (!read_scan(env, info, PER_PASS, &pass, &node_weight, &node_squares)) {
    napi_throw_type_error(env, NULL, "sweepSplits: bad arguments");
    return NULL;
  }
  count_pass(&pass);
  const SplitSearch *search = pass.search;
  for (int k = 0; k < pass.count; k++) {
    const int32_t j = pass.first + k;
    search->varies[j] = sweep_bins(search, k, search->batch[j], pass.end - pass.start, node_weight, node_squares);
  }
  return NULL;
}

/* Nodes that scanSorted takes (SORT_MAX_SAMPLES in tree-builder.ts): their keys fit 16 bits. */
#define SORT_MAX_SAMPLES 32

/*
 * TreeBuilder#scanSorted for one feature of a small node: its samples sorted by bin (insertion
 * sort), then swept one run of equal bins at a time. Returns whether the feature varies.
 */
static bool scan_sorted(const SplitSearch *search, const uint8_t *codes, int32_t start, int32_t n, double feature, double node_weight, double node_squares) {
  int32_t keys[SORT_MAX_SAMPLES];
  const int32_t *ids = search->ids;
  const int32_t *tags = search->tags + start;
  for (int32_t j = 0; j < n; j++) {
    const int32_t key = ((int32_t)codes[ids[start + j]] << 16) | j;
    int32_t k = j - 1;
    while (k >= 0 && keys[k] > key) {
      keys[k + 1] = keys[k];
      k--;
    }
    keys[k + 1] = key;
  }
  if (keys[0] >> 16 == keys[n - 1] >> 16) return false;
  const uint32_t class_bits = search->class_bits;
  const int32_t class_mask = (1 << class_bits) - 1;
  Sweep sweep = start_sweep(search, feature, n, node_weight, node_squares);
  int32_t previous_pure = -1;
  for (int32_t j = 0; j < n;) {
    const int32_t b = keys[j] >> 16;
    int32_t run_end = j;
    int32_t pure = tags[keys[j] & 0xffff] & class_mask;
    while (run_end < n && keys[run_end] >> 16 == b) {
      if ((tags[keys[run_end] & 0xffff] & class_mask) != pure) pure = -1;
      run_end++;
    }
    if (j > 0 && (pure < 0 || pure != previous_pure || search->check_leaf_size)) consider(&sweep, keys[j - 1] >> 16, b);
    for (; j < run_end; j++) {
      const uint32_t tag = (uint32_t)tags[keys[j] & 0xffff];
      move_left(&sweep, (int32_t)(tag & (uint32_t)class_mask), (double)(tag >> class_bits));
    }
    sweep.rows = run_end;
    previous_pure = pure;
  }
  return true;
}

/*
 * scanSorted(search, start, end, useLocal, stride, first, count, nodeWeight, nodeSquares): scans
 * features batch[first..first + count) of a node of at most SORT_MAX_SAMPLES samples, updating
 * `best` and `bestLeftCounts`, and sets varies[j] to whether feature batch[j] varies.
 */
napi_value scan_sorted_features(napi_env env, napi_callback_info info) {
  Pass pass;
  double node_weight, node_squares;
  const int32_t n = read_scan(env, info, INT32_MAX, &pass, &node_weight, &node_squares) ? pass.end - pass.start : 0;
  if (n < 1 || n > SORT_MAX_SAMPLES) {
    napi_throw_type_error(env, NULL, "scanSorted: bad arguments");
    return NULL;
  }
  const SplitSearch *search = pass.search;
  for (int k = 0; k < pass.count; k++) {
    const int32_t j = pass.first + k;
    search->varies[j] = scan_sorted(search, feature_codes(&pass, k), pass.start, n, search->batch[j], node_weight, node_squares);
  }
  return NULL;
}

/*
 * partition(search, start, end, useLocal, base, bin) -> mid: TreeBuilder#partition, the stable
 * partition of positions [start, end) on "code at base + id <= bin".
 */
napi_value partition(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value args[6];
  CHECK(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  SplitSearch *search;
  int32_t start, end, bin;
  int64_t base;
  bool use_local;
  bool ok = argc == 6 && read_node(env, args, &search, &start, &end, &use_local) && napi_get_value_int64(env, args[4], &base) == napi_ok && napi_get_value_int32(env, args[5], &bin) == napi_ok;
  if (!ok) {
    napi_throw_type_error(env, NULL, "partition: bad arguments");
    return NULL;
  }
  const uint8_t *codes = (use_local ? search->local : search->columns) + base;
  int32_t *ids = search->ids, *tags = search->tags;
  int32_t left = start, right = 0;
  for (int32_t i = start; i < end; i++) {
    const int32_t id = ids[i];
    if (codes[id] <= bin) {
      ids[left] = id;
      tags[left] = tags[i];
      left++;
    } else {
      search->spare_ids[right] = id;
      search->spare_tags[right] = tags[i];
      right++;
    }
  }
  memcpy(ids + left, search->spare_ids, (size_t)right * sizeof(int32_t));
  memcpy(tags + left, search->spare_tags, (size_t)right * sizeof(int32_t));
  napi_value result;
  CHECK(napi_create_int32(env, left, &result));
  return result;
}

/*
 * copyRows(search, start, end): TreeBuilder#copyRows, the rows of positions [start, end) copied
 * to the local buffer back to back, and their ids renumbered as offsets there.
 */
napi_value copy_rows(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value args[3];
  CHECK(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  SplitSearch *search;
  int32_t start, end;
  bool ok = argc == 3 && read_node(env, args, &search, &start, &end, NULL);
  if (!ok) {
    napi_throw_type_error(env, NULL, "copyRows: bad arguments");
    return NULL;
  }
  const int64_t F = search->n_features;
  int32_t *ids = search->ids;
  int64_t offset = 0;
  for (int32_t i = start; i < end; i++, offset += F) {
    memcpy(search->local + offset, search->rows + ids[i] * F, (size_t)F);
    ids[i] = (int32_t)offset;
  }
  return NULL;
}
