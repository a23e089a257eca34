import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { api } from '../api/client';
import type { Project, WhoAmI } from '../api/types';
import { ErrorAlert, Loading } from '../components/LoadState';
import { useApi } from '../hooks/useApi';
import { AccessContext } from './access-context';
import { KeyPrompt } from './KeyPrompt';
import { DEFAULT_PROJECT, selectProject, session, signOut } from './session';

/**
 * The dashboard behind an API key: the key prompt while the session has none (or the api refused
 * it), then who the key is and which projects it sees, with the current project chosen.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { key, project, notice } = useSyncExternalStore(session.subscribe, session.get);
  if (!key) return <KeyPrompt notice={notice} />;
  return (
    <SignedIn key={key} storedProject={project}>
      {children}
    </SignedIn>
  );
}

function SignedIn({ storedProject, children }: { storedProject: string | null; children: ReactNode }) {
  const access = useApi('access', (signal) => Promise.all([api.auth.whoami(signal), api.projects.list(signal)]));
  const visible = access.data && visibleProjects(...access.data);
  const project = visible && currentProject(visible, storedProject);
  // Lists and submissions read the project from the session: settle it there before any page loads.
  useEffect(() => {
    if (project && project !== storedProject) selectProject(project);
  }, [project, storedProject]);

  if (access.error) {
    return (
      <GateMessage>
        <ErrorAlert error={access.error} what="your key's access" />
        <SignOutButton />
      </GateMessage>
    );
  }
  if (!access.data || !visible) return <Loading what="your key's access" />;
  if (!project) {
    return (
      <GateMessage>
        <div className="alert alert-warning" role="alert">
          The key {access.data[0].name} belongs to no project yet; ask an admin for a role in one.
        </div>
        <SignOutButton />
      </GateMessage>
    );
  }
  if (project !== storedProject) return <Loading what="the project" />;
  return <AccessContext.Provider value={{ caller: access.data[0], projects: visible, project }}>{children}</AccessContext.Provider>;
}

/** The projects GET /projects lists, and those the key holds a role in, sorted. */
function visibleProjects(caller: WhoAmI, listed: readonly Project[]): string[] {
  return [...new Set([...listed.map((project) => project.name), ...Object.keys(caller.roles)])].sort();
}

/** The session's project while the key still sees it, else `default`, else the first. */
function currentProject(projects: readonly string[], stored: string | null): string | undefined {
  if (stored && projects.includes(stored)) return stored;
  return projects.includes(DEFAULT_PROJECT) ? DEFAULT_PROJECT : projects[0];
}

function GateMessage({ children }: { children: ReactNode }) {
  return (
    <main className="gate">
      <div className="card stack">{children}</div>
    </main>
  );
}

export function SignOutButton() {
  return (
    <button type="button" className="btn" onClick={() => signOut()}>
      Sign out
    </button>
  );
}
