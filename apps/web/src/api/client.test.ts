import { describe, expect, it, vi } from 'vitest';
import { selectProject, session, signIn } from '../auth/session';
import { ApiError, api } from './client';

function answer(status: number, body: unknown) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}


describe('api client', () => {
  it('puts a list query in the URL, without undefined or empty values', async () => {
    const fetchMock = answer(200, { items: [], next_cursor: null });
    await api.runs.list({ status: 'succeeded', model_type: '', sort: 'test_accuracy', limit: 20, cursor: undefined });
    expect(fetchMock.mock.calls[0][0]).toBe('/runs?status=succeeded&sort=test_accuracy&limit=20');
    expect(fetchMock.mock.calls[0][1]?.method).toBe('GET');
  });

  it('escapes ids in paths and sends bodies as JSON', async () => {
    const fetchMock = answer(202, { id: 'r1', status: 'queued' });
    await expect(api.runs.submit({ dataset: 'mnist_784' })).resolves.toEqual({ id: 'r1', status: 'queued' });
    expect(fetchMock.mock.calls[0][1]).toMatchObject({ method: 'POST', body: '{"dataset":"mnist_784"}', headers: { 'content-type': 'application/json' } });
    answer(200, {});
    await api.sweeps.get('a/b');
    expect(vi.mocked(fetch).mock.calls[0][0]).toBe('/sweeps/a%2Fb');
  });

  it("turns an error response into an ApiError with the api's message and field", async () => {
    answer(400, { error: 'invalid_parameter', message: 'estimator.params.C: must be a float in the range (0, inf); got -1', field: 'estimator.params.C' });
    const error = await api.runs.submit({}).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, field: 'estimator.params.C', message: 'estimator.params.C: must be a float in the range (0, inf); got -1' });
  });

  it('says when the api cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(api.workers.overview()).rejects.toMatchObject({ status: 0, message: 'The api cannot be reached; check that it is running.' });
  });

  it('sends the session\'s API key with every request, files and streams included, and none without one', async () => {
    const fetchMock = answer(200, {});
    await api.workers.overview();
    expect(new Headers(fetchMock.mock.calls[0][1]?.headers).has('authorization')).toBe(false);

    signIn('mlk_secret');
    await api.runs.get('r1');
    await api.datasets.image('mnist_784', 7, 3);
    await api.models.artifact('m1');
    await api.sweeps.events('s1', new AbortController().signal);
    expect(fetchMock.mock.calls.slice(1).map(([url, init]) => [url, new Headers(init?.headers).get('authorization')])).toEqual([
      ['/runs/r1', 'Bearer mlk_secret'],
      ['/datasets/mnist_784/images/7.png?scale=3', 'Bearer mlk_secret'],
      ['/models/m1/artifact', 'Bearer mlk_secret'],
      ['/sweeps/s1/events', 'Bearer mlk_secret'],
    ]);
  });

  it('lists and submits in the current project', async () => {
    const fetchMock = answer(202, { id: 'r1', status: 'queued' });
    selectProject('vision');
    await api.runs.list({ limit: 20 });
    await api.models.list({});
    await api.runs.submit({ dataset: 'mnist_784' });
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/runs?limit=20&project=vision', '/models?project=vision', '/runs']);
    expect(JSON.parse(String(fetchMock.mock.calls[2][1]?.body))).toEqual({ dataset: 'mnist_784', project: 'vision' });
  });

  it("signs the session out on a 401, keeping the api's message for the key prompt", async () => {
    signIn('mlk_revoked');
    answer(401, { error: 'unauthenticated', message: 'the key was revoked' });
    await expect(api.runs.list({})).rejects.toMatchObject({ status: 401, message: 'the key was revoked' });
    expect(session.get()).toMatchObject({ key: null, notice: 'the key was revoked' });
    expect(sessionStorage.getItem('mnist-lab.api-key')).toBeNull();
  });

  it('keeps the key on a 403 and says when to retry after a 429', async () => {
    signIn('mlk_viewer');
    answer(403, { error: 'forbidden', message: 'alice is viewer in project default; this needs write' });
    await expect(api.runs.cancel('r1')).rejects.toMatchObject({ status: 403 });
    expect(session.get().key).toBe('mlk_viewer');
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'rate_limited', message: 'Too many requests' }), { status: 429, headers: { 'retry-after': '12' } })));
    await expect(api.runs.list({})).rejects.toMatchObject({ status: 429, message: 'Too many requests (try again in 12 s)' });
  });
});
