import { useEffect, useState, type FormEvent } from 'react';
import { Field } from '../components/Field';
import { signIn } from './session';

/**
 * Asks for the API key (`mlk_…`, from an admin or `npm run keys:create`). It is checked by the
 * first request (GET /auth/whoami): a refused key comes back here with the api's message.
 */
export function KeyPrompt({ notice }: { notice: string | null }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    document.title = 'Sign in · mnist-lab';
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) setError('Enter an API key.');
    else signIn(trimmed);
  };
  return (
    <main className="gate">
      <form className="card stack" onSubmit={submit} noValidate aria-labelledby="key-prompt-title">
        <h1 id="key-prompt-title">Sign in to mnist-lab</h1>
        <p className="muted">
          Every request needs an API key. It is kept for this browser tab only and sent with each request; closing the tab or signing out forgets it.
        </p>
        {notice && (
          <div className="alert alert-error" role="alert">
            The api refused the key: {notice}
          </div>
        )}
        <Field label="API key" hint="From an admin, or npm run keys:create (keys start with mlk_)" error={error}>
          {(control) => (
            <input
              {...control}
              className="input mono"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={key}
              onChange={(event) => setKey(event.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            Sign in
          </button>
        </div>
      </form>
    </main>
  );
}
