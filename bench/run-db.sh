#!/usr/bin/env bash
# D2 of WEB-WORKLOADS.md side by side: jasyncio (./jasyncio bench --wl db-query) and asyncpg
# (bench/db/d2_asyncpg.py, pool.fetchval) against the same PostgreSQL, one after the other in this
# run, then the ratio of the median rates (bar: >= 1.0). asyncpg runs twice: as it comes (its pool
# resets a connection on every release: a second round trip per query) and with a no-op reset (one
# round trip per query, as jasyncio's pool for a clean connection). With --d1, also D1 (bar: wall
# <= 0.6 s).
#
#   bench/run-db.sh [--dsn DSN] [--n N] [--reps R] [--d1]
#
# DSN defaults to $JASYNCIO_PG_DSN (set by .ci/run). asyncpg comes from the machine's Python; CI
# installs it from the offline mirror (pip install --no-index ... asyncpg) if it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dsn="${JASYNCIO_PG_DSN:-}" n=100000 reps=5 d1=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dsn) dsn="${2:?}"; shift 2 ;;
    --n) n="${2:?}"; shift 2 ;;
    --reps) reps="${2:?}"; shift 2 ;;
    --d1) d1=1; shift ;;
    *) echo "run-db: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
[[ -n "$dsn" ]] || { echo "run-db: no DSN: pass --dsn postgresql://user:pw@127.0.0.1:5432/db or set JASYNCIO_PG_DSN" >&2; exit 2; }
python3 -c 'import asyncpg' 2>/dev/null || { echo "run-db: asyncpg is not installed for python3" >&2; exit 1; }

"$ROOT/jasyncio" build >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if [[ $d1 == 1 ]]; then
  "$ROOT/jasyncio" bench --wl db-sleep --dsn "$dsn" > "$out/d1.json"
  cat "$out/d1.json"
fi
"$ROOT/jasyncio" bench --wl db-query --dsn "$dsn" --n "$n" --reps "$reps" > "$out/jasyncio.json"
python3 "$ROOT/bench/db/d2_asyncpg.py" --dsn "$dsn" --n "$n" --reps "$reps" > "$out/asyncpg.json"
python3 "$ROOT/bench/db/d2_asyncpg.py" --dsn "$dsn" --n "$n" --reps "$reps" --no-reset > "$out/asyncpg-noreset.json"
cat "$out/jasyncio.json" "$out/asyncpg.json" "$out/asyncpg-noreset.json"
python3 - "$out" "$d1" <<'PY'
import json, statistics, sys
out, d1 = sys.argv[1], sys.argv[2] == "1"
j = json.load(open(f"{out}/jasyncio.json"))
a = json.load(open(f"{out}/asyncpg.json"))
b = json.load(open(f"{out}/asyncpg-noreset.json"))
jr, ar, br = statistics.median(j["rate"]), statistics.median(a["rate"]), statistics.median(b["rate"])
print(f"D2 db-query: jasyncio {jr:,.0f} queries/s, asyncpg {ar:,.0f} queries/s: ratio {jr / ar:.2f}x (bar >= 1.0x)")
print(f"D2 db-query: asyncpg with a no-op reset {br:,.0f} queries/s: ratio {jr / br:.2f}x")
if d1:
    w = json.load(open(f"{out}/d1.json"))["wall_s"]
    print(f"D1 db-sleep: wall {w:.3f} s for 100 x pg_sleep(0.5) (bar <= 0.6 s)")
PY
