import { pipelineDescriptor } from '../compose/pipeline';
import { randomForestDescriptor } from '../ensemble/random-forest';
import { stackingDescriptor } from '../ensemble/stacking';
import { votingDescriptor } from '../ensemble/voting';
import { logisticRegressionDescriptor } from '../linear/logistic-regression';
import { oneVsOneDescriptor, oneVsRestDescriptor } from '../multiclass';
import { imageAugmenterDescriptor } from '../preprocessing/augment';
import { standardScalerDescriptor } from '../preprocessing/standard-scaler';
import { estimatorTypes } from '../spec/catalog';
import { validateSpec } from '../spec/validate-spec';
import type { AnyEstimator, EstimatorDescriptor, EstimatorFactory, EstimatorSpec, EstimatorState } from './estimator';
import { registerDefaultFactory } from './default-factory';
import { InvalidParameterError } from './errors';

/** The class behind each of the spec's ESTIMATOR_DEFINITIONS, keyed by its `type`. */
const DESCRIPTORS: readonly EstimatorDescriptor[] = [pipelineDescriptor, logisticRegressionDescriptor, standardScalerDescriptor, oneVsOneDescriptor, oneVsRestDescriptor, randomForestDescriptor, votingDescriptor, stackingDescriptor, imageAugmenterDescriptor];

const byType = new Map(DESCRIPTORS.map((descriptor) => [descriptor.type, descriptor]));

export function getDescriptor(type: string, path = 'type'): EstimatorDescriptor {
  const descriptor = byType.get(type);
  if (!descriptor) {
    throw new InvalidParameterError(path, `unknown estimator type ${JSON.stringify(type)}; known types are: ${estimatorTypes().join(', ')}`);
  }
  return descriptor;
}

export const estimatorFactory: EstimatorFactory = {
  create(spec: EstimatorSpec, path = 'estimator'): AnyEstimator {
    const valid = validateSpec(spec, path);
    return getDescriptor(valid.type).create(valid.params ?? {}, estimatorFactory);
  },
  restore(state: EstimatorState): AnyEstimator {
    const descriptor = getDescriptor(state.type, 'artifact.type');
    return descriptor.restore(state, estimatorFactory);
  },
};

registerDefaultFactory(estimatorFactory);

/** Every registered estimator type with its class, e.g. for suites that check each one. */
export function estimatorDescriptors(): readonly EstimatorDescriptor[] {
  return DESCRIPTORS;
}

export const createEstimator = (spec: EstimatorSpec, path?: string): AnyEstimator => estimatorFactory.create(spec, path);
export const restoreEstimator = (state: EstimatorState): AnyEstimator => estimatorFactory.restore(state);

