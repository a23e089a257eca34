/** The form's submit button; it says so while the request is on its way. */
export function SubmitButton({ submitting, label }: { submitting: boolean; label: string }) {
  return (
    <div className="form-actions">
      <button type="submit" className="btn btn-primary" disabled={submitting}>
        {submitting ? 'Submitting…' : label}
      </button>
    </div>
  );
}
