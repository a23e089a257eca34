-- Each row records the layout of its JSON columns, and libs/infra decodes older layouts through
-- an upgrade. Rows written before versioning are version 1. The default only fills existing rows,
-- since every writer must say which version it writes. (No semicolon in comments: Prisma's
-- migration engine splits the script on them.)

-- AlterTable
ALTER TABLE "runs" ADD COLUMN "schema_version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "runs" ALTER COLUMN "schema_version" DROP DEFAULT;

-- AlterTable
ALTER TABLE "run_results" ADD COLUMN "schema_version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "run_results" ALTER COLUMN "schema_version" DROP DEFAULT;

-- AlterTable
ALTER TABLE "model_artifacts" ADD COLUMN "schema_version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "model_artifacts" ALTER COLUMN "schema_version" DROP DEFAULT;

-- AlterTable
ALTER TABLE "sweeps" ADD COLUMN "schema_version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "sweeps" ALTER COLUMN "schema_version" DROP DEFAULT;

-- AlterTable
ALTER TABLE "sweep_trials" ADD COLUMN "schema_version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "sweep_trials" ALTER COLUMN "schema_version" DROP DEFAULT;
