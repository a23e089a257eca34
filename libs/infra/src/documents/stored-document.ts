import { InvalidStoredDataError } from '@mnist-lab/contracts';
import { InvalidParameterError } from '@mnist-lab/ml';
import { z } from 'zod';

/**
 * A table whose rows carry a `schema_version`: the layout of their JSON columns. `version` is the
 * one this code writes. Rows written before versioning were given version 1 by the migration that
 * added the column.
 */
export interface StoredTable {
  readonly name: string;
  readonly version: number;
}

export interface VersionedRow {
  readonly id: string;
  readonly schemaVersion: number;
}

/**
 * How one JSON column is read back: older documents go through `upgrades` one version at a time
 * (the migration path of old rows; a version missing here did not change this column), then
 * `decode` checks the result and types it.
 */
export interface DocumentCodec<T> {
  /** `upgrades[v]` turns a version-v document into a version v+1 one (asynchronously when it must read more of the row). */
  readonly upgrades: Readonly<Record<number, (document: unknown) => unknown>>;
  /** Throws a ZodError or an InvalidParameterError whose path locates the bad value in the document. */
  readonly decode: (document: unknown) => T;
}

/** A column checked by a zod schema, whose layout has not changed yet. */
export function zodCodec<S extends z.ZodType>(schema: S): DocumentCodec<z.output<S>> {
  return { upgrades: {}, decode: (document) => schema.parse(document) };
}

/**
 * Decodes `document`, stored in `column` of `row`, upgrading it first when the row is older than
 * `table.version`. Every failure is an InvalidStoredDataError naming the table, the row, the
 * column and the path inside it (`runs[<id>].spec.estimator.type: ...`).
 */
export async function decodeStored<T>(table: StoredTable, column: string, codec: DocumentCodec<T>, row: VersionedRow, document: unknown): Promise<T> {
  const version = row.schemaVersion;
  if (!Number.isInteger(version) || version < 1 || version > table.version) {
    throw new InvalidStoredDataError(
      table.name,
      row.id,
      column,
      `schema version ${version} is not one this mnist-lab reads (1 to ${table.version}): the row was written by a newer version, or damaged`,
    );
  }
  let current = document;
  for (let from = version; from < table.version; from++) {
    const upgrade = codec.upgrades[from];
    if (upgrade) current = await upgrade(current);
  }
  try {
    return codec.decode(current);
  } catch (error) {
    throw asStoredDataError(error, table.name, row.id, column);
  }
}

/** A codec for each JSON column of a row, keyed by the row's (camelCase) field. */
export type ColumnCodecs<Row> = { readonly [K in keyof Row]?: DocumentCodec<unknown> };

/** The row with each of those columns decoded to its codec's type. */
export type DecodedRow<Row, Codecs> = Omit<Row, keyof Codecs> & {
  readonly [K in keyof Codecs]: Codecs[K] extends DocumentCodec<infer T> ? T : never;
};

/** Decodes every JSON column of `row` that `codecs` names; errors name the column as Postgres does (`fit_info`). */
export async function decodeRow<Row extends VersionedRow, Codecs extends ColumnCodecs<Row>>(
  table: StoredTable,
  row: Row,
  codecs: Codecs,
): Promise<DecodedRow<Row, Codecs>> {
  const decoded: Record<string, unknown> = { ...(row as object) };
  for (const [field, codec] of Object.entries(codecs) as [keyof Row & string, DocumentCodec<unknown>][]) {
    decoded[field] = await decodeStored(table, snakeCase(field), codec, row, row[field]);
  }
  // Each field named by `codecs` now holds its codec's output, which is what DecodedRow says.
  return decoded as DecodedRow<Row, Codecs>;
}

const snakeCase = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function asStoredDataError(error: unknown, table: string, id: string, column: string): unknown {
  if (error instanceof z.ZodError) {
    const [issue] = error.issues;
    return new InvalidStoredDataError(table, id, joinPath(column, issue.path), issue.message);
  }
  if (error instanceof InvalidParameterError) return new InvalidStoredDataError(table, id, `${column}.${error.path}`, error.detail);
  return error;
}

/** `spec.estimator.steps[1][1]`, as InvalidParameterError paths read. */
function joinPath(column: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((joined, key) => (typeof key === 'number' ? `${joined}[${key}]` : `${joined}.${String(key)}`), column);
}
