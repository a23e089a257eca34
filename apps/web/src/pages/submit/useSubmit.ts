import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import type { Accepted } from '../../api/types';

export interface SubmitError {
  /** The request field the api (or the form) found wrong, e.g. "split.test_size"; null if none. */
  field: string | null;
  message: string;
}

/** Sends a form's request; on success opens the new run or sweep, on a 400 keeps the field-named error. */
export function useSubmit(send: (body: unknown) => Promise<Accepted>, pageOf: (id: string) => string) {
  const navigate = useNavigate();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<SubmitError>();
  const formRef = useRef<HTMLFormElement>(null);

  // Take the keyboard to the input the error names.
  useEffect(() => {
    if (error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);

  const submit = async (body: unknown) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const { id } = await send(body);
      navigate(pageOf(id));
    } catch (reason) {
      setError(reason instanceof ApiError ? { field: reason.field, message: reason.message } : { field: null, message: String(reason) });
    } finally {
      setSubmitting(false);
    }
  };

  /** The error's message when it names `path` (or, with `nested`, anything inside it), without the path the input already shows. */
  const errorAt = (path: string, nested = false): string | undefined => {
    const field = error?.field;
    if (!field || !(field === path || (nested && (field.startsWith(`${path}.`) || field.startsWith(`${path}[`))))) return undefined;
    return field === path && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
  };

  return { formRef, submit, submitting, error, setError, errorAt };
}
