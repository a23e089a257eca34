-- Issue #16: GET /runs/fields without reading every run.
--
-- Listing the params and tags present meant expanding the params and tags of every run in scope
-- (2 s at 100,000 runs, seconds more at a million). history_fields is their catalogue per project:
-- each param name with each JSON type it takes, and each tag key. A trigger on runs adds what an
-- inserted run has, or what an update of its spec or tags brings (ON CONFLICT DO NOTHING takes no
-- lock on an entry that exists, so writers of runs do not wait on each other). Entries are never
-- removed: runs are not deleted, and the params of a run never change, but a tag key removed from
-- every run of a project stays listed. Backfilled below for existing runs.

CREATE TABLE "history_fields" (
    "project" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "json_type" TEXT NOT NULL,

    CONSTRAINT "history_fields_pkey" PRIMARY KEY ("project", "kind", "name", "json_type")
);

-- The body is an escape string with each semicolon written as \073: the migration engine splits
-- the script on every semicolon, even inside a quoted function body, and PL/pgSQL needs them.
CREATE FUNCTION "history_record_fields"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "history_fields" ("project", "kind", "name", "json_type")
  SELECT NEW."project", ''param'', p.key, jsonb_typeof(p.value) FROM jsonb_each(NEW."params") AS p
  UNION
  SELECT NEW."project", ''tag'', t.key, ''string'' FROM jsonb_each(NEW."tags") AS t
  ON CONFLICT DO NOTHING\073
  RETURN NULL\073
END
';

CREATE TRIGGER "runs_history_fields_insert" AFTER INSERT ON "runs"
FOR EACH ROW EXECUTE FUNCTION "history_record_fields"();
CREATE TRIGGER "runs_history_fields_update" AFTER UPDATE OF "spec", "tags", "project" ON "runs"
FOR EACH ROW WHEN (NEW."params" IS DISTINCT FROM OLD."params" OR NEW."tags" IS DISTINCT FROM OLD."tags" OR NEW."project" IS DISTINCT FROM OLD."project")
EXECUTE FUNCTION "history_record_fields"();

-- Backfill: what the runs written before this migration have.
INSERT INTO "history_fields" ("project", "kind", "name", "json_type")
SELECT DISTINCT r."project", 'param', p.key, jsonb_typeof(p.value) FROM "runs" r CROSS JOIN LATERAL jsonb_each(r."params") AS p
UNION
SELECT DISTINCT r."project", 'tag', t.key, 'string' FROM "runs" r CROSS JOIN LATERAL jsonb_each(r."tags") AS t
ON CONFLICT DO NOTHING;
