import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { WhoAmI } from '../api/types';
import { App } from '../App';
import { callerWith } from '../test/access';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const PROJECTS = [{ name: 'default', created_at: '2026-12-01T00:00:00.000Z' }, { name: 'vision', created_at: '2026-12-02T00:00:00.000Z' }];
const NO_RUNS = { items: [], next_cursor: null };

/** The api for one key: `mlk_good` is `caller`, any other key is refused with a 401. */
function serve(caller: WhoAmI, overrides: Record<string, () => Response> = {}) {
  const answers: Record<string, () => Response> = {
    '/auth/whoami': () => json(200, caller),
    '/projects': () => json(200, { items: PROJECTS }),
    '/runs': () => json(200, NO_RUNS),
    '/datasets': () => json(200, [{ name: 'mnist_784' }]),
    ...overrides,
  };
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (new Headers(init?.headers).get('authorization') !== 'Bearer mlk_good') return json(401, { error: 'unauthenticated', message: 'unknown API key' });
    return answers[url.split('?')[0]]?.() ?? json(404, { message: `no ${url}` });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function signInWith(key: string) {
  fireEvent.change(screen.getByLabelText('API key'), { target: { value: key } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

const requested = (fetchMock: ReturnType<typeof serve>) => fetchMock.mock.calls.map(([url]) => url);

describe('the key prompt', () => {
  it('asks for a key before any request, and opens the dashboard in the default project with it', async () => {
    const fetchMock = serve(callerWith('member'));
    render(<App />);
    expect(screen.getByRole('heading', { name: 'Sign in to mnist-lab' })).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();

    signInWith('mlk_good');
    // The first page loads its lazy chunk: slower than the default second.
    await screen.findByRole('heading', { name: 'Runs' }, { timeout: 10_000 });
    expect(sessionStorage.getItem('mnist-lab.api-key')).toBe('mlk_good');
    expect((screen.getByLabelText('Project') as HTMLSelectElement).value).toBe('default');
    await waitFor(() => expect(requested(fetchMock)).toContain('/runs?sort=created_at&limit=20&project=default'));
    expect(within(screen.getByRole('banner')).getByText('alice')).toBeTruthy();
  });

  it("comes back with the api's message when the key is refused, at sign-in or later", async () => {
    serve(callerWith('member'), { '/runs': () => json(401, { error: 'unauthenticated', message: 'the key expired' }) });
    render(<App />);
    signInWith('mlk_wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('The api refused the key: unknown API key');
    expect(sessionStorage.getItem('mnist-lab.api-key')).toBeNull();

    signInWith('mlk_good');
    expect((await screen.findByRole('alert')).textContent).toBe('The api refused the key: the key expired');
    expect(screen.getByRole('heading', { name: 'Sign in to mnist-lab' })).toBeTruthy();
  });

  it('keeps the key for the browser session, switches project, and forgets the key on sign out', async () => {
    sessionStorage.setItem('mnist-lab.api-key', 'mlk_good');
    sessionStorage.setItem('mnist-lab.project', 'vision');
    const fetchMock = serve({ ...callerWith('member'), global_admin: true, roles: {} });
    render(<App />);
    const project = (await screen.findByLabelText('Project')) as HTMLSelectElement;
    expect(within(project).getAllByRole('option').map((option) => option.textContent)).toEqual(['default', 'vision']);
    expect(project.value).toBe('vision');
    await waitFor(() => expect(requested(fetchMock)).toContain('/runs?sort=created_at&limit=20&project=vision'));

    fireEvent.change(project, { target: { value: 'default' } });
    expect(sessionStorage.getItem('mnist-lab.project')).toBe('default');
    await waitFor(() => expect(requested(fetchMock)).toContain('/runs?sort=created_at&limit=20&project=default'));
    expect(screen.getByText('global admin')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByRole('heading', { name: 'Sign in to mnist-lab' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sessionStorage.getItem('mnist-lab.api-key')).toBeNull();
  });

  it("hides a viewer's submit, playground and delete controls in the project it only views", async () => {
    sessionStorage.setItem('mnist-lab.api-key', 'mlk_good');
    const model = { id: 'model-1', model_type: 'random_forest', dataset: 'mnist_784', sha256: 'ab'.repeat(32), size_bytes: 10, run_id: null, project: 'default', created_by: { key_id: 'key-2', name: 'bob' }, created_at: '2026-12-03T14:00:00.000Z' };
    serve({ ...callerWith('viewer'), roles: { default: 'viewer', vision: 'member' } }, { '/models': () => json(200, { items: [model], next_cursor: null }) });
    window.location.hash = '#/models';
    render(<App />);
    const row = (await screen.findAllByRole('row'))[1];
    expect(within(row).getByText('bob')).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Download model model-1' })).toBeTruthy();
    expect(within(row).queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(within(row).queryByRole('link', { name: /Try model/ })).toBeNull();
    const nav = () => within(screen.getByRole('navigation', { name: 'Main' })).getAllByRole('link').map((link) => link.textContent);
    expect(nav()).toEqual(['Runs', 'Sweeps', 'Compare', 'Models', 'Workers']);

    window.location.hash = '#/submit';
    expect((await screen.findByRole('status')).textContent).toMatch(/^The key alice is a viewer in project default: it may read everything there but not start runs or sweeps/);
    expect(screen.queryByRole('form')).toBeNull();

    // A member of the other project gets the controls back there.
    fireEvent.change(screen.getByLabelText('Project'), { target: { value: 'vision' } });
    expect(await screen.findByRole('form', { name: 'New training run' })).toBeTruthy();
    expect(nav()).toContain('New experiment');
  });
});
