import { useState } from 'react';

interface ActionButtonProps {
  label: string;
  busyLabel: string;
  /** Asked with window.confirm first (deletes cannot be undone). */
  confirm?: string;
  onAction: () => Promise<void>;
}

/** A button for a request that changes something (cancel, delete): disabled while it runs, its error shown beside it. */
export function ActionButton({ label, busyLabel, confirm, onAction }: ActionButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const act = async () => {
    if (confirm && !window.confirm(confirm)) return;
    setBusy(true);
    setError(undefined);
    try {
      await onAction();
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
      <button type="button" className="btn btn-danger" onClick={act} disabled={busy}>
        {busy ? busyLabel : label}
      </button>
    </>
  );
}
