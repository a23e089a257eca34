#!/usr/bin/env bash
# The main job (README Quick start, `npm run main`): installs what is missing, migrates, starts
# the api and two workers, runs the notebook's workflow through them, prints the results.
# Options are passed to tools/notebook.mjs (see `npm run main -- --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/mnist_lab}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export QUEUE_PREFIX="${QUEUE_PREFIX:-mnist-lab}"
export PORT="${PORT:-3000}"
export WORKER_CONCURRENCY="${WORKER_CONCURRENCY:-1}"

echo "== services"
ensure_services
echo "== install and build"
ensure_built
echo "== database"
db_name="${DATABASE_URL##*/}"; db_name="${db_name%%\?*}"
if command -v psql >/dev/null 2>&1; then
  psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1 \
    || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db_name\""
fi
npm run --silent db:migrate

logs=.cache/logs; mkdir -p "$logs"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
if curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then
  echo "== an api already answers on port $PORT; using it"
else
  echo "== starting the api on port $PORT (log: $logs/api.log)"
  node apps/api/dist/main.js >"$logs/api.log" 2>&1 & pids+=($!)
fi
for i in 1 2; do
  echo "== starting worker $i (log: $logs/worker-$i.log)"
  node apps/worker/dist/main.js >"$logs/worker-$i.log" 2>&1 & pids+=($!)
done

node tools/notebook.mjs --api "http://127.0.0.1:$PORT" "$@"
