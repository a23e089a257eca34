-- Issue #15: projects, API keys (hashed) and the audit log.
CREATE TYPE "ProjectRole" AS ENUM ('viewer', 'member', 'admin');

CREATE TABLE "projects" (
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("name")
);

CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "project" TEXT,
    "role" "ProjectRole" NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
    -- A key without a project is a global admin, and no other role may be global.
    CONSTRAINT "api_keys_global_is_admin" CHECK ("project" IS NOT NULL OR "role" = 'admin')
);

CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");
CREATE INDEX "api_keys_project_idx" ON "api_keys"("project");
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_fkey" FOREIGN KEY ("project") REFERENCES "projects"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "audit_events" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "key_id" TEXT NOT NULL,
    "key_name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "resource_id" TEXT,
    "project" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "audit_events_project_at_idx" ON "audit_events"("project", "at");
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at");

-- Every resource from before projects belongs to it.
INSERT INTO "projects" ("name") VALUES ('default');
