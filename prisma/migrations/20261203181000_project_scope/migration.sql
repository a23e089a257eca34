-- Issue #15: every run, sweep, model artifact and dataset belongs to a project (a sweep's trials
-- and refit run through their sweep), and records the API key that created it. Rows from before
-- projects belong to `default`, and their creator is unknown (null).
ALTER TABLE "runs" ADD COLUMN "project" TEXT NOT NULL DEFAULT 'default',
  ADD COLUMN "created_by_key_id" TEXT,
  ADD COLUMN "created_by_name" TEXT;
ALTER TABLE "sweeps" ADD COLUMN "project" TEXT NOT NULL DEFAULT 'default',
  ADD COLUMN "created_by_key_id" TEXT,
  ADD COLUMN "created_by_name" TEXT;
ALTER TABLE "model_artifacts" ADD COLUMN "project" TEXT NOT NULL DEFAULT 'default',
  ADD COLUMN "created_by_key_id" TEXT,
  ADD COLUMN "created_by_name" TEXT;
ALTER TABLE "datasets" ADD COLUMN "project" TEXT NOT NULL DEFAULT 'default',
  ADD COLUMN "created_by_key_id" TEXT,
  ADD COLUMN "created_by_name" TEXT;

-- The per-project listings (newest first, keyset on id) and the quota counts (unfinished per project).
CREATE INDEX "runs_project_created_at_id_idx" ON "runs"("project", "created_at" DESC, "id" DESC);
CREATE INDEX "runs_project_status_idx" ON "runs"("project", "status");
CREATE INDEX "sweeps_project_created_at_id_idx" ON "sweeps"("project", "created_at" DESC, "id" DESC);
CREATE INDEX "sweeps_project_status_idx" ON "sweeps"("project", "status");
CREATE INDEX "model_artifacts_project_created_at_id_idx" ON "model_artifacts"("project", "created_at" DESC, "id" DESC);
CREATE INDEX "datasets_project_name_idx" ON "datasets"("project", "name");
