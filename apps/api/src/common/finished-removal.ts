import { ConflictError, found } from '@mnist-lab/contracts';

/** What a repository's `remove` answers: null when there is no such row, `deleted: false` while it is unfinished. */
export type Removal = { deleted: boolean; status: string } | null;

/**
 * A run's or sweep's delete: a 404 when there was none, a 409 naming the cancel route when it has
 * not finished yet (the repository deletes only finished ones).
 */
export function finishedRemoval(resource: 'run' | 'sweep', id: string, removal: Removal): void {
  const outcome = found(removal, resource, id);
  if (!outcome.deleted) {
    throw new ConflictError(`${resource} ${id} is ${outcome.status}: cancel it first (POST /${resource}s/${id}/cancel), then delete it`);
  }
}
