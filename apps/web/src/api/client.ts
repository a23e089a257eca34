import type {
  Accepted,
  DatasetEntry,
  EstimatorInfo,
  ListModelsQuery,
  ListRunsQuery,
  ListSweepsQuery,
  ModelSummary,
  Page,
  Prediction,
  Run,
  RunSummary,
  Sweep,
  SweepSummary,
  WorkersOverview,
} from './types';

/**
 * A failed request. For a 400 the api names the offending input in `field`
 * (e.g. "estimator.steps[1][1].params.C"), so forms can show `message` next to it.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Query parameters; empty and undefined values are left out. */
type Query = Record<string, string | number | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, { query, body, signal }: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      signal,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'The api cannot be reached; check that it is running.');
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFrom(response, payload);
  return payload as T;
}

/** Nest's error bodies: {statusCode, error, message: string | string[], field?}. */
function errorFrom(response: Response, payload: unknown): ApiError {
  const body = (payload ?? {}) as { message?: unknown; field?: unknown };
  const message = Array.isArray(body.message) ? body.message.join('; ') : typeof body.message === 'string' ? body.message : response.statusText;
  return new ApiError(response.status, message || `HTTP ${response.status}`, typeof body.field === 'string' ? body.field : null);
}

export const api = {
  runs: {
    list: (query: ListRunsQuery, signal?: AbortSignal) => request<Page<RunSummary>>('GET', '/runs', { query, signal }),
    get: (id: string, signal?: AbortSignal) => request<Run>('GET', `/runs/${encodeURIComponent(id)}`, { signal }),
    submit: (body: unknown) => request<Accepted>('POST', '/runs', { body }),
    cancel: (id: string) => request<unknown>('POST', `/runs/${encodeURIComponent(id)}/cancel`),
    /** A finished run, with its results and model. */
    delete: (id: string) => request<null>('DELETE', `/runs/${encodeURIComponent(id)}`),
  },
  sweeps: {
    list: (query: ListSweepsQuery, signal?: AbortSignal) => request<Page<SweepSummary>>('GET', '/sweeps', { query, signal }),
    get: (id: string, signal?: AbortSignal) => request<Sweep>('GET', `/sweeps/${encodeURIComponent(id)}`, { signal }),
    eventsUrl: (id: string) => `/sweeps/${encodeURIComponent(id)}/events`,
    submit: (body: unknown) => request<Accepted>('POST', '/sweeps', { body }),
    cancel: (id: string) => request<unknown>('POST', `/sweeps/${encodeURIComponent(id)}/cancel`),
    /** A finished sweep, with its trials, refit run and model. */
    delete: (id: string) => request<null>('DELETE', `/sweeps/${encodeURIComponent(id)}`),
  },
  models: {
    list: (query: ListModelsQuery, signal?: AbortSignal) => request<Page<ModelSummary>>('GET', '/models', { query, signal }),
    artifactUrl: (id: string) => `/models/${encodeURIComponent(id)}/artifact`,
    delete: (id: string) => request<null>('DELETE', `/models/${encodeURIComponent(id)}`),
    predict: (id: string, instances: number[][]) =>
      request<{ predictions: Prediction[] }>('POST', `/models/${encodeURIComponent(id)}/predict`, { body: { instances } }),
  },
  estimators: {
    list: (signal?: AbortSignal) => request<EstimatorInfo[]>('GET', '/estimators', { signal }),
  },
  datasets: {
    list: (signal?: AbortSignal) => request<DatasetEntry[]>('GET', '/datasets', { signal }),
    imageUrl: (dataset: string, index: number, scale: number) =>
      apiUrl(`/datasets/${encodeURIComponent(dataset)}/images/${index}.png`, { scale }),
  },
  workers: {
    overview: (signal?: AbortSignal) => request<WorkersOverview>('GET', '/workers', { signal }),
  },
};
