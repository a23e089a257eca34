# Shared by the main job and the test command: local services and an up-to-date install.

# Postgres and Redis on localhost, started when they are installed here but stopped.
ensure_services() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  if command -v redis-server >/dev/null 2>&1; then
    redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || {
      mkdir -p /var/lib/redis /var/log/redis
      redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
    }
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
}

# npm ci when node_modules does not match package-lock.json, then Prisma's client and a build.
# Fails (status 1) at the first step that fails; the web build's output is shown only then.
ensure_built() {
  local stamp=node_modules/.mnist-lab-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    npm ci --no-audit --no-fund || return 1
    cp package-lock.json "$stamp"
  fi
  DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/mnist_lab}" npx prisma generate >/dev/null || return 1
  ensure_native_kernels
  npx tsc -b tsconfig.json || return 1
  if [ -f apps/web/package.json ]; then
    local web_log
    web_log=$(npm run build --workspace apps/web 2>&1) || { echo "$web_log"; return 1; }
  fi
}

# The random forest's compiled split search (libs/ml/native, node-gyp with a C compiler and
# Node's headers). Without it the forest grows the same trees in TypeScript, about 1.6x slower.
ensure_native_kernels() {
  local native_log
  native_log=$(npm run build:native --workspace libs/ml 2>&1) \
    || echo "warning: could not compile libs/ml/native (a C compiler and node-gyp are needed); forests use the TypeScript split search. ${native_log##*$'\n'}"
}

# Debian's Chromium for the dashboard's browser tests (playwright-core drives it; it cannot
# download browsers here), installed when missing and apt-get is available.
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "no /usr/bin/chromium and no apt-get: the browser tests will fail"; return 0; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null; } \
    || echo "could not install chromium: the browser tests will fail"
}
