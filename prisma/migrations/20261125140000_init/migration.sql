-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "runs" (
    "id" UUID NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "spec" JSONB NOT NULL,
    "dataset" TEXT NOT NULL,
    "model_type" TEXT NOT NULL,
    "split_seed" INTEGER,
    "estimator_seed" INTEGER,
    "tensor_backend" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "worker_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "fit_seconds" DOUBLE PRECISION,
    "predict_seconds" DOUBLE PRECISION,
    "test_accuracy" DOUBLE PRECISION,
    "train_accuracy" DOUBLE PRECISION,
    "fit_info" JSONB,
    "sweep_id" UUID,

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_results" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "subset" TEXT NOT NULL,
    "accuracy" DOUBLE PRECISION NOT NULL,
    "n_samples" INTEGER NOT NULL,
    "metrics" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_artifacts" (
    "id" UUID NOT NULL,
    "run_id" UUID,
    "format_version" INTEGER NOT NULL,
    "model_type" TEXT NOT NULL,
    "dataset" TEXT,
    "test_accuracy" DOUBLE PRECISION,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "header" JSONB NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_artifacts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "runs_created_at_id_idx" ON "runs"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_test_accuracy_id_idx" ON "runs"("test_accuracy" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "runs_status_created_at_idx" ON "runs"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "runs_model_type_created_at_idx" ON "runs"("model_type", "created_at" DESC);

-- CreateIndex
CREATE INDEX "runs_dataset_created_at_idx" ON "runs"("dataset", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "run_results_run_id_subset_key" ON "run_results"("run_id", "subset");

-- CreateIndex
CREATE UNIQUE INDEX "model_artifacts_run_id_key" ON "model_artifacts"("run_id");

-- CreateIndex
CREATE INDEX "model_artifacts_created_at_id_idx" ON "model_artifacts"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "model_artifacts_model_type_created_at_idx" ON "model_artifacts"("model_type", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "run_results" ADD CONSTRAINT "run_results_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_artifacts" ADD CONSTRAINT "model_artifacts_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

