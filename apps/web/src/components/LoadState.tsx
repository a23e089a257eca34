import { ApiError } from '../api/client';

export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" role="status">
      Loading {what}…
    </div>
  );
}

/** A failed request, with the api's message; a 404 says the endpoint or record is not there. */
export function ErrorAlert({ error, what }: { error: Error; what: string }) {
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <div className={missing ? 'alert alert-warning' : 'alert alert-error'} role="alert">
      {missing ? `${what}: not found. ` : `Could not load ${what}: `}
      {error.message}
    </div>
  );
}
