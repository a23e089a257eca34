import { DomainError } from '@mnist-lab/ml/spec';
import { NotFoundError } from './errors';

/*
 * Who may do what (issue #15). A key holds a role in a project, or is a global admin. Every run,
 * sweep, trial, model and dataset belongs to one project. The api authenticates the key (a guard)
 * and the services authorize each resource through `authorize`, so the rules live here once.
 */

export const ROLES = ['viewer', 'member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an action needs: `read` (viewer), `write` (member: submit, cancel, delete, upload, predict), `manage` (admin: projects, keys, quotas, audit). */
export type Permission = 'read' | 'write' | 'manage';

/** The project every existing resource and every key without another project belongs to. */
export const DEFAULT_PROJECT = 'default';

/** A project's name: what `POST /projects` accepts and `project=` filters by. */
export const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const PROJECT_NAME_RULE = '1-63 lower-case letters, digits, "_" or "-", starting with a letter or digit';

const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 0, member: 1, admin: 2 };
const PERMISSION_RANK: Readonly<Record<Permission, number>> = { read: 0, write: 1, manage: 2 };

export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_RANK[role] >= PERMISSION_RANK[permission];
}

/** The authenticated caller of a request, as the api's auth guard resolved its key. */
export interface Caller {
  /** The key's id (`env:admin` for ADMIN_API_KEY). Never the secret. */
  readonly keyId: string;
  readonly keyName: string;
  /** ADMIN_API_KEY, or a key created as a global admin: every permission in every project. */
  readonly globalAdmin: boolean;
  /** The caller's role in each project it belongs to. */
  readonly roles: Readonly<Record<string, Role>>;
}

/** `created_by` of runs, sweeps and models. */
export interface CreatedBy {
  readonly key_id: string;
  readonly name: string;
}

export function createdBy(caller: Caller): CreatedBy {
  return { key_id: caller.keyId, name: caller.keyName };
}

export function roleIn(caller: Caller, project: string): Role | null {
  if (caller.globalAdmin) return 'admin';
  return caller.roles[project] ?? null;
}

export function can(caller: Caller, project: string, permission: Permission): boolean {
  const role = roleIn(caller, project);
  return role !== null && roleGrants(role, permission);
}

/** The projects whose resources the caller may list: `all` for a global admin. */
export function readableProjects(caller: Caller): readonly string[] | 'all' {
  return caller.globalAdmin ? 'all' : Object.keys(caller.roles);
}

/**
 * The project a submission goes to: the one it names, else the caller's only project, else
 * `default`. The caller must be able to `permission` there (a project it cannot see is a 404).
 */
export function targetProject(caller: Caller, requested: string | undefined, permission: Permission = 'write'): string {
  const projects = Object.keys(caller.roles);
  const project = requested ?? (!caller.globalAdmin && projects.length === 1 ? projects[0] : DEFAULT_PROJECT);
  authorize(caller, { resource: 'project', id: project, project }, permission);
  return project;
}

/**
 * Throws unless the caller may `permission` the resource: a resource of a project the caller
 * cannot read answers as if it did not exist (404), one it can read but not change answers 403.
 */
export function authorize(caller: Caller, target: { readonly resource: string; readonly id: string; readonly project: string }, permission: Permission): void {
  if (!can(caller, target.project, 'read')) throw new NotFoundError(target.resource, target.id);
  if (!can(caller, target.project, permission)) {
    throw new ForbiddenError(`${caller.keyName} is ${roleIn(caller, target.project)} in project ${target.project}; this needs ${permission}`);
  }
}

/** No key, a malformed, unknown, expired or revoked key (401). */
export class UnauthenticatedError extends DomainError {
  override readonly name = 'UnauthenticatedError';
  readonly code = 'unauthenticated';
}

/** A valid key whose role does not allow this (403). */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
  readonly code = 'forbidden';
}

/** Too many requests from one key (429 with Retry-After). */
export class RateLimitedError extends DomainError {
  override readonly name = 'RateLimitedError';
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A submission that would take a project over one of its quotas (429; nothing was enqueued). */
export class QuotaExceededError extends DomainError {
  override readonly name = 'QuotaExceededError';
  readonly code = 'quota_exceeded';
  constructor(
    readonly quota: string,
    readonly limit: number,
    readonly usage: number,
    message: string,
  ) {
    super(message, { field: quota });
  }
}
