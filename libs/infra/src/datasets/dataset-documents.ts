import type { CreatedBy } from '@mnist-lab/contracts';
import type { DatasetSummary } from '@mnist-lab/ml';
import { DATASET_DEFINITIONS } from '@mnist-lab/ml/spec';
import { z } from 'zod';
import type { Dataset } from '../generated/prisma/client';
import { ownerOf } from '../scope/project-scope';
import { decodeStored, zodCodec, type StoredTable } from '../documents/stored-document';

export const DATASETS_TABLE: StoredTable = { name: 'datasets', version: 1 };

const count = z.int().nonnegative();
const summarySchema = z.object({
  n_samples: count,
  n_features: count,
  image_shape: z.array(count).nullable(),
  classes: z.array(z.object({ label: z.int(), count })),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  nan_count: count,
}) satisfies z.ZodType<DatasetSummary>;
const summary = zodCodec(summarySchema);

/** A registered dataset as `GET /datasets/:name` describes it. */
export interface DatasetRecord extends DatasetSummary {
  readonly name: string;
  /** What a built-in dataset is; null for uploaded ones. */
  readonly description: string | null;
  readonly sha256: string;
  readonly size_bytes: number;
  readonly created_at: Date;
  /** The project that uploaded it; built-in datasets belong to `default` and every caller may read them. */
  readonly project: string;
  /** The key that uploaded it; null for built-in datasets and uploads from before API keys. */
  readonly created_by: CreatedBy | null;
}

export async function decodeDataset(row: Dataset): Promise<DatasetRecord> {
  const decoded = await decodeStored(DATASETS_TABLE, 'summary', summary, { ...row, id: row.name }, row.summary);
  return {
    name: row.name,
    description: Object.hasOwn(DATASET_DEFINITIONS, row.name) ? DATASET_DEFINITIONS[row.name].description : null,
    sha256: row.sha256,
    size_bytes: Number(row.sizeBytes),
    created_at: row.createdAt,
    project: row.project,
    created_by: ownerOf(row).createdBy,
    ...decoded,
  };
}
