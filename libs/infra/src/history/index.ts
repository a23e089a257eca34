export * from './query-error';
export * from './grammar';
export * from './fields';
export * from './compile-filter';
export * from './order';
export * from './history-search';
export * from './run-metrics';
export * from './metadata';
