import { useState } from 'react';
import { useNavigate } from 'react-router-dom';

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

/** A detail page's Delete: asks, deletes, then goes to the list the thing was in. */
export function DeleteButton({ what, confirm, remove, listPath }: { what: string; confirm: string; remove: () => Promise<unknown>; listPath: string }) {
  const navigate = useNavigate();
  return (
    <ActionButton
      label={`Delete ${what}`}
      busyLabel="Deleting…"
      confirm={confirm}
      onAction={async () => {
        await remove();
        navigate(listPath);
      }}
    />
  );
}
