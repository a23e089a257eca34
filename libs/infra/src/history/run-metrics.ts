import { Prisma } from '../generated/prisma/client';

/**
 * Rewrites a run's rows of run_metrics from its stored results (the migration's
 * `history_result_metrics` does the reading, so backfill and writes cannot disagree). Called in
 * the transaction that writes the results.
 */
export async function recordRunMetrics(tx: Prisma.TransactionClient, runId: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM "run_metrics" WHERE "run_id" = CAST(${runId} AS uuid)`;
  await tx.$executeRaw`
    INSERT INTO "run_metrics" ("run_id", "subset", "name", "class_label", "value")
    SELECT r."run_id", r."subset", m."name", m."class_label", m."value"
    FROM "run_results" r CROSS JOIN LATERAL "history_result_metrics"(r."accuracy", r."metrics") AS m
    WHERE r."run_id" = CAST(${runId} AS uuid)
    ON CONFLICT DO NOTHING`;
}
