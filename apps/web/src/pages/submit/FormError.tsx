import type { SubmitError } from './useSubmit';

/** An error the form has no input for (e.g. an unknown parameter): shown above the form, with its field. */
export function FormError({ error, shownAtField }: { error: SubmitError | undefined; shownAtField: readonly string[] }) {
  if (!error || (error.field && shownAtField.some((path) => error.field === path || error.field?.startsWith(`${path}.`)))) return null;
  return (
    <div className="alert alert-error" role="alert">
      {error.field && <strong className="mono">{error.field}: </strong>}
      {error.message}
    </div>
  );
}
