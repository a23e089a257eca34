interface PagerProps {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}

export function Pager({ page, hasPrevious, hasNext, onPrevious, onNext }: PagerProps) {
  return (
    <nav className="pager" aria-label="Pagination">
      <span className="muted">Page {page}</span>
      <button type="button" className="btn btn-small" onClick={onPrevious} disabled={!hasPrevious}>
        Previous
      </button>
      <button type="button" className="btn btn-small" onClick={onNext} disabled={!hasNext}>
        Next
      </button>
    </nav>
  );
}
