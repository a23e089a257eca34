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
ensure_built() {
  local stamp=node_modules/.mnist-lab-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    npm ci --no-audit --no-fund
    cp package-lock.json "$stamp"
  fi
  DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/mnist_lab}" npx prisma generate >/dev/null
  npx tsc -b tsconfig.json
  if [ -f apps/web/package.json ]; then npm run build --workspace apps/web >/dev/null; fi
}
