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
 * A search is bound once to a builder's state (SplitSearchState in split-search-state.ts, one
 * object read by one reader here), whose arrays' types and lengths are checked then; each call
 * passes only numbers, and every position, feature, stride and sample id it makes the kernels read
 * is checked against those lengths first: a bad call throws a RangeError instead of reading or
 * writing out of bounds. The search holds a reference to the state, so its arrays live as long
 * as the search; SplitSearchState allocates them at a fixed size and never detaches them.
 */
#include <math.h>
#include <stdio.h>
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
  /* Length of ids, tags and the spares: the positions a node may own. */
  size_t n_positions;
  uint8_t *local;
  size_t local_length;
  const uint8_t *columns;
  /* Length of columns and of rows: n_samples * n_features. */
  size_t columns_length;
  int64_t n_samples;
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
  size_t xlog2x_length;
  /* Set when an entropy sweep meets a weight outside xlog2x (only a state changed behind the builder's back does). */
  bool weight_out_of_range;
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
  /* Keeps the state, whose arrays these pointers point into, alive as long as the search. */
  napi_ref state;
} SplitSearch;

static void finalize_split_search(napi_env env, void *data, void *hint) {
  (void)hint;
  SplitSearch *search = data;
  if (search->state) napi_delete_reference(env, search->state);
  free(search);
}

/* Throws "<kernel>: <message>" as a RangeError; returns false. */
static bool out_of_range(napi_env env, const char *kernel, const char *message) {
  char text[256];
  snprintf(text, sizeof text, "%s: %s", kernel, message);
  napi_throw_range_error(env, NULL, text);
  return false;
}

static bool bad_sample(napi_env env, const char *kernel) {
  return out_of_range(env, kernel, "a sample's id lies outside the codes it indexes, or its class is not below nClasses");
}

/* The call's `count` arguments into args; throws a TypeError and returns false if there are fewer. */
static bool read_args(napi_env env, napi_callback_info info, const char *kernel, size_t count, napi_value *args) {
  size_t argc = count;
  if (napi_get_cb_info(env, info, &argc, args, NULL, NULL) == napi_ok && argc >= count) return true;
  char text[64];
  snprintf(text, sizeof text, "%s: expected %zu arguments", kernel, count);
  napi_throw_type_error(env, NULL, text);
  return false;
}

/*
 * Typed array `name` of the state (element `index` of that list when index >= 0), of at least
 * `minimum` elements; the first that is not names itself in *error.
 */
static void *state_array(napi_env env, napi_value state, const char *name, int index, napi_typedarray_type type, size_t minimum, size_t *length, const char **error) {
  size_t own_length = 0;
  void *data = typed_data(env, state, name, index, type, &own_length);
  if (!data) {
    if (!*error) *error = name;
    return NULL;
  }
  if (own_length < minimum && !*error) *error = name;
  if (length) *length = own_length;
  return data;
}

/* bindSplitSearch(state: SplitSearchState, see libs/ml/src/tree/split-search-state.ts) -> search */
napi_value bind_split_search(napi_env env, napi_callback_info info) {
  napi_value state;
  if (!read_args(env, info, "bindSplitSearch", 1, &state)) return NULL;
  int32_t bits = 0, n_classes = 0, min_leaf = 0, n_features = 0;
  bool gini = false;
  napi_value gini_value;
  bool settings = int_property(env, state, "classBits", &bits) && int_property(env, state, "nClasses", &n_classes) &&
                  int_property(env, state, "minSamplesLeaf", &min_leaf) && int_property(env, state, "nFeatures", &n_features) &&
                  napi_get_named_property(env, state, "gini", &gini_value) == napi_ok && napi_get_value_bool(env, gini_value, &gini) == napi_ok;
  if (!settings) {
    napi_throw_type_error(env, NULL, "bindSplitSearch: expected a SplitSearchState (classBits, nClasses, minSamplesLeaf, nFeatures: integers; gini: a boolean)");
    return NULL;
  }
  if (bits <= 0 || bits >= 32 || n_classes <= 0 || n_classes > (1 << bits) || min_leaf < 1 || n_features <= 0) {
    napi_throw_range_error(env, NULL, "bindSplitSearch: needs 0 < classBits < 32, 0 < nClasses <= 2^classBits, minSamplesLeaf >= 1 and nFeatures > 0");
    return NULL;
  }
  SplitSearch *search = calloc(1, sizeof(SplitSearch));
  if (!search) {
    napi_throw_error(env, NULL, "bindSplitSearch: out of memory");
    return NULL;
  }
  const size_t C = (size_t)n_classes, F = (size_t)n_features;
  /* The first array that is missing, of another type or too short. */
  const char *bad = NULL;
  size_t n_tags = 0, n_spare_ids = 0, n_spare_tags = 0, n_rows = 0, n_batch = 0, n_varies = 0;
  search->ids = state_array(env, state, "ids", -1, napi_int32_array, 0, &search->n_positions, &bad);
  search->tags = state_array(env, state, "tags", -1, napi_int32_array, 0, &n_tags, &bad);
  search->spare_ids = state_array(env, state, "spareIds", -1, napi_int32_array, 0, &n_spare_ids, &bad);
  search->spare_tags = state_array(env, state, "spareTags", -1, napi_int32_array, 0, &n_spare_tags, &bad);
  search->local = state_array(env, state, "local", -1, napi_uint8_array, 0, &search->local_length, &bad);
  search->columns = state_array(env, state, "columns", -1, napi_uint8_array, 0, &search->columns_length, &bad);
  search->rows = state_array(env, state, "rows", -1, napi_uint8_array, 0, &n_rows, &bad);
  for (int k = 0; k < PER_PASS; k++) {
    search->hist[k] = state_array(env, state, "hists", k, napi_float64_array, (size_t)256 << bits, NULL, &bad);
    search->bins[k] = state_array(env, state, "binMasks", k, napi_int32_array, BIN_WORDS, NULL, &bad);
    search->classes[k] = state_array(env, state, "classMasks", k, napi_int32_array, 256, NULL, &bad);
  }
  search->node_counts = state_array(env, state, "nodeCounts", -1, napi_int32_array, C, NULL, &bad);
  search->left_counts = state_array(env, state, "leftCounts", -1, napi_int32_array, C, NULL, &bad);
  search->best_left_counts = state_array(env, state, "bestLeftCounts", -1, napi_int32_array, C, NULL, &bad);
  search->class_weight = state_array(env, state, "classWeight", -1, napi_float64_array, C, NULL, &bad);
  search->squared_class_weight = state_array(env, state, "squaredClassWeight", -1, napi_float64_array, C, NULL, &bad);
  search->best = state_array(env, state, "best", -1, napi_float64_array, 4, NULL, &bad);
  search->bin_classes = state_array(env, state, "binClasses", -1, napi_int32_array, C, NULL, &bad);
  search->bin_entries = state_array(env, state, "binEntries", -1, napi_float64_array, C, NULL, &bad);
  search->xlog2x = state_array(env, state, "xLog2x", -1, napi_float64_array, 1, &search->xlog2x_length, &bad);
  search->batch = state_array(env, state, "batch", -1, napi_int32_array, F, &n_batch, &bad);
  search->varies = state_array(env, state, "varies", -1, napi_uint8_array, F, &n_varies, &bad);
  search->n_samples = (int64_t)(search->columns_length / F);
  const bool consistent = !bad && n_tags == search->n_positions && n_spare_ids == search->n_positions && n_spare_tags == search->n_positions &&
                          search->columns_length % F == 0 && n_rows == search->columns_length && search->n_positions <= (size_t)search->n_samples &&
                          search->local_length % F == 0;
  if (!consistent) {
    free(search);
    char message[256];
    if (bad) {
      snprintf(message, sizeof message, "bindSplitSearch: state.%s is missing, of another type, or shorter than nClasses, nFeatures or the bins require", bad);
    } else {
      snprintf(message, sizeof message, "bindSplitSearch: ids, tags, spareIds and spareTags must have one length, at most the samples of columns and rows (nFeatures bytes each)");
    }
    napi_throw_range_error(env, NULL, message);
    return NULL;
  }
  search->class_bits = (uint32_t)bits;
  search->n_classes = (uint32_t)n_classes;
  search->min_samples_leaf = min_leaf;
  search->check_leaf_size = min_leaf > 1;
  search->gini = gini;
  search->n_features = n_features;
  napi_value external;
  if (napi_create_reference(env, state, 1, &search->state) != napi_ok || napi_create_external(env, search, finalize_split_search, NULL, &external) != napi_ok) {
    if (search->state) napi_delete_reference(env, search->state);
    free(search);
    napi_throw_error(env, NULL, "bindSplitSearch: could not bind the state");
    return NULL;
  }
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
  /* Every sample id must lie below this for the pass's codes to be read in bounds. */
  int64_t id_limit;
} Pass;

/*
 * The arguments every call starts with: (search, start, end), then useLocal unless it is NULL,
 * with [start, end) within the search's positions. Throws and returns false otherwise.
 */
static bool read_node(napi_env env, const char *kernel, napi_value *args, SplitSearch **search, int32_t *start, int32_t *end, bool *use_local) {
  const bool read = napi_get_value_external(env, args[0], (void **)search) == napi_ok && napi_get_value_int32(env, args[1], start) == napi_ok &&
                    napi_get_value_int32(env, args[2], end) == napi_ok && (!use_local || napi_get_value_bool(env, args[3], use_local) == napi_ok);
  if (!read) {
    char text[128];
    snprintf(text, sizeof text, "%s: expected a bound search, start, end%s", kernel, use_local ? ", useLocal" : "");
    napi_throw_type_error(env, NULL, text);
    return false;
  }
  if (*start < 0 || *start > *end || (size_t)*end > (*search)->n_positions) return out_of_range(env, kernel, "positions [start, end) must lie within the tree's samples");
  return true;
}

/*
 * Whether every sample at positions [start, end) has an id below `id_limit` and a class below
 * nClasses: then each code the kernels read at `base + id`, base + id_limit being at most the
 * codes' length, is in bounds. Throws and returns false otherwise.
 */
static bool check_samples(napi_env env, const char *kernel, const SplitSearch *search, int32_t start, int32_t end, int64_t id_limit) {
  const int32_t *ids = search->ids, *tags = search->tags;
  const uint32_t class_mask = (1u << search->class_bits) - 1;
  bool valid = true;
  for (int32_t i = start; i < end; i++) valid &= ids[i] >= 0 && ids[i] < id_limit && ((uint32_t)tags[i] & class_mask) < search->n_classes;
  return valid || bad_sample(env, kernel);
}

/* The codes a call reads: the local copy or the training columns, and how many there are. */
static inline const uint8_t *codes_of(const SplitSearch *search, bool use_local, size_t *length) {
  *length = use_local ? search->local_length : search->columns_length;
  return use_local ? search->local : search->columns;
}

/*
 * A pass of at most `max_count` features from args[0..6]: checks that its features lie in the
 * batch and are features, and that every code it reads (feature * stride + id) lies in the codes.
 * Throws and returns false otherwise.
 */
static bool read_pass(napi_env env, const char *kernel, napi_value *args, Pass *pass, int32_t max_count) {
  if (!read_node(env, kernel, args, &pass->search, &pass->start, &pass->end, &pass->use_local)) return false;
  if (napi_get_value_int32(env, args[4], &pass->stride) != napi_ok || napi_get_value_int32(env, args[5], &pass->first) != napi_ok ||
      napi_get_value_int32(env, args[6], &pass->count) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected integers stride, first and count");
    return false;
  }
  const SplitSearch *search = pass->search;
  if (pass->stride <= 0 || pass->first < 0 || pass->count < 0 || pass->count > max_count || (int64_t)pass->first + pass->count > search->n_features) {
    return out_of_range(env, kernel, "needs stride > 0 and features batch[first..first + count) within the batch, count at most 4 (sweeps)");
  }
  pass->id_limit = INT64_MAX; /* no features, no codes read */
  if (pass->count == 0) return true;
  int32_t highest = 0;
  for (int32_t j = pass->first; j < pass->first + pass->count; j++) {
    if (search->batch[j] < 0 || search->batch[j] >= search->n_features) return out_of_range(env, kernel, "a feature of the batch is not below nFeatures");
    if (search->batch[j] > highest) highest = search->batch[j];
  }
  size_t length;
  codes_of(search, pass->use_local, &length);
  const int64_t base = (int64_t)highest * pass->stride;
  if (base >= (int64_t)length) return out_of_range(env, kernel, "feature * stride lies beyond the codes");
  pass->id_limit = (int64_t)length - base;
  return true;
}


/* The codes of the pass's feature k. */
static inline const uint8_t *feature_codes(const Pass *pass, int k) {
  const SplitSearch *search = pass->search;
  return (pass->use_local ? search->local : search->columns) + (int64_t)search->batch[pass->first + k] * pass->stride;
}

/*
 * Adds the samples at positions [start, end) to scratch k, for feature k < count; returns false
 * if a sample's id is not below the pass's id_limit. Such an id is counted as id 0 instead of
 * being read out of bounds (the check costs no pass of its own over the ids), and the caller
 * throws: the scratch is then garbage, which a sweep clears and a throwing countBins leaves to
 * its caller.
 */
static bool count_pass(const Pass *pass) {
  const SplitSearch *search = pass->search;
  const int32_t *ids = search->ids;
  const int32_t *tags = search->tags;
  const uint32_t class_bits = search->class_bits;
  const uint32_t class_mask = (1u << class_bits) - 1;
  const uint64_t id_limit = (uint64_t)pass->id_limit;
  bool valid = true;
  if (pass->count == PER_PASS) {
    const uint8_t *codes0 = feature_codes(pass, 0), *codes1 = feature_codes(pass, 1);
    const uint8_t *codes2 = feature_codes(pass, 2), *codes3 = feature_codes(pass, 3);
    for (int32_t i = pass->start; i < pass->end; i++) {
      const bool in_range = (uint64_t)(uint32_t)ids[i] < id_limit;
      valid &= in_range;
      const int32_t id = in_range ? ids[i] : 0;
      const uint32_t tag = (uint32_t)tags[i];
      const uint32_t cls = tag & class_mask;
      const double entry = (double)(tag >> class_bits) + ROW;
      add_sample(search, 0, codes0[id], cls, entry);
      add_sample(search, 1, codes1[id], cls, entry);
      add_sample(search, 2, codes2[id], cls, entry);
      add_sample(search, 3, codes3[id], cls, entry);
    }
    return valid;
  }
  for (int k = 0; k < pass->count; k++) {
    const uint8_t *codes = feature_codes(pass, k);
    for (int32_t i = pass->start; i < pass->end; i++) {
      const bool in_range = (uint64_t)(uint32_t)ids[i] < id_limit;
      valid &= in_range;
      const uint32_t tag = (uint32_t)tags[i];
      add_sample(search, k, codes[in_range ? ids[i] : 0], tag & class_mask, (double)(tag >> class_bits) + ROW);
    }
  }
  return valid;
}

/* countBins(search, start, end, useLocal, stride, first, count), count <= 4 */
napi_value count_bins(napi_env env, napi_callback_info info) {
  napi_value args[7];
  Pass pass;
  if (!read_args(env, info, "countBins", 7, args) || !read_pass(env, "countBins", args, &pass, PER_PASS)) return NULL;
  if (!count_pass(&pass)) bad_sample(env, "countBins");
  return NULL;
}

/* The arguments of sweepSplits and scanSorted: a pass, then (nodeWeight, nodeSquares). Throws and returns false if they are bad. */
static bool read_scan(napi_env env, napi_callback_info info, const char *kernel, int32_t max_count, Pass *pass, double *node_weight, double *node_squares) {
  napi_value args[9];
  if (!read_args(env, info, kernel, 9, args) || !read_pass(env, kernel, args, pass, max_count)) return false;
  if (napi_get_value_double(env, args[7], node_weight) != napi_ok || napi_get_value_double(env, args[8], node_squares) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected numbers nodeWeight and nodeSquares");
    return false;
  }
  pass->search->weight_out_of_range = false;
  return true;
}

/* An entropy sweep's x log2(x), for an integer weight x that the table must cover. */
static inline double xlog2x_at(SplitSearch *search, double x) {
  if (x >= 0 && x < (double)search->xlog2x_length) return search->xlog2x[(int64_t)x];
  search->weight_out_of_range = true;
  return 0;
}

/* After a scan: throws if an entropy sweep met a weight its table does not cover. */
static bool weights_in_range(napi_env env, const char *kernel, const SplitSearch *search) {
  return !search->weight_out_of_range || out_of_range(env, kernel, "an entropy sweep met a weight beyond xLog2x (entropy is swept only without class weights)");
}

/*
 * One feature's sweep through a node: the left side so far (TreeBuilder#moveLeft's sums; squares
 * and cross for Gini only) and what every split is compared with.
 */
typedef struct {
  SplitSearch *search;
  double feature;
  int32_t n;
  double node_weight, node_squares;
  double rows, weight, squares, cross;
} Sweep;

static inline Sweep start_sweep(SplitSearch *search, double feature, int32_t n, double node_weight, double node_squares) {
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
  SplitSearch *search = sweep->search;
  if (search->check_leaf_size && (sweep->rows < search->min_samples_leaf || sweep->n - sweep->rows < search->min_samples_leaf)) return;
  const double weight_right = sweep->node_weight - sweep->weight;
  double proxy;
  if (search->gini) {
    const double squares_right = sweep->node_squares - 2 * sweep->cross + sweep->squares;
    proxy = sweep->squares / sweep->weight + squares_right / weight_right;
  } else {
    proxy = -xlog2x_at(search, sweep->weight) - xlog2x_at(search, weight_right);
    for (uint32_t c = 0; c < search->n_classes; c++) {
      const int32_t l = search->left_counts[c];
      const int32_t r = search->node_counts[c] - l;
      if (l > 0) proxy += xlog2x_at(search, l);
      if (r > 0) proxy += xlog2x_at(search, r);
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
static bool sweep_bins(SplitSearch *search, int k, double feature, int32_t n, double node_weight, double node_squares) {
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
  if (!read_scan(env, info, "sweepSplits", PER_PASS, &pass, &node_weight, &node_squares)) return NULL;
  const bool counted = count_pass(&pass);
  SplitSearch *search = pass.search;
  for (int k = 0; k < pass.count; k++) {
    const int32_t j = pass.first + k;
    search->varies[j] = sweep_bins(search, k, search->batch[j], pass.end - pass.start, node_weight, node_squares);
  }
  if (!counted) bad_sample(env, "sweepSplits");
  else weights_in_range(env, "sweepSplits", search);
  return NULL;
}

/* Nodes that scanSorted takes (SORT_MAX_SAMPLES in tree-builder.ts): their keys fit 16 bits. */
#define SORT_MAX_SAMPLES 32

/*
 * TreeBuilder#scanSorted for one feature of a small node: its samples sorted by bin (insertion
 * sort), then swept one run of equal bins at a time. Returns whether the feature varies.
 */
static bool scan_sorted(SplitSearch *search, const uint8_t *codes, int32_t start, int32_t n, double feature, double node_weight, double node_squares) {
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
  if (!read_scan(env, info, "scanSorted", INT32_MAX, &pass, &node_weight, &node_squares)) return NULL;
  const int32_t n = pass.end - pass.start;
  if (n < 1 || n > SORT_MAX_SAMPLES) {
    out_of_range(env, "scanSorted", "a sorted scan takes nodes of 1 to 32 samples");
    return NULL;
  }
  SplitSearch *search = pass.search;
  if (!check_samples(env, "scanSorted", search, pass.start, pass.end, pass.id_limit)) return NULL;
  for (int k = 0; k < pass.count; k++) {
    const int32_t j = pass.first + k;
    search->varies[j] = scan_sorted(search, feature_codes(&pass, k), pass.start, n, search->batch[j], node_weight, node_squares);
  }
  weights_in_range(env, "scanSorted", search);
  return NULL;
}

/*
 * partition(search, start, end, useLocal, base, bin) -> mid: TreeBuilder#partition, the stable
 * partition of positions [start, end) on "code at base + id <= bin".
 */
napi_value partition(napi_env env, napi_callback_info info) {
  napi_value args[6];
  SplitSearch *search;
  int32_t start, end, bin;
  int64_t base;
  bool use_local;
  if (!read_args(env, info, "partition", 6, args) || !read_node(env, "partition", args, &search, &start, &end, &use_local)) return NULL;
  if (napi_get_value_int64(env, args[4], &base) != napi_ok || napi_get_value_int32(env, args[5], &bin) != napi_ok) {
    napi_throw_type_error(env, NULL, "partition: expected integers base and bin");
    return NULL;
  }
  size_t length;
  const uint8_t *codes = codes_of(search, use_local, &length);
  if (start < end && (base < 0 || base >= (int64_t)length)) {
    out_of_range(env, "partition", "base lies outside the codes");
    return NULL;
  }
  if (!check_samples(env, "partition", search, start, end, (int64_t)length - base)) return NULL;
  codes += base;
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
  napi_value args[3];
  SplitSearch *search;
  int32_t start, end;
  if (!read_args(env, info, "copyRows", 3, args) || !read_node(env, "copyRows", args, &search, &start, &end, NULL)) return NULL;
  const int64_t F = search->n_features;
  if ((int64_t)(end - start) * F > (int64_t)search->local_length) {
    out_of_range(env, "copyRows", "the rows of positions [start, end) do not fit the local copy");
    return NULL;
  }
  if (!check_samples(env, "copyRows", search, start, end, search->n_samples)) return NULL;
  int32_t *ids = search->ids;
  int64_t offset = 0;
  for (int32_t i = start; i < end; i++, offset += F) {
    memcpy(search->local + offset, search->rows + ids[i] * F, (size_t)F);
    ids[i] = (int32_t)offset;
  }
  return NULL;
}
