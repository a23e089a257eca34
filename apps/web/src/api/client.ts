import { session, signOut } from '../auth/session';
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
  ProjectList,
  Run,
  RunSummary,
  Sweep,
  SweepSummary,
  WhoAmI,
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
type Query = Record<string, string | number | boolean | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  accept?: string;
}

function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The session's API key as the api expects it; nothing without one (the api answers 401 and the key prompt appears). */
function authorization(): Record<string, string> {
  const { key } = session.get();
  return key ? { authorization: `Bearer ${key}` } : {};
}

/** A list's query in the current project (`project=`), so every list shows one project. */
function inProject<Q extends object>(query: Q): Q & { project?: string } {
  const { project } = session.get();
  return project ? { ...query, project } : query;
}

/** A submission to the current project (`project` in the body). */
function toProject(body: unknown): unknown {
  const { project } = session.get();
  return project && typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, project } : body;
}

/**
 * Every request of the dashboard: the API key attached, a network failure and an error status
 * turned into an ApiError, and a 401 (no, a wrong, an expired or a revoked key) signing the
 * session out, which shows the key prompt.
 */
async function send(method: 'GET' | 'POST' | 'DELETE', path: string, { query, body, signal, accept = 'application/json' }: RequestOptions = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      signal,
      headers: { accept, ...(body !== undefined && { 'content-type': 'application/json' }), ...authorization() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'The api cannot be reached; check that it is running.');
  }
  if (response.ok) return response;
  const error = errorFrom(response, await response.json().catch(() => null));
  if (response.status === 401) signOut(error.message);
  throw error;
}

async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, options?: RequestOptions): Promise<T> {
  const response = await send(method, path, options);
  return (await response.json().catch(() => null)) as T;
}

/** A file the browser cannot fetch by itself, since an <img> or a download link cannot send the key. */
async function blob(path: string, signal?: AbortSignal): Promise<Blob> {
  return (await send('GET', path, { signal, accept: '*/*' })).blob();
}

/** Nest's error bodies: {statusCode, error, message: string | string[], field?}; a 429 also says when to retry. */
function errorFrom(response: Response, payload: unknown): ApiError {
  const body = (payload ?? {}) as { message?: unknown; field?: unknown };
  const message = Array.isArray(body.message) ? body.message.join('; ') : typeof body.message === 'string' ? body.message : response.statusText;
  const retryAfter = response.status === 429 ? response.headers.get('retry-after') : null;
  const text = (message || `HTTP ${response.status}`) + (retryAfter ? ` (try again in ${retryAfter} s)` : '');
  return new ApiError(response.status, text, typeof body.field === 'string' ? body.field : null);
}

export const api = {
  runs: {
    list: (query: ListRunsQuery, signal?: AbortSignal) => request<Page<RunSummary>>('GET', '/runs', { query: inProject(query), signal }),
    get: (id: string, signal?: AbortSignal) => request<Run>('GET', `/runs/${encodeURIComponent(id)}`, { signal }),
    submit: (body: unknown) => request<Accepted>('POST', '/runs', { body: toProject(body) }),
    cancel: (id: string) => request<unknown>('POST', `/runs/${encodeURIComponent(id)}/cancel`),
    /** A finished run, with its results and model. */
    delete: (id: string) => request<null>('DELETE', `/runs/${encodeURIComponent(id)}`),
  },
  sweeps: {
    list: (query: ListSweepsQuery, signal?: AbortSignal) => request<Page<SweepSummary>>('GET', '/sweeps', { query: inProject(query), signal }),
    get: (id: string, signal?: AbortSignal) => request<Sweep>('GET', `/sweeps/${encodeURIComponent(id)}`, { signal }),
    /** The sweep's Server-Sent Events, fetched (EventSource cannot send the key); read with readEvents. */
    events: (id: string, signal: AbortSignal) => send('GET', `/sweeps/${encodeURIComponent(id)}/events`, { signal, accept: 'text/event-stream' }),
    submit: (body: unknown) => request<Accepted>('POST', '/sweeps', { body: toProject(body) }),
    cancel: (id: string) => request<unknown>('POST', `/sweeps/${encodeURIComponent(id)}/cancel`),
    /** A finished sweep, with its trials, refit run and model. */
    delete: (id: string) => request<null>('DELETE', `/sweeps/${encodeURIComponent(id)}`),
  },
  models: {
    list: (query: ListModelsQuery, signal?: AbortSignal) => request<Page<ModelSummary>>('GET', '/models', { query: inProject(query), signal }),
    /** The artifact's bytes and the file name the api gives it. */
    artifact: async (id: string) => {
      const response = await send('GET', `/models/${encodeURIComponent(id)}/artifact`, { accept: 'application/octet-stream' });
      const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `model-${id.slice(0, 8)}.mnlab`;
      return { blob: await response.blob(), fileName };
    },
    delete: (id: string) => request<null>('DELETE', `/models/${encodeURIComponent(id)}`),
    predict: (id: string, instances: number[][]) =>
      request<{ predictions: Prediction[] }>('POST', `/models/${encodeURIComponent(id)}/predict`, { body: { instances } }),
  },
  estimators: {
    list: (signal?: AbortSignal) => request<EstimatorInfo[]>('GET', '/estimators', { signal }),
  },
  datasets: {
    list: (signal?: AbortSignal) => request<DatasetEntry[]>('GET', '/datasets', { query: inProject({}), signal }),
    image: (dataset: string, index: number, scale: number, signal?: AbortSignal) =>
      blob(apiUrl(`/datasets/${encodeURIComponent(dataset)}/images/${index}.png`, { scale }), signal),
  },
  workers: {
    overview: (signal?: AbortSignal) => request<WorkersOverview>('GET', '/workers', { signal }),
  },
  auth: {
    whoami: (signal?: AbortSignal) => request<WhoAmI>('GET', '/auth/whoami', { signal }),
  },
  projects: {
    list: async (signal?: AbortSignal) => (await request<ProjectList>('GET', '/projects', { signal })).items,
  },
};
