export * from './base/matrix';
export * from './base/errors';
export * from './base/params';
export * from './base/estimator';
export * from './base/base-estimator';
export * from './base/registry';
export * from './utils/random';
export * from './compose/pipeline';
