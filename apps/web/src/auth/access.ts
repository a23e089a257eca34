import type { Role, WhoAmI } from '../api/types';

/*
 * The api's rule (libs/contracts/src/access.ts), repeated for the dashboard, which cannot import
 * that lib (it is built for Node). Only used to hide what the api would refuse anyway: a viewer
 * reads, a member also submits, cancels, deletes, uploads and predicts, an admin also manages.
 */

export type Permission = 'read' | 'write' | 'manage';

const RANK: Readonly<Record<Role | Permission, number>> = { viewer: 0, read: 0, member: 1, write: 1, admin: 2, manage: 2 };

export function roleIn(caller: WhoAmI, project: string): Role | null {
  return caller.global_admin ? 'admin' : (caller.roles[project] ?? null);
}

export function can(caller: WhoAmI, project: string, permission: Permission): boolean {
  const role = roleIn(caller, project);
  return role !== null && RANK[role] >= RANK[permission];
}
