import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SCORER_NAMES, type ScorerName } from '@mnist-lab/ml/spec';
import { SEARCH_STRATEGIES, type SearchStrategy } from '@mnist-lab/contracts';
import { CreateRunDto, EstimatorParamsProperty, EstimatorSpecDto } from '../../runs/dto/create-run.dto';

/** The base estimator, with an example whose steps are the ones the search space example names. */
class SweepEstimatorSpecDto extends EstimatorSpecDto {
  @EstimatorParamsProperty("The parameters every candidate shares; the searched ones come from param_distributions (scikit-learn's nested names)", { type: 'random_forest', params: { random_state: 42 } })
  declare params?: Record<string, unknown>;
}

/** OpenAPI description of `POST /sweeps`; the body itself is checked by `validateSweepRequest`. */
export class CreateSweepDto extends CreateRunDto {
  @ApiProperty({ type: SweepEstimatorSpecDto })
  declare estimator: SweepEstimatorSpecDto;

  // param_grid is described here rather than as a property: an example body holding both search
  // spaces (what "Try it out" sends) would be refused, as each belongs to one search strategy.
  @ApiPropertyOptional({
    enum: [...SEARCH_STRATEGIES],
    default: 'random',
    example: 'random',
    description:
      'random: RandomizedSearchCV over param_distributions (with n_iter, random_state); grid: GridSearchCV over every point of param_grid instead of those three fields (lists of values keyed by nested names, or a list of such dicts; ParameterGrid order; at most 100000 points); ' +
      'halving_random: HalvingRandomSearchCV over param_distributions (with n_candidates, default "exhaust", instead of n_iter); halving_grid: HalvingGridSearchCV over param_grid. ' +
      'Both take scikit-learn\'s factor (default 3, > 1), resource ("n_samples" or a nested int parameter such as "model__n_estimators"), min_resources ("smallest", "exhaust" or an int; default "smallest" for halving_random, "exhaust" for halving_grid), ' +
      'max_resources ("auto" = the training part\'s samples, or an int), aggressive_elimination and random_state (also the seed of each iteration\'s subsample), a single scoring, and return train scores by default; ' +
      'cv_results then has iter and n_resources, and the sweep reports n_resources_, n_candidates_ and n_iterations_',
  })
  search?: SearchStrategy;

  @ApiProperty({
    description:
      'search "random": scikit-learn search space: lists (uniform choice) or {"dist": "randint"|"uniform"|"loguniform", "low", "high"}, keyed by nested names; or a list of such objects',
    example: {
      model__n_estimators: [25, 50, 100, 200, 300],
      model__criterion: ['gini', 'entropy', 'log_loss'],
      model__max_depth: [null, 1, 2, 3, 5, 10],
    },
  })
  param_distributions!: Record<string, unknown> | Record<string, unknown>[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 10, example: 3 })
  n_iter?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 2, default: 5, example: 2, description: 'Number of StratifiedKFold folds on the training part' })
  cv?: number;

  @ApiPropertyOptional({
    default: 'accuracy',
    oneOf: [
      { type: 'string', enum: [...SCORER_NAMES] },
      { type: 'array', items: { type: 'string', enum: [...SCORER_NAMES] }, minItems: 1 },
    ],
    example: 'accuracy',
    description: "A scikit-learn scorer name (cv_results_ columns mean_test_score, ...) or a list of them (mean_test_<scorer>, ...); every score is greater-is-better (neg_log_loss is negative)",
  })
  scoring?: ScorerName | ScorerName[];

  @ApiPropertyOptional({ default: false, description: "Also score each fold's training part (cv_results_ columns mean_train_<scorer>)" })
  return_train_score?: boolean;

  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 0, description: 'Seed of the candidate sampling; null draws a fresh one' })
  random_state?: number | null;

  @ApiPropertyOptional({
    default: true,
    oneOf: [{ type: 'boolean' }, { type: 'string', enum: [...SCORER_NAMES] }],
    example: true,
    description: 'Train the best candidate on the whole training part and evaluate it; with a list of scorers, the name of the one that picks the best',
  })
  refit?: boolean | ScorerName;
}
