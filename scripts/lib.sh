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

# npm ci when node_modules does not match package-lock.json (its postinstall step,
# scripts/install/postinstall.mjs, generates Prisma's client, compiles libs/ml/native and sets up
# the native TensorFlow backend); otherwise the same postinstall step alone, for a tree whose
# sources changed since it was installed. Then the build. Fails (status 1) at the first step
# that fails; the web build's output is shown only then.
ensure_built() {
  local stamp=node_modules/.mnist-lab-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    npm ci --no-audit --no-fund || return 1
    cp package-lock.json "$stamp"
  else
    node scripts/install/postinstall.mjs || return 1
  fi
  npx nx run-many -t build --outputStyle=static || return 1
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
