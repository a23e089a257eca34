import { ARTIFACT_MAGIC, MAX_ARTIFACT_HEADER_BYTES, type ArrayDtype, type ArtifactHeader, type HeaderState } from '@mnist-lab/ml';
import { z } from 'zod';
import type { ModelArtifact } from '../generated/prisma/client';
import { decodeStored, type DocumentCodec, type StoredTable } from '../documents/stored-document';

/**
 * Version 2: `header` is always the artifact's own JSON header. Version 1 rows of runs trained
 * before the worker stored the real header hold only the metadata it passed to the encoder
 * (dataset, split, metrics); their upgrade reads the header from the artifact's bytes.
 */
export const MODEL_ARTIFACTS: StoredTable = { name: 'model_artifacts', version: 2 };

/** A stored model without its bytes: what listings and metadata need. */
export type ModelInfo = Omit<ModelArtifact, 'data' | 'header'> & { readonly header: ArtifactHeader };

/** The first `length` bytes at `offset` of a row's artifact, or null when the row is gone. */
export type ArtifactBytesReader = (offset: number, length: number) => Promise<Buffer | null>;

const json = z.json();
const headerState: z.ZodType<HeaderState> = z.lazy(() =>
  z.object({ type: z.string(), params: z.record(z.string(), json), attributes: z.record(z.string(), json), children: z.array(headerState) }),
);
const count = z.int().nonnegative();
const DTYPES: readonly ArrayDtype[] = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];

const artifactHeader: z.ZodType<ArtifactHeader> = z.object({
  format_version: z.int(),
  created_at: z.string(),
  library: z.object({ name: z.string(), version: z.string() }),
  estimator: z.object({ type: z.string(), params: z.record(z.string(), json).optional() }),
  classes: z.array(z.int()).nullable(),
  metadata: z.record(z.string(), json),
  state: headerState,
  arrays: z.array(z.object({ path: z.string(), dtype: z.enum(DTYPES), length: count, offset: count, byteLength: count })),
  payload: z.object({ byteLength: count, sha256: z.string() }),
});

/** The header codec of a row whose artifact bytes can be read (see ModelsRepository). */
function headerCodec(readBytes: ArtifactBytesReader): DocumentCodec<ArtifactHeader> {
  return {
    upgrades: { 1: (document) => (artifactHeader.safeParse(document).success ? document : readArtifactHeader(readBytes)) },
    decode: (document) => artifactHeader.parse(document),
  };
}

export async function decodeModelHeader(row: Omit<ModelArtifact, 'data'>, readBytes: ArtifactBytesReader): Promise<ArtifactHeader> {
  return decodeStored(MODEL_ARTIFACTS, 'header', headerCodec(readBytes), row, row.header);
}

/**
 * The JSON header from an artifact's first bytes (docs/artifact-format.md: magic, version, header
 * length at byte 12, then the header). Anything that is not such an artifact is returned as
 * null, which the header's schema then refuses with the row's name.
 */
async function readArtifactHeader(readBytes: ArtifactBytesReader): Promise<unknown> {
  const prefix = await readBytes(0, 16);
  if (prefix === null || prefix.length < 16 || prefix.toString('latin1', 0, ARTIFACT_MAGIC.length) !== ARTIFACT_MAGIC) return null;
  const length = prefix.readUInt32LE(12);
  if (length > MAX_ARTIFACT_HEADER_BYTES) return null;
  const text = await readBytes(16, length);
  try {
    return text === null ? null : JSON.parse(text.toString('utf8'));
  } catch {
    return null;
  }
}
