import type { CreatedBy } from '../api/types';

/** Who submitted a run or sweep (or made a model): the key's name, its id on hover; a dash for rows older than API keys. */
export function SubmittedBy({ createdBy }: { createdBy: CreatedBy | null }) {
  return createdBy ? <span title={`key ${createdBy.key_id}`}>{createdBy.name}</span> : <span className="muted">—</span>;
}
