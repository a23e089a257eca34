interface ProgressBarProps {
  total: number;
  succeeded: number;
  failed: number;
  running?: number;
  label: string;
}

/** Done (and failed) out of total, with the running share shown lighter. */
export function ProgressBar({ total, succeeded, failed, running = 0, label }: ProgressBarProps) {
  const share = (count: number) => `${total > 0 ? (100 * count) / total : 0}%`;
  const done = succeeded + failed;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
      <div className="progress-bar">
        <div className="progress-done" style={{ width: share(succeeded) }} />
        <div className="progress-failed" style={{ width: share(failed) }} />
        <div className="progress-running" style={{ width: share(running) }} />
      </div>
    </div>
  );
}
