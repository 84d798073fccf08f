#!/usr/bin/env bash
# Start-up figures for BENCHMARKS.md: `java -version` as the floor, then the CLI and the server, each run N times
# (median wall and CPU seconds). Needs the jars (`mvn -B -q -DskipTests package`); starts its own server on a free
# port with a throw-away data dir, and stops it. Usage: bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work=$(mktemp -d)
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# median of "wall cpu" lines
median() { sort -n -k1,1 | awk '{w[NR]=$1; c[NR]=$2} END {m=int((NR+1)/2); printf "%5.2f s wall %5.2f s CPU", w[m], c[m]}'; }

measure() { # label, command...
  local label="$1"; shift
  "$@" >/dev/null 2>&1 || true # warm the page cache (and let a launcher make its CDS archive)
  for _ in $(seq "$runs"); do
    local TIMEFORMAT="%R %U %S"
    { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
  done | median
  echo "  $label"
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
server_url="http://127.0.0.1:$port"

server_to_listening() { # launcher...
  local dir="$work/data-$RANDOM$RANDOM" start line
  start=$(date +%s%N)
  "$@" --port "$port" --data-dir "$dir" >"$work/server.log" 2>&1 &
  server_pid=$!
  until grep -q "listening on" "$work/server.log" 2>/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; return 1; }
    sleep 0.01
  done
  echo "$(( ($(date +%s%N) - start) / 1000000 ))"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
}

listening() { # label, launcher...
  local label="$1"; shift
  server_to_listening "$@" >/dev/null
  for _ in $(seq "$runs"); do server_to_listening "$@"; done | sort -n \
    | awk -v l="$label" '{v[NR]=$1} END {printf "%5.2f s wall to listening  %s\n", v[int((NR+1)/2)]/1000, l}'
}

echo "# $(date -u +%F) $(nproc) cores, $("$java" -version 2>&1 | head -1), median of $runs"
measure "java -version" "$java" -version
measure "syncr --help (java -jar)" "$java" -jar sync-client/target/syncr.jar --help
measure "syncr --help (bin/syncr)" bin/syncr --help
measure "syncr-server --help (java -jar)" "$java" -jar sync-server/target/syncr-server.jar --help
listening "syncr-server, fresh data dir (java -jar)" "$java" -jar sync-server/target/syncr-server.jar
listening "syncr-server, fresh data dir (bin/syncr-server)" bin/syncr-server

"$java" -jar sync-server/target/syncr-server.jar --port "$port" --data-dir "$work/live" >"$work/live.log" 2>&1 &
server_pid=$!
until grep -q "listening on" "$work/live.log" 2>/dev/null; do sleep 0.05; done
"$java" -jar sync-client/target/syncr.jar --server "$server_url" put README.md --as README.md >/dev/null
measure "syncr ls (java -jar)" "$java" -jar sync-client/target/syncr.jar --server "$server_url" ls
measure "syncr ls (bin/syncr)" bin/syncr --server "$server_url" ls
