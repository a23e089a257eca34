/*
 * The browser session's API key and current project. Both live in sessionStorage: they survive a
 * reload of the tab but not its closing, and no other tab or site sees them. The api client reads
 * the key for every request and signs out here when the api answers 401, so a revoked or expired
 * key brings the key prompt back wherever the dashboard is.
 */

const KEY_ITEM = 'mnist-lab.api-key';
const PROJECT_ITEM = 'mnist-lab.project';

/** The project every existing resource belongs to (libs/contracts' DEFAULT_PROJECT). */
export const DEFAULT_PROJECT = 'default';

export interface Session {
  readonly key: string | null;
  readonly project: string | null;
  /** Why the key prompt is shown again (the api's 401 message); null on a first visit or after "Sign out". */
  readonly notice: string | null;
}

const listeners = new Set<() => void>();
let notice: string | null = null;
let current: Session = { key: null, project: null, notice: null };

function changed(): void {
  for (const listener of listeners) listener();
}

/** For useSyncExternalStore: read from sessionStorage each time, the same object until something changed. */
export const session = {
  get(): Session {
    const key = sessionStorage.getItem(KEY_ITEM);
    const project = sessionStorage.getItem(PROJECT_ITEM);
    if (key !== current.key || project !== current.project || notice !== current.notice) current = { key, project, notice };
    return current;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function signIn(key: string): void {
  sessionStorage.setItem(KEY_ITEM, key);
  notice = null;
  changed();
}

/** Forgets the key (the project stays: the next key's projects are checked against it). */
export function signOut(reason: string | null = null): void {
  sessionStorage.removeItem(KEY_ITEM);
  notice = reason;
  changed();
}

export function selectProject(project: string): void {
  sessionStorage.setItem(PROJECT_ITEM, project);
  changed();
}
