#!/usr/bin/env bash
# Runs the whole test suite (`mvn -B verify`, what CI runs) with CPU burners beside it, as on a loaded 2-core VPS
# or a Raspberry Pi: the suite must not depend on the machine's speed. Prints the result and the wall time.
# Usage: scripts/verify-under-load.sh [BURNERS] [extra mvn args...]   (default: 2 burners)
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/pick-jdk.sh
burners="${1:-2}"
shift || true
pids=()
for _ in $(seq "$burners"); do
  sh -c 'while :; do :; done' &
  pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
echo "verify-under-load: $burners CPU burner(s) running (pids ${pids[*]}) on $(nproc) cores"
start=$(date +%s)
mvn -B verify "$@"
rc=$?
echo "verify-under-load: mvn -B verify exited $rc after $(( $(date +%s) - start )) s with $burners CPU burner(s)"
exit $rc
