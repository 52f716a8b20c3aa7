#!/usr/bin/env bash
# starts the docker engine for the container stage, once: registers gvisor's runsc as a
# runtime (ptrace platform; no network: runsc refuses a network in the root netns;
# --oci-seccomp: seccomp/seccomp.json holds inside gvisor too), then starts dockerd in the
# background unless it already answers (a running one rereads its runtimes on SIGHUP).
# bounded waits throughout. usage: NODE=node_modules/.bin/node bash docker/start-dockerd.sh
set -euo pipefail

CONFIG=/etc/docker/daemon.json
LOG=/var/log/dockerd-organic-os.log
WAIT_S=${DOCKERD_WAIT_S:-60}

answers() { timeout 5 docker info >/dev/null 2>&1; }

register_runsc() {
  command -v runsc >/dev/null 2>&1 || { echo "start-dockerd: runsc not installed; containers run with runc"; return 0; }
  local runsc; runsc=$(command -v runsc)
  mkdir -p "$(dirname "$CONFIG")"
  # merge into any existing config, keeping what others put there
  local node=${NODE:-}
  if [ -z "$node" ]; then node=$(command -v node || true); fi
  local want="{\"path\":\"$runsc\",\"runtimeArgs\":[\"--platform=ptrace\",\"--network=none\",\"--oci-seccomp\"]}"
  if [ -n "$node" ]; then
    "$node" -e '
      const fs = require("fs"); const [file, want] = process.argv.slice(1);
      let cfg = {}; try { cfg = JSON.parse(fs.readFileSync(file, "utf8")); } catch {}
      const next = JSON.stringify({ ...cfg, runtimes: { ...(cfg.runtimes || {}), runsc: JSON.parse(want) } }, null, 2) + "\n";
      let cur = ""; try { cur = fs.readFileSync(file, "utf8"); } catch {}
      if (cur !== next) { fs.writeFileSync(file, next); process.exit(10); }
    ' "$CONFIG" "$want" && return 0 || { [ $? -eq 10 ] && return 10; return 1; }
  fi
  # no node to merge with: write a fresh config, never overwrite someone else's
  if [ -s "$CONFIG" ]; then
    grep -q '"runsc"' "$CONFIG" || echo "start-dockerd: $CONFIG exists without runsc and no node to merge it; runsc not registered" >&2
    return 0
  fi
  printf '{\n  "runtimes": {"runsc": %s}\n}\n' "$want" >"$CONFIG"
  return 10
}

changed=0
register_runsc || { rc=$?; [ $rc -eq 10 ] && changed=1 || exit $rc; }

if answers; then
  if [ $changed -eq 1 ]; then
    # a running engine rereads runtimes on SIGHUP
    pid=$(cat /var/run/docker.pid 2>/dev/null || pidof dockerd || true)
    [ -n "$pid" ] && kill -HUP $pid && sleep 1
  fi
  echo "start-dockerd: engine answers"
  exit 0
fi

command -v dockerd >/dev/null 2>&1 || { echo "start-dockerd: dockerd not installed (Debian package docker.io)" >&2; exit 1; }
mkdir -p "$(dirname "$LOG")"
# a stale pid file from a killed engine stops a new one from starting
if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then rm -f /var/run/docker.pid; fi
nohup setsid dockerd >>"$LOG" 2>&1 </dev/null &

for _ in $(seq 1 "$WAIT_S"); do
  if answers; then echo "start-dockerd: engine started (log $LOG)"; exit 0; fi
  sleep 1
done
echo "start-dockerd: dockerd did not answer within ${WAIT_S}s; last log lines:" >&2
tail -n 20 "$LOG" >&2 || true
exit 1
