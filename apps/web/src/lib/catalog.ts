import type { RunStatus, SweepStatus } from '../api/types';

// Keyed objects rather than lists, so that the compiler checks them against the api's enums both ways.
const RUN_STATUS_ORDER = { queued: 0, running: 1, succeeded: 2, failed: 3, cancelled: 4 } satisfies Record<RunStatus, number>;
const SWEEP_STATUS_ORDER = { ...RUN_STATUS_ORDER, refitting: 2, succeeded: 3, failed: 4, cancelled: 5 } satisfies Record<SweepStatus, number>;
const inOrder = <T extends string>(order: Record<T, number>) => (Object.keys(order) as T[]).sort((a, b) => order[a] - order[b]);

export const RUN_STATUSES: readonly RunStatus[] = inOrder(RUN_STATUS_ORDER);
export const SWEEP_STATUSES: readonly SweepStatus[] = inOrder(SWEEP_STATUS_ORDER);

const FINISHED = new Set<string>(['succeeded', 'failed', 'cancelled']);

/** A run, sweep or trial that will not change any more. */
export const isFinished = (status: string): boolean => FINISHED.has(status);
