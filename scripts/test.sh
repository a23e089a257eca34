#!/usr/bin/env bash
# The test command (README Quick start, `npm test`, `.ci/run`): installs, type-checks, lints and
# runs every test against real Postgres and Redis, then prints one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

started=$(date +%s)
ensure_services
# Local services when they answer; the tests create their own database and queue prefix on them.
# Without them (and without these variables) the tests start Testcontainers instead.
if [ -z "${TEST_DATABASE_URL:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres
fi
if [ -z "${TEST_REDIS_URL:-}" ] && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  export TEST_REDIS_URL=redis://127.0.0.1:6379
fi

# CI runs on machines of this project's kind, where the install provides the native TensorFlow
# backend: a test checks that the workers get it rather than silently falling back to wasm.
if [ "${CI:-}" = true ]; then export EXPECT_TENSOR_BACKEND="${EXPECT_TENSOR_BACKEND:-tensorflow}"; fi

echo "== install and build (type-check)"
ensure_built || { echo "0 passed, 1 failed"; exit 1; }

echo "== lint"
npx nx run-many -t lint --outputStyle=static --skipNxCache || { echo "0 passed, 1 failed"; exit 1; }

echo "== browser for the dashboard tests"
ensure_chromium

totals=$(mktemp)
export TEST_TOTALS_FILE=$totals
status=0
for project in libs/ml libs/contracts libs/viz libs/infra apps/api apps/worker; do
  echo "== tests: $project"
  node tools/run-tests.mjs "$project/dist" || status=1
done

echo "== tests: e2e"
# One migrated database with mnist_784 registered, copied by every suite (tools/e2e-template.mjs);
# two suites at a time: most of a suite's time is waiting on its processes, locks and polls.
template=""
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  template="mnist_lab_e2e_template_$$"
  node tools/e2e-template.mjs create "$TEST_DATABASE_URL" "$template" && export TEST_TEMPLATE_DATABASE="$template" || template=""
fi
TEST_CONCURRENCY="${E2E_CONCURRENCY:-2}" node tools/run-tests.mjs e2e/dist || status=1
[ -n "$template" ] && node tools/e2e-template.mjs drop "$TEST_DATABASE_URL" "$template"
unset TEST_TEMPLATE_DATABASE
echo "== tests: tools (the main job's command line)"
node tools/run-tests.mjs tools || status=1

echo "== docker-compose.yml (docker-compose config)"
# No Docker engine runs here; Debian's docker-compose client still validates the file offline
# (tools/compose.spec.mjs, above, checks what the README's --scale worker=N relies on).
if ! command -v docker-compose >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq docker-compose >/dev/null 2>&1 || echo "could not install docker-compose with apt-get"
fi
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "docker-compose config: skipped, docker-compose is not installed"
elif docker-compose -f docker-compose.yml config -q; then
  echo "docker-compose config: valid; services: $(docker-compose -f docker-compose.yml config --services | tr '\n' ' ')"
  echo "1 0" >> "$totals"
else
  echo "docker-compose config: docker-compose.yml is invalid (see above)"
  echo "0 1" >> "$totals"
  status=1
fi

echo "== tests: apps/web (vitest)"
web_report=$(mktemp)
(cd apps/web && npx vitest run --reporter=default --reporter=json --outputFile.json="$web_report") || status=1
# The same "passed failed" line as tools/run-tests.mjs; a run that crashed before reporting counts as one failure.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.numPassedTests, r.numFailedTests || (r.success ? 0 : 1))' "$web_report" >> "$totals" 2>/dev/null || echo "0 1" >> "$totals"
rm -f "$web_report"

read -r passed failed < <(awk '{p += $1; f += $2} END {print p + 0, f + 0}' "$totals")
rm -f "$totals"
echo "test suite took $(( $(date +%s) - started )) s"
echo "$passed passed, $failed failed"
exit $status
