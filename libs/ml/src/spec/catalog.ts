import { InvalidParameterError } from '../base/errors';
import { stackingDefinition, votingDefinition } from './ensembles';
import type { EstimatorDefinition } from './estimator-definition';
import { imageAugmenterDefinition } from './image-augmenter';
import { logisticRegressionDefinition } from './logistic-regression';
import { oneVsOneDefinition, oneVsRestDefinition } from './multiclass';
import { pipelineDefinition } from './pipeline';
import { randomForestDefinition } from './random-forest';
import { standardScalerDefinition } from './standard-scaler';

/** Every estimator a spec may name; the registry (createEstimator) pairs each with its class. */
export const ESTIMATOR_DEFINITIONS: readonly EstimatorDefinition[] = [
  pipelineDefinition,
  logisticRegressionDefinition,
  standardScalerDefinition,
  oneVsOneDefinition,
  oneVsRestDefinition,
  randomForestDefinition,
  votingDefinition,
  stackingDefinition,
  imageAugmenterDefinition,
];

const byType = new Map(ESTIMATOR_DEFINITIONS.map((definition) => [definition.type, definition]));

export function estimatorTypes(): string[] {
  return [...byType.keys()].sort();
}

export function getEstimatorDefinition(type: string, path = 'type'): EstimatorDefinition {
  const definition = byType.get(type);
  if (!definition) {
    throw new InvalidParameterError(path, `unknown estimator type ${JSON.stringify(type)}; known types are: ${estimatorTypes().join(', ')}`);
  }
  return definition;
}
