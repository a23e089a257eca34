export * from './query-error';
export * from './grammar';
export * from './fields';
export * from './compile-filter';
export * from './order';
export * from './run-history';
export * from './history.module';
export * from './run-metrics';
