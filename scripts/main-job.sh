#!/usr/bin/env bash
# The main job (README Quick start, `npm run main`): installs what is missing, migrates, starts
# the api and two workers, runs the notebook's workflow through them, prints the results.
# Options are passed to tools/notebook.mjs (see `npm run main -- --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# Options first: --help and typos answer at once, before anything is installed or started.
usage=$(node tools/notebook-args.mjs "$@") || exit $?
if [ -n "$usage" ]; then echo "$usage"; exit 0; fi

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/mnist_lab}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export QUEUE_PREFIX="${QUEUE_PREFIX:-mnist-lab}"
export PORT="${PORT:-3000}"
export WORKER_CONCURRENCY="${WORKER_CONCURRENCY:-1}"
# Every route but /health needs a key: the job keeps an admin key of its own in a git-ignored
# file, made once (128 random bits, mlk_ prefix), and gives it to the api it starts as ADMIN_API_KEY.
key_file=.mnist-lab/admin-key
if [ -z "${ADMIN_API_KEY:-}" ]; then
  if [ ! -s "$key_file" ]; then
    mkdir -p "$(dirname "$key_file")"
    (umask 077; node -e "process.stdout.write('mlk_' + require('crypto').randomBytes(24).toString('base64url'))" >"$key_file")
    echo "== created an admin API key for this job in $key_file (the dashboard asks for it): $(cat "$key_file")"
  fi
  ADMIN_API_KEY=$(cat "$key_file")
fi
export ADMIN_API_KEY

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
pids=.cache/pids
# Whatever fails from here on, say what is left running and how to stop it.
trap 'status=$?; if [ $status -ne 0 ] && [ -s "$pids" ]; then echo; echo "The main job failed (exit $status). The api and workers it started are still running (logs in $logs/); stop them with: npm run stop"; fi' EXIT
bash scripts/stop.sh >/dev/null 2>&1 || true
start() { # name, script[, worker metrics port]: started detached, so that the dashboard stays up after this job
  echo "== starting $1 (log: $logs/$1.log)"
  WORKER_METRICS_PORT="${3:-0}" nohup node "$2" >"$logs/$1.log" 2>&1 &
  echo $! >>"$pids"
}
if curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then
  echo "== an api already answers on port $PORT; using it"
else
  start api apps/api/dist/main.js
fi
# Each worker serves its Prometheus metrics on a port of its own.
start worker-1 apps/worker/dist/main.js 9464
start worker-2 apps/worker/dist/main.js 9465

node tools/notebook.mjs --api "http://127.0.0.1:$PORT" "$@"
echo
echo "The api and both workers keep running: the dashboard is at http://localhost:$PORT/ (OpenAPI at /docs)."
echo "Stop them with: npm run stop"
