import { InvalidParameterError } from '@mnist-lab/ml';

export interface Page<T> {
  readonly items: T[];
  /** Opaque; pass as `cursor` to get the next page. Null on the last page. */
  readonly nextCursor: string | null;
}

export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new InvalidParameterError('cursor', 'is not a cursor returned by this API');
  return id;
}
