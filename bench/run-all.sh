#!/usr/bin/env bash
# Runs the workloads W1-W5 of docs/workloads.md, one fresh JVM each, with the JVM repetition policy
# (W1/W2/W4 R=10 W=3, W3 R=5 W=2, W5 R=7 W=2: the bench's defaults), and prints their JSON lines on
# stdout; a best/median table goes to stderr.
#
#   bench/run-all.sh [args for every workload, e.g. --peer jasyncio-g1]
#   WL="w1 w3" bench/run-all.sh                      only some workloads
#   JASYNCIO_BENCH_JVM_OPTS="-XX:+UseParallelGC" bench/run-all.sh   extra JVM options
#   WL_TIMEOUT=240 (seconds per workload, as the comparison harness)
#
# Exit status: 0 if every workload passed its correctness check, 1 otherwise (the others still run).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WL="${WL:-w1 w2 w3 w4 w5}"
TIMEOUT="${WL_TIMEOUT:-240}"

"$ROOT/jasyncio" bench --summary </dev/null >/dev/null || exit 1 # builds once, outside any timing

status=0
lines=""
for wl in $WL; do
  if line="$(timeout "$TIMEOUT" "$ROOT/jasyncio" bench --wl "$wl" "$@")"; then
    echo "$line"
    lines+="$line"$'\n'
  else
    echo "run-all: $wl failed (exit status $?)" >&2
    status=1
  fi
done
printf '%s' "$lines" | "$ROOT/jasyncio" bench --summary >&2
exit $status
