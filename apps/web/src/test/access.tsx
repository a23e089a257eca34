import type { ReactNode } from 'react';
import type { Role, WhoAmI } from '../api/types';
import { AccessContext } from '../auth/access-context';

export const callerWith = (role: Role, project = 'default'): WhoAmI => ({ key_id: 'key-1', name: 'alice', global_admin: false, roles: { [project]: role } });

/** A page as a key with `role` in project `default` sees it. */
export function AsRole({ role, children }: { role: Role; children: ReactNode }) {
  return <AccessContext.Provider value={{ caller: callerWith(role), projects: ['default'], project: 'default' }}>{children}</AccessContext.Provider>;
}
