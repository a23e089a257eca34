-- Issue #17: successive halving searches store their schedule with the sweep (null for random and grid).

-- AlterTable
ALTER TABLE "sweeps" ADD COLUMN     "halving" JSONB;

