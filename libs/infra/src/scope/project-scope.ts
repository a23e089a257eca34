import { DEFAULT_PROJECT, type CreatedBy } from '@mnist-lab/contracts';

/**
 * Which projects a listing reads (issue #15): the caller's readable projects (`all` for a global
 * admin), narrowed to the one it asked for with `project=`. A requested project outside the
 * readable ones lists nothing.
 */
export interface ProjectScope {
  readonly projects: readonly string[] | 'all';
  readonly project?: string;
}

export function inScope(project: string, scope: ProjectScope): boolean {
  return (scope.project === undefined || scope.project === project) && (scope.projects === 'all' || scope.projects.includes(project));
}

/** The `where` of a scoped listing, on a table with a `project` column. */
export function projectWhere(scope: ProjectScope): { project?: string | { in: string[] } } {
  if (scope.project !== undefined) {
    return scope.projects === 'all' || scope.projects.includes(scope.project) ? { project: scope.project } : { project: { in: [] } };
  }
  return scope.projects === 'all' ? {} : { project: { in: [...scope.projects] } };
}

/** Whom a new row belongs to: its project and the key that created it (null outside the api: tools, tests). */
export interface Owner {
  readonly project: string;
  readonly createdBy: CreatedBy | null;
}

/** Rows created without a caller (tools, benchmarks) belong to `default` and have no creator. */
export const UNOWNED: Owner = { project: DEFAULT_PROJECT, createdBy: null };

/** The owner columns of runs, sweeps, model artifacts and datasets. */
export function ownerColumns(owner: Owner): { project: string; createdByKeyId: string | null; createdByName: string | null } {
  return { project: owner.project, createdByKeyId: owner.createdBy?.key_id ?? null, createdByName: owner.createdBy?.name ?? null };
}

/** The owner of a stored row, so that what it makes (a sweep's refit run, a run's model) belongs where it does. */
export function ownerOf(row: { project: string; createdByKeyId: string | null; createdByName: string | null }): Owner {
  return {
    project: row.project,
    createdBy: row.createdByKeyId === null ? null : { key_id: row.createdByKeyId, name: row.createdByName ?? row.createdByKeyId },
  };
}
