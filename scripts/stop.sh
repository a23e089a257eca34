#!/usr/bin/env bash
# Stops the api and workers that the main job left running (SIGTERM: workers finish their job first).
cd "$(dirname "$0")/.."
pids=.cache/pids
[ -f "$pids" ] || { echo "nothing to stop"; exit 0; }
while read -r pid; do kill -TERM "$pid" 2>/dev/null && echo "stopped $pid"; done <"$pids"
rm -f "$pids"
