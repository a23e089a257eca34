import type { RunStatus, SweepStatus } from '../api/types';

/** What the api accepts today (libs/ml's DATASETS and estimator registry). */
export const DATASETS = ['mnist_784'] as const;
export const MODEL_TYPES = ['logistic_regression', 'random_forest'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
export const SWEEP_STATUSES: readonly SweepStatus[] = ['queued', 'running', 'refitting', 'succeeded', 'failed', 'cancelled'];

const FINISHED = new Set<string>(['succeeded', 'failed', 'cancelled']);

/** A run, sweep or trial that will not change any more. */
export const isFinished = (status: string): boolean => FINISHED.has(status);
