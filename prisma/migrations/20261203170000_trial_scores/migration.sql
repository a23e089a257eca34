-- AlterTable
ALTER TABLE "sweep_trials" ADD COLUMN     "scores" JSONB;

