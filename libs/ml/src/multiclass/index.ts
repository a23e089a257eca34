export * from './decomposition';
export * from './one-vs-one';
export * from './one-vs-rest';
export * from './pairwise-coupling';
export { effectiveNJobs, fitBinaryProblems, type BinaryProblem, type FittedBinaryProblems } from './parallel-fit';
