import { InvalidParameterError } from '@mnist-lab/ml';

export interface Page<T> {
  readonly items: T[];
  /** Opaque; pass as `cursor` to get the next page. Null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageQuery {
  readonly limit: number;
  readonly cursor?: string;
}

/** Prisma's keyset arguments: one row more than the page, after the cursor's row. */
export interface KeysetArgs {
  readonly take: number;
  readonly cursor?: { readonly id: string };
  readonly skip?: number;
}

export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new InvalidParameterError('cursor', 'is not a cursor returned by this API');
  return id;
}

/**
 * One page of a listing ordered by (sort key, id), keyset-paginated in SQL: `findMany` is given
 * the cursor's row and one row more than the page, which says whether a next page exists; each
 * row of the page is then decoded.
 */
export async function keysetPage<Row extends { id: string }, T>(
  query: PageQuery,
  findMany: (args: KeysetArgs) => Promise<Row[]>,
  decode: (row: Row) => Promise<T>,
): Promise<Page<T>> {
  const cursorId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await findMany({ take: query.limit + 1, ...(cursorId ? { cursor: { id: cursorId }, skip: 1 } : {}) });
  const page = rows.slice(0, query.limit);
  return {
    items: await Promise.all(page.map(decode)),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
  };
}
