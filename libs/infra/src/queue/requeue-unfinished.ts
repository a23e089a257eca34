import type { RunsRepository } from '../runs/runs.repository';
import type { SweepsRepository, TrialKey } from '../sweeps/sweeps.repository';
import type { JobQueue } from './job-queue';

/**
 * Queues again every unfinished run and trial that Postgres knows of, for when Redis lost its jobs.
 * Each project's work goes back in the order it was submitted (runs by creation, sweeps by
 * creation, each sweep's trials costliest candidate first), so the projects take turns again as
 * they did before (fair-share.ts). Jobs still queued are left as they are. Returns how many jobs
 * were added.
 */
export async function requeueUnfinished(jobs: JobQueue, runs: RunsRepository, sweeps: SweepsRepository): Promise<number> {
  let added = 0;
  const runsByProject = groupBy(await runs.findUnfinished(), (run) => run.project);
  for (const [project, projectRuns] of runsByProject) {
    added += await jobs.enqueueRuns(project, projectRuns.map(({ id }) => id));
  }
  const trialsBySweep = groupBy(await sweeps.unfinishedTrials(), (trial: TrialKey) => trial.sweepId);
  const stored = await Promise.all([...trialsBySweep.keys()].map((sweepId) => sweeps.findSweep(sweepId)));
  const inSubmissionOrder = stored.flatMap((sweep) => (sweep ? [sweep] : [])).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const sweep of inSubmissionOrder) {
    const plan = { id: sweep.id, project: sweep.project, estimator: sweep.spec.estimator, candidates: sweep.candidates, cv: sweep.spec.cv };
    added += await jobs.enqueueTrials(plan, trialsBySweep.get(sweep.id));
  }
  return added;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
