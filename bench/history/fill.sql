-- bench/history's fill: n_runs runs drawn by generate_series from bench_pool (the specs, as the api
-- stores them, each with its share of runs as a bucket of bench_config.bounds) plus one refit run
-- per sweep (bench_pool rows with a sweep_id), their results from bench_evaluation (libs/ml's own
-- evaluations) and run_metrics derived from those as the worker and the migration derive them.
-- run.mjs fills bench_config, bench_pool and bench_evaluation first and runs each step (a
-- "-- step:" line starts one) as one statement batch, timed.

-- step: trials
-- Every trial of the sweeps made through the api, scored: a fold's accuracy near its candidate's
-- expected test accuracy (the bench_pool spec with the candidate's parameters), 2% failed.
SELECT setseed((SELECT seed FROM bench_config));
UPDATE "sweep_trials" t SET
  "status" = CASE WHEN x.u < 0.02 THEN 'failed' ELSE 'succeeded' END::"TrialStatus",
  "test_score" = CASE WHEN x.u >= 0.02 THEN x.score END,
  "scores" = CASE WHEN x.u >= 0.02 THEN jsonb_build_object('test', jsonb_build_object('accuracy', x.score), 'train', NULL) END,
  "fit_seconds" = x.fit_seconds,
  "score_seconds" = 0.1 + 0.2 * x.u,
  "error" = CASE WHEN x.u < 0.02 THEN 'fit failed: the worker''s heap limit was reached' END,
  "attempts" = 1,
  "worker_id" = 'worker-' || (1 + floor(x.u * 4)::int)
FROM (
  SELECT t."id", random() AS u,
         round((p.quality - 0.004 + 0.004 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 6)::float8 AS score,
         p.fit_base * 0.6 * (0.8 + 0.4 * random()) AS fit_seconds
  FROM "sweep_trials" t
  JOIN "sweeps" s ON s."id" = t."sweep_id"
  JOIN bench_pool p ON p.sweep_id IS NULL AND p.model_type = s."model_type" AND p.spec -> 'estimator' ->> 'type' = s."spec" -> 'estimator' ->> 'type' AND p.flat @> t."params"
) AS x
WHERE x."id" = t."id";

-- step: draws
SELECT setseed((SELECT seed FROM bench_config));
CREATE UNLOGGED TABLE bench_draw AS
WITH drawn AS (
  SELECT g.i, p.idx AS pool, p.sweep_id, p.eval_first + floor(random() * p.eval_count)::int AS eval,
         random() AS u_status, random() AS u_project, random() AS u_tag1, random() AS u_tag2, random() AS u_tag3,
         random() AS u_name, random() AS u_backend, random() AS u_wait, random() AS u_time,
         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z_fit,
         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z_predict,
         p.fit_base, p.predict_base, p.label, p.sweep_tags
  FROM (
    SELECT i, width_bucket(random(), (SELECT bounds FROM bench_config)) AS idx, NULL::uuid AS sweep_id
    FROM generate_series(1, (SELECT n_runs FROM bench_config)) AS i
    UNION ALL
    SELECT (1 + floor(random() * (SELECT n_runs FROM bench_config)))::int, idx, sweep_id FROM bench_pool WHERE sweep_id IS NOT NULL
  ) AS g JOIN bench_pool p ON p.idx = g.idx
), timed AS (
  SELECT d.*,
    CASE
      WHEN d.sweep_id IS NOT NULL THEN 'succeeded'
      WHEN d.i > c.n_runs * 0.998 THEN CASE WHEN d.u_status < 0.5 THEN 'running' ELSE 'queued' END
      WHEN d.u_status < 0.92 THEN 'succeeded'
      WHEN d.u_status < 0.97 THEN 'failed'
      ELSE 'cancelled'
    END AS status,
    now() - make_interval(days => c.span_days) + make_interval(secs => (d.i - 1 + d.u_time) / c.n_runs * c.span_days * 86400) AS created_at,
    0.05 - ln(1 - d.u_wait) * 2 AS queue_wait_seconds,
    0.6 + 0.4 * d.u_wait AS load_seconds,
    d.fit_base * exp(0.15 * d.z_fit) AS fit_seconds,
    d.predict_base * exp(0.1 * d.z_predict) AS predict_seconds,
    0.25 + 0.1 * d.u_time AS evaluate_seconds,
    0.05 + 0.01 * d.fit_base AS save_seconds
  FROM drawn d CROSS JOIN bench_config c
)
SELECT gen_random_uuid() AS id, t.*,
  CASE WHEN t.status = 'queued' THEN NULL ELSE t.created_at + make_interval(secs => t.queue_wait_seconds) END AS started_at,
  CASE
    WHEN t.status IN ('queued', 'running') THEN NULL
    WHEN t.status = 'succeeded' THEN t.created_at + make_interval(secs => t.queue_wait_seconds + t.load_seconds + t.fit_seconds + t.predict_seconds + t.evaluate_seconds + t.save_seconds)
    ELSE t.created_at + make_interval(secs => t.queue_wait_seconds + t.load_seconds + t.fit_seconds * t.u_time)
  END AS finished_at
FROM timed t;

-- step: runs
INSERT INTO "runs" ("id", "status", "spec", "dataset", "model_type", "split_seed", "estimator_seed", "tensor_backend", "error", "attempts", "worker_id",
  "created_at", "started_at", "finished_at", "fit_seconds", "predict_seconds", "queue_wait_seconds", "load_seconds", "evaluate_seconds", "save_seconds",
  "test_accuracy", "train_accuracy", "sweep_id", "schema_version", "project", "created_by_name", "name", "notes", "tags")
SELECT d.id, d.status::"RunStatus", p.spec, p.spec ->> 'dataset', p.model_type, p.split_seed, p.estimator_seed,
  CASE WHEN d.status = 'succeeded' THEN CASE WHEN d.u_backend < 0.7 THEN 'tensorflow' ELSE 'wasm' END END,
  CASE WHEN d.status = 'failed' THEN CASE WHEN d.u_backend < 0.5 THEN 'worker lost: the job''s lock expired 3 times' ELSE 'fit failed: out of memory (the worker''s heap limit is 4096 MB)' END END,
  CASE WHEN d.status = 'queued' THEN 0 WHEN d.status = 'failed' THEN 1 + floor(d.u_wait * 3)::int ELSE 1 END,
  CASE WHEN d.status = 'queued' THEN NULL ELSE 'worker-' || (1 + floor(d.u_backend * 4)::int) END,
  d.created_at, d.started_at, d.finished_at,
  CASE WHEN d.status = 'succeeded' THEN d.fit_seconds END,
  CASE WHEN d.status = 'succeeded' THEN d.predict_seconds END,
  CASE WHEN d.status = 'queued' THEN NULL ELSE d.queue_wait_seconds END,
  CASE WHEN d.status IN ('succeeded', 'failed') THEN d.load_seconds END,
  CASE WHEN d.status = 'succeeded' THEN d.evaluate_seconds END,
  CASE WHEN d.status = 'succeeded' THEN d.save_seconds END,
  test.accuracy, train.accuracy, d.sweep_id, 1,
  CASE WHEN d.u_project < 0.4 THEN 'default' WHEN d.u_project < 0.7 THEN 'vision' WHEN d.u_project < 0.9 THEN 'research' ELSE 'benchmarks' END,
  (ARRAY['alice', 'bob', 'chen', 'dana', 'ci'])[1 + floor(d.u_tag3 * 5)::int],
  CASE WHEN d.u_name < 0.3 THEN d.label || ' #' || d.i END,
  CASE WHEN d.u_name > 0.95 THEN 'rerun of the ' || d.label || ' run with a new split seed, for the weekly report' END,
  COALESCE(d.sweep_tags, jsonb_strip_nulls(jsonb_build_object(
    'baseline', CASE WHEN d.u_tag1 < 0.03 THEN 'true' END,
    'stage', CASE WHEN d.u_tag2 < 0.2 THEN 'exploration' WHEN d.u_tag2 < 0.4 THEN 'tuning' WHEN d.u_tag2 < 0.5 THEN 'final' END,
    'owner', CASE WHEN d.u_tag3 < 0.5 THEN (ARRAY['alice', 'bob', 'chen', 'dana'])[1 + floor(d.u_tag3 * 8)::int] END,
    'dataset_version', CASE WHEN d.u_tag1 > 0.8 THEN 'v2' END)))
FROM bench_draw d
JOIN bench_pool p ON p.idx = d.pool
LEFT JOIN bench_evaluation test ON d.status = 'succeeded' AND test.idx = d.eval AND test.subset = 'test'
LEFT JOIN bench_evaluation train ON d.status = 'succeeded' AND train.idx = d.eval AND train.subset = 'train'
ORDER BY d.created_at;

-- step: run_results
INSERT INTO "run_results" ("id", "run_id", "subset", "accuracy", "n_samples", "metrics", "schema_version", "created_at")
SELECT gen_random_uuid(), d.id, e.subset, e.accuracy, e.n_samples, e.metrics, 1, d.finished_at
FROM bench_draw d JOIN bench_evaluation e ON e.idx = d.eval
WHERE d.status = 'succeeded';

-- step: run_metrics
-- The migration's backfill, as RunsRepository.recordSuccess writes a finished run's metrics.
INSERT INTO "run_metrics" ("run_id", "subset", "name", "class_label", "value")
SELECT r."run_id", r."subset", m."name", m."class_label", m."value"
FROM "run_results" r CROSS JOIN LATERAL "history_result_metrics"(r."accuracy", r."metrics") AS m;

-- step: sweeps
-- A sweep ran in the hour before its refit run was created, its trials one after the other.
UPDATE "sweeps" s SET "refit_run_id" = r."id", "created_at" = r."created_at" - interval '1 hour', "started_at" = r."created_at" - interval '59 minutes', "finished_at" = r."finished_at"
FROM "runs" r WHERE r."sweep_id" = s."id";
UPDATE "sweep_trials" t SET
  "enqueued_at" = s."created_at",
  "started_at" = s."started_at" + (t."candidate_index" * s."n_splits" + t."fold") * (interval '58 minutes' / s."total_trials"),
  "computed_at" = s."started_at" + (t."candidate_index" * s."n_splits" + t."fold" + 1) * (interval '58 minutes' / s."total_trials"),
  "recorded_at" = s."started_at" + (t."candidate_index" * s."n_splits" + t."fold" + 1) * (interval '58 minutes' / s."total_trials")
FROM "sweeps" s WHERE s."id" = t."sweep_id";

-- step: analyze
DROP TABLE bench_draw, bench_evaluation, bench_pool, bench_config;
VACUUM ANALYZE "runs";
VACUUM ANALYZE "run_results";
VACUUM ANALYZE "run_metrics";
VACUUM ANALYZE "sweeps";
VACUUM ANALYZE "sweep_trials";
