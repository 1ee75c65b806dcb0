#!/usr/bin/env bash
# H4 WebSocket echo (WEB-WORKLOADS.md): 100 connections upgraded before timing, each sends a masked 64-byte
# text frame and waits for its 66-byte echo, closed loop; warm-up, then timed windows; p50/p99. Runs the same
# C load client (bench/client/echo_client --ws /ws) against, in turn:
#   c         the trivial C WebSocket echo server (bench/client/ws_echo_server.c), the reference
#   jasyncio  ./jasyncio bench --wl http (the HTTP server's /ws route), one loop
#   jasyncio-nio  the same on the JDK's selector and channels (-Djasyncio.io=nio; docs/adr/0025-epoll-backend.md)
#   python    Python websockets' echo server (bench/ws_python_server.py), one loop
# and prints each one's summary line, then the ratios to the reference (bar: jasyncio >= 0.80 of the C
# server's round trips/s, p99 <= 0.6 ms).
#
#   bench/run-ws.sh [--servers "c jasyncio python"] [--rounds 1] [--warmup 5] [--windows 3] [--window-secs 10]
#                   [--conns 100] [--size 64]
#
# With --rounds N the servers run in turn N times (c, jasyncio, python, c, jasyncio, ...) and the ratios use
# the median over all their windows: on a machine shared with other jobs, interleaving spreads the noise
# over every server instead of favouring whichever ran in the quieter minute.
#
# Run it under `flock /tmp/bench.lock` on a shared machine. Exit status: 0 if every run finished, 1 otherwise.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
servers="c jasyncio python" rounds=1 warmup=5 windows=3 wsecs=10
client_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --servers) servers="${2:?}"; shift 2 ;;
    --rounds) rounds="${2:?}"; shift 2 ;;
    --warmup) warmup="${2:?}"; shift 2 ;;
    --windows) windows="${2:?}"; shift 2 ;;
    --window-secs) wsecs="${2:?}"; shift 2 ;;
    --conns|--size) client_args+=("$1" "${2:?}"); shift 2 ;;
    *) echo "run-ws: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
[[ "$rounds$warmup$windows$wsecs" =~ ^[0-9]+$ ]] || { echo "run-ws: numeric options only" >&2; exit 2; }

"$ROOT/bench/client/build.sh" || exit 1
BIN="$ROOT/bench/client/target"
if [[ " $servers " == *" jasyncio "* ]]; then
  "$ROOT/jasyncio" bench --summary </dev/null >/dev/null || exit 1 # builds once, before any timing
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
budget=$((warmup + windows * wsecs))
status=0
echo "run-ws: $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg); servers: $servers"
for ((round = 1; round <= rounds; round++)); do
for name in $servers; do
  port=$((20000 + RANDOM % 20000))
  case "$name" in
    c) server=("$BIN/ws_echo_server" --port "$port") ;;
    jasyncio) server=("$ROOT/jasyncio" bench --wl http --port "$port") ;;
    jasyncio-nio) server=("$ROOT/jasyncio" bench -Djasyncio.io=nio --wl http --port "$port") ;;
    python) server=(python3 "$ROOT/bench/ws_python_server.py" "$port") ;;
    *) echo "run-ws: unknown server $name (c, jasyncio, jasyncio-nio, python)" >&2; exit 2 ;;
  esac
  timeout $((budget + 90)) "${server[@]}" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  tpid=$!
  for ((i = 0; i < 600; i++)); do
    grep -qsx READY "$tmp/$name.out" && break
    kill -0 "$tpid" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -qsx READY "$tmp/$name.out"; then
    echo "run-ws: $name did not print READY; its stderr:" >&2
    cat "$tmp/$name.err" >&2
    kill -TERM "$tpid" 2>/dev/null
    status=1
    continue
  fi
  spid="$(awk '{print $1}' "/proc/$tpid/task/$tpid/children" 2>/dev/null)"
  echo "== $name on 127.0.0.1:$port"
  timeout $((budget + 30)) "$BIN/echo_client" --port "$port" --ws /ws --server-pid "${spid:-$tpid}" \
    --warmup "$warmup" --windows "$windows" --window-secs "$wsecs" "${client_args[@]}" | tee -a "$tmp/$name.client"
  [[ ${PIPESTATUS[0]} == 0 ]] || status=1
  kill -TERM "$tpid" 2>/dev/null
  wait "$tpid" 2>/dev/null
done
done

# summary:  rt/s best B median M  p99 best B us median M us ...
median_of() { # the median over every window of the server (all rounds): "window ...: R rt/s  p50 X us  p99 Y us"
  awk -v key="$2" '/^window / { for (i = 1; i <= NF; i++) if ($i == key) print (key == "rt/s" ? $(i - 1) : $(i + 1)) }' \
    "$tmp/$1.client" 2>/dev/null | sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
ref="$(median_of c rt/s)"
echo "== H4 medians over all windows (rt/s, p99 us, server cpu us/rt), ratio of round trips/s to the C reference"
for name in $servers; do
  rts="$(median_of "$name" rt/s)" p99="$(median_of "$name" p99)"
  cpu="$(grep -o '([0-9.]* us/rt)' "$tmp/$name.client" | tr -d '(' | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')"
  [[ -n "$rts" ]] || { echo "$name: no result"; continue; }
  ratio="-"
  [[ -n "$ref" && "$ref" != 0 ]] && ratio="$(awk -v a="$rts" -v b="$ref" 'BEGIN { printf "%.2f", a / b }')"
  echo "$name: $rts rt/s  p99 $p99 us  server cpu ${cpu:-?} us/rt  ratio $ratio"
done
exit $status
