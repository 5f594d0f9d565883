#!/usr/bin/env bash
# A newcomer's first hour, checked end to end: a fresh clone in a private (0700) directory, `npm install`,
# `npm start` until the banner, then SIGTERM to the npm process and a check, by PID, that nothing is left.
# Done as root (the embedded PostgreSQL then runs as "postgres") and as an ordinary user.
#
#   scripts/check-fresh-clone.sh [--working-tree] [--root-only | --user-only]
#
#   --working-tree  copy this working tree (tracked and untracked files, not ignored ones) instead of
#                   cloning HEAD, to check changes that are not committed yet.
#
# Needs root (to run as both, and to create the "trainerhub-check" user if missing, removed again afterwards),
# network access for `npm install`, and a Redis on 127.0.0.1:6379 or redis-server on PATH. Takes a few minutes:
# most of it is `npm install`, which is why this is a script and not part of CI.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
source_mode=clone
modes=(root user)
for arg in "$@"; do
  case "$arg" in
    --working-tree) source_mode=working-tree ;;
    --root-only) modes=(root) ;;
    --user-only) modes=(user) ;;
    *) echo "usage: $0 [--working-tree] [--root-only | --user-only]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "Run this as root: it checks both root and an ordinary user." >&2; exit 2; }

check_user=trainerhub-check
created_user=0
failures=0
cleanup_dirs=()
started_pids=()

cleanup() {
  for pid in "${started_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for dir in "${cleanup_dirs[@]}"; do rm -rf "$dir"; done
  if [ "$created_user" -eq 1 ]; then userdel -r "$check_user" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do echo "$child"; descendants "$child"; done
}

running() { # a zombie counts as gone
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)
  [ -n "$state" ] && [ "$state" != Z ]
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

check_as() {
  local who=$1 parent checkout run log port started ready pids left
  parent=$(mktemp -d /tmp/trainerhub-fresh-XXXXXX) # 0700, like root's home
  cleanup_dirs+=("$parent")
  checkout="$parent/trainerhub"
  if [ "$source_mode" = clone ]; then
    git clone --quiet "$repo" "$checkout"
  else
    mkdir -p "$checkout"
    (cd "$repo" && git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done | tar -c --null -T - -f -) | tar -x -C "$checkout" -f -
  fi
  run=(bash -c)
  if [ "$who" = user ]; then
    if ! id "$check_user" >/dev/null 2>&1; then
      useradd --create-home --shell /bin/bash "$check_user"
      created_user=1
    fi
    chown -R "$check_user:" "$parent"
    run=(runuser -u "$check_user" -- bash -c)
  else
    cleanup_dirs+=("/var/tmp/trainerhub-pg-$(printf '%s' "$(realpath "$checkout")" | sha256sum | cut -c1-12)")
  fi
  log="$parent/start.log"
  port=$(free_port)
  echo "==> as $who in $checkout (parent $(stat -c %a "$parent"))"

  started=$(date +%s)
  "${run[@]}" "cd '$checkout' && npm install --no-audit --no-fund --loglevel=error" >"$parent/install.log" 2>&1 ||
    { echo "   npm install failed:"; tail -20 "$parent/install.log"; failures=$((failures + 1)); return; }
  echo "   npm install: $(($(date +%s) - started)) s"

  started=$(date +%s)
  # shellcheck disable=SC2016 # expanded by the inner shell
  "${run[@]}" "cd '$checkout' && PORT=$port REDIS_PREFIX=th-fresh-$$ exec npm start" >"$log" 2>&1 &
  local npm_pid=$!
  started_pids+=("$npm_pid")
  ready=0
  for _ in $(seq 1 360); do
    if grep -q 'Press Ctrl-C to stop.' "$log"; then ready=1; break; fi
    running "$npm_pid" || break
    sleep 0.5
  done
  if [ "$ready" -ne 1 ]; then
    echo "   no banner within 180 s; last lines:"; tail -20 "$log" | sed 's/^/     /'; failures=$((failures + 1)); return
  fi
  echo "   npm start to banner: $(($(date +%s) - started)) s (build included)"
  sleep 2
  if [ "$(grep -v '^\s*$' "$log" | tail -1 | sed 's/^ *//')" != 'Press Ctrl-C to stop.' ]; then
    echo "   the banner is not the last output:"; tail -5 "$log" | sed 's/^/     /'; failures=$((failures + 1))
  fi
  if grep -B1000 'Press Ctrl-C to stop.' "$log" | grep -q '^{'; then
    echo "   JSON log lines before the banner"; failures=$((failures + 1))
  fi
  curl -fsS -o /dev/null "http://127.0.0.1:$port/health" || { echo "   port $port does not answer"; failures=$((failures + 1)); }

  # runuser is a process of its own: the npm process is its child. SIGTERM goes to npm, as a stop button would send it.
  local top=$npm_pid
  if [ "$who" = user ]; then top=$(pgrep -P "$npm_pid" -x npm || pgrep -P "$npm_pid" | head -1); fi
  pids=$(echo "$top"; descendants "$top")
  started_pids+=($pids)
  echo "   processes: $(echo $pids | wc -w) ($(for p in $pids; do ps -o comm= -p "$p"; done | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}'))"
  started=$(date +%s%N)
  kill -TERM "$top"
  for _ in $(seq 1 100); do
    left=""
    for p in $pids; do running "$p" && left="$left $p"; done
    [ -z "$left" ] && break
    sleep 0.1
  done
  if [ -n "$left" ]; then
    echo "   still running 10 s after SIGTERM:"; for p in $left; do ps -o pid=,args= -p "$p" | sed 's/^/     /'; done
    failures=$((failures + 1))
  else
    echo "   SIGTERM to npm: all gone in $(( ($(date +%s%N) - started) / 1000000 )) ms"
  fi
  if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null; then
    echo "   port $port still answers"; failures=$((failures + 1))
  fi
}

for mode in "${modes[@]}"; do check_as "$mode"; done
if [ "$failures" -eq 0 ]; then echo "==> fresh clone checks passed"; else echo "==> $failures problem(s)"; exit 1; fi
