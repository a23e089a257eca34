import { authorize, DEFAULT_PROJECT, found, PROJECT_NAME, PROJECT_NAME_RULE, readableProjects, type Caller, type CreatedBy, type Permission } from '@mnist-lab/contracts';
import { InvalidParameterError } from '@mnist-lab/ml/spec';

/**
 * Which projects a listing reads (issue #15): the caller's readable projects (`all` for a global
 * admin), narrowed to the one it asked for with `project=`. A requested project outside the
 * readable ones lists nothing.
 */
export interface ProjectScope {
  readonly projects: readonly string[] | 'all';
  readonly project?: string;
}

/** The `project` a request names (a body field, form field or query parameter), checked: undefined when it names none. */
export function requestedProject(value: unknown, field = 'project'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !PROJECT_NAME.test(value)) throw new InvalidParameterError(field, `must be ${PROJECT_NAME_RULE}; got ${JSON.stringify(value)}`);
  return value;
}

/** The caller's scope, narrowed to `project` when the request names one. */
export function callerScope(caller: Caller, project?: string): ProjectScope {
  return { projects: readableProjects(caller), project };
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

/** `project` and `created_by` as the API shows a run, sweep or model. */
export function ownership(row: { project: string; createdByKeyId: string | null; createdByName: string | null }): { project: string; created_by: CreatedBy | null } {
  return { project: row.project, created_by: ownerOf(row).createdBy };
}

/**
 * The stored row if the caller may `permission` it: none, or one of a project the caller cannot
 * read, is a NotFoundError (404, as if it did not exist); one it may read but not change, a
 * ForbiddenError (403).
 */
export function authorized<T extends { readonly project: string }>(caller: Caller, row: T | null, resource: string, id: string, permission: Permission): T {
  const value = found(row, resource, id);
  authorize(caller, { resource, id, project: value.project }, permission);
  return value;
}
