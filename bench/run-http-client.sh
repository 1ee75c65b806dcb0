#!/usr/bin/env bash
# H3, the HTTP client workload (WEB-WORKLOADS.md, client contract), side by side in one run: starts one
# server on 127.0.0.1, then drives it in turn with wrk (the load tool's ceiling), jasyncio's ClientSession
# (./jasyncio bench --wl http-client), aiohttp and httpx (bench/client/h3_*.py), and prints each client's
# median req/s and the ratios the bars are about (jasyncio / wrk >= 0.55, jasyncio / aiohttp >= 20), and each
# client's CPU time per request (user + system, all its threads, timed runs only): on a machine shared with
# other work that figure moves less than the rates do.
#
#   bench/run-http-client.sh [--server canned|jasyncio] [--n 10000] [--conc 100] [--runs 3] [--warmup-s 5]
#                            [--rounds R] [--skip-httpx] [--httpx-n 2000]
#
# --server canned (default): the C canned-response server (bench/client/http_canned.c), the reference;
# --server jasyncio: the project's server (./jasyncio bench --wl http --port P). --rounds R repeats the whole
# sequence R times (the machine's other load moves every number; the medians are over all rounds).
# httpx runs batches of --httpx-n requests (default 2000: it manages a few hundred per second at 100 in
# flight here, and a rate is a rate). Each client runs under `timeout`. Exit status 0 if every client finished and checked its responses.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
server=canned n=10000 conc=100 runs=3 warmup=5 rounds=1 skip_httpx=0 httpx_n=2000
port=$((20000 + RANDOM % 20000))
while [[ $# -gt 0 ]]; do
  case "$1" in
    --server) server="${2:?}"; shift 2 ;;
    --n) n="${2:?}"; shift 2 ;;
    --conc) conc="${2:?}"; shift 2 ;;
    --runs) runs="${2:?}"; shift 2 ;;
    --warmup-s) warmup="${2:?}"; shift 2 ;;
    --rounds) rounds="${2:?}"; shift 2 ;;
    --skip-httpx) skip_httpx=1; shift ;;
    --httpx-n) httpx_n="${2:?}"; shift 2 ;;
    *) echo "run-http-client: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "run-http-client: needs wrk (apt-get install wrk)" >&2; exit 1; }
python3 -c 'import aiohttp, httpx' 2>/dev/null || { echo "run-http-client: needs python3 with aiohttp and httpx" >&2; exit 1; }
"$ROOT/bench/client/build.sh" || exit 1
"$ROOT/jasyncio" build >/dev/null || exit 1

case "$server" in
  canned) cmd=("$ROOT/bench/client/target/http_canned" --port "$port") ;;
  jasyncio) cmd=("$ROOT/jasyncio" bench --wl http --port "$port") ;;
  *) echo "run-http-client: --server canned|jasyncio" >&2; exit 2 ;;
esac
out="$(mktemp -d)"
trap 'kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; rm -rf "$out"' EXIT
"${cmd[@]}" >"$out/server.out" 2>"$out/server.err" &
spid=$!
for ((i = 0; i < 600; i++)); do
  grep -q READY "$out/server.out" 2>/dev/null && break
  kill -0 "$spid" 2>/dev/null || { cat "$out/server.err" >&2; echo "run-http-client: the server died" >&2; exit 1; }
  sleep 0.1
done
grep -q READY "$out/server.out" || { echo "run-http-client: the server never printed READY" >&2; exit 1; }
url="http://127.0.0.1:$port/"
echo "run-http-client: $server server at $url; n=$n conc=$conc runs=$runs warm-up ${warmup}s; rounds=$rounds;" \
     "$(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"

status=0
limit=$((120 + 3 * 60))
for ((r = 1; r <= rounds; r++)); do
  timeout 60 wrk -t1 -c"$conc" -d"${warmup}s" "$url" >/dev/null 2>&1
  timeout 60 wrk -t1 -c"$conc" -d10s "$url" >"$out/wrk.txt" 2>&1 || status=1
  awk '/Requests\/sec/{ printf "{\"client\": \"wrk\", \"rps\": [%d]}\n", $2 }' "$out/wrk.txt" | tee -a "$out/all.jsonl"
  timeout "$limit" "$ROOT/jasyncio" bench --wl http-client --url "$url" --n "$n" --conc "$conc" --runs "$runs" \
      --warmup-s "$warmup" 2>"$out/jasyncio.err" | tee -a "$out/all.jsonl" || { cat "$out/jasyncio.err" >&2; status=1; }
  timeout "$limit" python3 "$ROOT/bench/client/h3_python.py" --client aiohttp --url "$url" --n "$n" --conc "$conc" --runs "$runs" \
      --warmup-s "$warmup" | tee -a "$out/all.jsonl" || status=1
  if [[ $skip_httpx == 0 ]]; then
    timeout "$limit" python3 "$ROOT/bench/client/h3_python.py" --client httpx --url "$url" --n "$httpx_n" --conc "$conc" --runs "$runs" \
        --warmup-s "$warmup" | tee -a "$out/all.jsonl" || status=1
  fi
done

python3 - "$out/all.jsonl" <<'PY'
import json, statistics, sys
rps, cpu = {}, {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("{"):
        d = json.loads(line)
        rps.setdefault(d["client"], []).extend(d["rps"])
        cpu.setdefault(d["client"], []).extend(d.get("cpu_us_per_req", []))
med = {k: statistics.median(v) for k, v in rps.items()}
mcpu = {k: statistics.median(v) for k, v in cpu.items() if v}
for k, v in med.items():
    c = f"; client CPU {mcpu[k]:.1f} us/req" if k in mcpu else ""
    print(f"{k:9s} median {v:9.0f} req/s{c}  (all: {', '.join(str(int(x)) for x in rps[k])})")
j = med.get("jasyncio")
if j:
    for peer, bar in (("wrk", 0.55), ("aiohttp", 20), ("httpx", None)):
        if peer in med:
            ratio = j / med[peer]
            note = f"   bar >= {bar}: {'met' if ratio >= bar else 'NOT met'}" if bar else ""
            print(f"jasyncio / {peer:8s} = {ratio:6.2f}{note}")
    for peer in ("aiohttp", "httpx"):
        if peer in mcpu and "jasyncio" in mcpu:
            print(f"client CPU per request, {peer} / jasyncio = {mcpu[peer] / mcpu['jasyncio']:6.1f}")
PY
exit $status
