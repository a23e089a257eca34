import type { EstimatorDefinition } from './estimator-definition';

export const pipelineDefinition: EstimatorDefinition = {
  type: 'pipeline',
  displayName: 'Pipeline',
  kind: 'classifier',
  schema: {
    steps: {
      default: null,
      constraints: [{ kind: 'steps' }],
      description: 'List of [name, estimator spec]; all but the last must be transformers.',
    },
  },
};
