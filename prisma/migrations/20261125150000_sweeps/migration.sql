-- CreateEnum
CREATE TYPE "SweepStatus" AS ENUM ('queued', 'running', 'refitting', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "TrialStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "sweeps" (
    "id" UUID NOT NULL,
    "status" "SweepStatus" NOT NULL DEFAULT 'queued',
    "spec" JSONB NOT NULL,
    "candidates" JSONB NOT NULL,
    "dataset" TEXT NOT NULL,
    "model_type" TEXT NOT NULL,
    "n_candidates" INTEGER NOT NULL,
    "n_splits" INTEGER NOT NULL,
    "total_trials" INTEGER NOT NULL,
    "cv_results" JSONB,
    "best_index" INTEGER,
    "best_score" DOUBLE PRECISION,
    "best_params" JSONB,
    "refit_run_id" UUID,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "sweeps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sweep_trials" (
    "id" UUID NOT NULL,
    "sweep_id" UUID NOT NULL,
    "candidate_index" INTEGER NOT NULL,
    "fold" INTEGER NOT NULL,
    "params" JSONB NOT NULL,
    "status" "TrialStatus" NOT NULL DEFAULT 'queued',
    "test_score" DOUBLE PRECISION,
    "fit_seconds" DOUBLE PRECISION,
    "score_seconds" DOUBLE PRECISION,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "worker_id" TEXT,
    "enqueued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "computed_at" TIMESTAMPTZ(3),
    "recorded_at" TIMESTAMPTZ(3),

    CONSTRAINT "sweep_trials_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sweeps_refit_run_id_key" ON "sweeps"("refit_run_id");

-- CreateIndex
CREATE INDEX "sweeps_created_at_id_idx" ON "sweeps"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "sweeps_best_score_id_idx" ON "sweeps"("best_score" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "sweeps_status_created_at_idx" ON "sweeps"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "sweep_trials_sweep_id_status_idx" ON "sweep_trials"("sweep_id", "status");

-- CreateIndex
CREATE INDEX "sweep_trials_status_idx" ON "sweep_trials"("status");

-- CreateIndex
CREATE UNIQUE INDEX "sweep_trials_sweep_id_candidate_index_fold_key" ON "sweep_trials"("sweep_id", "candidate_index", "fold");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sweep_trials" ADD CONSTRAINT "sweep_trials_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

