// The main job's `--baseline anchors.json`: another library's figures (scikit-learn's, as
// bench/notebook measures them) for the models of the main job, shown next to ours in its final
// table and report. The format (README, "The main job"):
//
//   {
//     "library": "scikit-learn 1.2.1",          // required: what the figures are of
//     "n_samples": 70000,                       // optional: the images they were measured on (null: all)
//     "models": {                               // by the main job's model names (MODEL_NAMES)
//       "forest": { "fit_seconds": 52.3, "train_accuracy": 1.0, "test_accuracy": 0.9674, "macro_f1": 0.9672 },
//       ...                                     // every figure optional; other models may be absent
//     }
//   }
import { readFileSync } from 'node:fs';
import { UsageError } from './cli-args.mjs';
import { RUNS } from './notebook-specs.mjs';

/** The sweep's refitted best candidate, besides the runs. */
export const SEARCH_MODEL = 'search';
export const MODEL_NAMES = [...Object.keys(RUNS), SEARCH_MODEL];

const FIGURES = {
  fit_seconds: (value) => value >= 0,
  train_accuracy: (value) => value >= 0 && value <= 1,
  test_accuracy: (value) => value >= 0 && value <= 1,
  macro_f1: (value) => value >= 0 && value <= 1,
};

/** The baseline in `file`, checked; throws UsageError naming the file and the field at fault. */
export function readBaseline(file, { nSamples }) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--baseline: cannot read ${file}: ${error.message}`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--baseline: ${file} is not JSON: ${error.message}`);
  }
  return parseBaseline(json, { file, nSamples });
}

/** `json` as a baseline for a main job on `nSamples` images (null: all of them). */
export function parseBaseline(json, { file, nSamples }) {
  const fail = (field, message) => {
    throw new UsageError(`--baseline: ${file}: ${field} ${message}`);
  };
  if (!isObject(json)) fail('(the whole file)', 'must be an object with "library" and "models"');
  if (typeof json.library !== 'string' || json.library.trim() === '') fail('library', 'must be a non-empty string, e.g. "scikit-learn 1.2.1"');
  const baselineSamples = json.n_samples ?? null;
  if (baselineSamples !== null && !Number.isSafeInteger(baselineSamples)) fail('n_samples', `must be an integer or null; got ${JSON.stringify(json.n_samples)}`);
  // Figures of another sample count would compare unlike with like.
  if (baselineSamples !== null && baselineSamples !== (nSamples ?? baselineSamples)) {
    fail('n_samples', `is ${baselineSamples}, but this job uses ${nSamples} images (--n-samples)`);
  }
  if (!isObject(json.models)) fail('models', 'must be an object of models by name');
  const models = {};
  for (const [name, figures] of Object.entries(json.models)) {
    if (!MODEL_NAMES.includes(name)) fail(`models.${name}`, `is not a model of the main job; choose from ${MODEL_NAMES.join(', ')}`);
    if (!isObject(figures)) fail(`models.${name}`, 'must be an object of figures');
    for (const [figure, value] of Object.entries(figures)) {
      const valid = FIGURES[figure];
      if (!valid) fail(`models.${name}.${figure}`, `is not a figure; choose from ${Object.keys(FIGURES).join(', ')}`);
      if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) fail(`models.${name}.${figure}`, `is out of range; got ${JSON.stringify(value)}`);
    }
    models[name] = { ...figures };
  }
  return { library: json.library, n_samples: baselineSamples, models };
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
