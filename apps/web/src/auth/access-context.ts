import { createContext, useContext } from 'react';
import type { Role, WhoAmI } from '../api/types';
import { can, roleIn, type Permission } from './access';

/** The signed-in key, the projects it sees, and the current one. */
export interface Access {
  readonly caller: WhoAmI;
  readonly projects: readonly string[];
  readonly project: string;
}

export const AccessContext = createContext<Access | null>(null);

/** The signed-in caller; only inside the AuthGate (tests wrap pages in an AccessContext). */
export function useAccess(): Access & { role: Role | null; can: (permission: Permission, project?: string) => boolean } {
  const access = useContext(AccessContext);
  if (!access) throw new Error('useAccess outside the AuthGate');
  return {
    ...access,
    role: roleIn(access.caller, access.project),
    can: (permission, project = access.project) => can(access.caller, project, permission),
  };
}
