-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "evaluate_seconds" DOUBLE PRECISION,
ADD COLUMN     "load_seconds" DOUBLE PRECISION,
ADD COLUMN     "progress" JSONB,
ADD COLUMN     "queue_wait_seconds" DOUBLE PRECISION,
ADD COLUMN     "save_seconds" DOUBLE PRECISION;

