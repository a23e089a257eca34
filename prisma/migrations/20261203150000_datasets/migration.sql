-- CreateTable
CREATE TABLE "datasets" (
    "name" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "n_samples" INTEGER NOT NULL,
    "n_features" INTEGER NOT NULL,
    "summary" JSONB NOT NULL,
    "schema_version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "datasets_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "dataset_chunks" (
    "sha256" TEXT NOT NULL,
    "chunk_index" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "dataset_chunks_pkey" PRIMARY KEY ("sha256","chunk_index")
);

-- CreateIndex
CREATE INDEX "datasets_sha256_idx" ON "datasets"("sha256");

