import { describe, expect, it, vi } from 'vitest';
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
    expect(api.datasets.imageUrl('mnist_784', 7, 3)).toBe('/datasets/mnist_784/images/7.png?scale=3');
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
});
