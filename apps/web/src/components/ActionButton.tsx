import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { saveFile } from '../lib/save-file';

interface ActionButtonProps {
  label: string;
  busyLabel: string;
  /** Asked with window.confirm first (deletes cannot be undone). */
  confirm?: string;
  onAction: () => Promise<void>;
  /** Its look: a danger button unless given (a download is a plain one). */
  className?: string;
  'aria-label'?: string;
}

/** A button for a request (cancel, delete, download): disabled while it runs, its error shown beside it. */
export function ActionButton({ label, busyLabel, confirm, onAction, className = 'btn btn-danger', 'aria-label': ariaLabel }: ActionButtonProps) {
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
      <button type="button" className={className} onClick={act} disabled={busy} aria-label={ariaLabel}>
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

/** Downloads a model's artifact with the API key, under the file name the api gives it. */
export function DownloadModelButton({ modelId, label, className = 'btn', 'aria-label': ariaLabel }: { modelId: string; label: string; className?: string; 'aria-label'?: string }) {
  return (
    <ActionButton
      label={label}
      busyLabel="Downloading…"
      className={className}
      aria-label={ariaLabel}
      onAction={async () => {
        const { blob, fileName } = await api.models.artifact(modelId);
        saveFile(blob, fileName);
      }}
    />
  );
}
