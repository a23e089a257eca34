import { boolean, type ParamSchema } from '../base/params';
import type { EstimatorDefinition } from './estimator-definition';

export const STANDARD_SCALER_SCHEMA: ParamSchema = {
  with_mean: { default: true, constraints: [boolean], description: 'If true, center the data before scaling.' },
  with_std: { default: true, constraints: [boolean], description: 'If true, scale the data to unit variance.' },
};

export const standardScalerDefinition: EstimatorDefinition = { type: 'standard_scaler', displayName: 'StandardScaler', kind: 'transformer', schema: STANDARD_SCALER_SCHEMA };
