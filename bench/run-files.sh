#!/bin/sh
# F1 of WEB-WORKLOADS.md side by side: jasyncio's async files and Python's aiofiles, in one run, on the
# same input files in the same directory. Prints both JSON lines, then the ratio of the median MB/s and
# both tickers' worst lateness.
#
#   bench/run-files.sh                 # the contract: 100 files of 1 MiB each, both sides
#   PY_KB=256 bench/run-files.sh       # smaller files for aiofiles only (its MB/s is per line, not per file)
#   DIR=/some/dir bench/run-files.sh   # where the files go (default: a new temporary directory, removed after)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OWN_DIR=
if [ -z "${DIR:-}" ]; then
  DIR=$(mktemp -d)
  OWN_DIR=$DIR
fi
trap '[ -n "$OWN_DIR" ] && rm -rf "$OWN_DIR"' EXIT
J=$("$ROOT/jasyncio" bench --wl files --dir "$DIR" ${JAVA_ARGS:-})
P=$(python3 "$ROOT/bench/files/f1_aiofiles.py" --dir "$DIR" --kb "${PY_KB:-1024}" ${PY_ARGS:-})
echo "$J"
echo "$P"
python3 - "$J" "$P" <<'PY'
import json, statistics, sys
j, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
jm, pm = statistics.median(j["mb_per_s"]), statistics.median(p["mb_per_s"])
print(f"F1 files: jasyncio {jm:.1f} MB/s (ticker late max {j['ticker_max_late_ms']:.1f} ms, "
      f"{j['ticker_max_late_on_cpu_ms']:.1f} ms on the CPU, alone {j['ticker_idle_max_late_ms']:.1f} ms) | "
      f"aiofiles {pm:.2f} MB/s (ticker late max {p['ticker_max_late_ms']:.1f} ms) | "
      f"ratio {jm / pm:.0f}x (bar: >= 30x, ticker <= 20 ms)")
PY
