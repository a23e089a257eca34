export * from './access';
export * from './errors';
export * from './jobs';
export * from './run-request';
export * from './run-outcome';
export * from './sweep-request';
export * from './metadata';
