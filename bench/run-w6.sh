#!/usr/bin/env bash
# W6 TCP echo (docs/workloads.md section 2): starts an echo server on 127.0.0.1, waits for its READY line,
# runs the C load client against it (bench/client), then stops the server with SIGTERM.
#
#   bench/run-w6.sh [--style protocol|streams] [--port P] [client options]   jasyncio's server
#   bench/run-w6.sh --reference [--port P] [client options]                  the C reference server
#
# Client options (defaults as docs/workloads.md): --conns 100 --size 64 --warmup 3 --windows 3 --window-secs 10.
# Environment: JASYNCIO_BENCH_JVM_OPTS (as ./jasyncio bench: replaces its default JVM options);
# W6_WAIT_IDLE=P waits (up to 10 minutes) until the machine is at least P % idle before starting,
# because the server and the client share its cores with whatever else runs (default 0: no wait).
# The server and the client each run under `timeout` (warm-up + windows + a margin).
#
# Exit status: 0 if the client finished and the server stopped cleanly on SIGTERM, 1 otherwise.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
style=streams reference=0 port=$((20000 + RANDOM % 20000))
warmup=3 windows=3 wsecs=10
client_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --style) style="${2:?}"; shift 2 ;;
    --reference) reference=1; shift ;;
    --port) port="${2:?}"; shift 2 ;;
    --warmup) warmup="${2:?}"; client_args+=("$1" "$2"); shift 2 ;;
    --windows) windows="${2:?}"; client_args+=("$1" "$2"); shift 2 ;;
    --window-secs) wsecs="${2:?}"; client_args+=("$1" "$2"); shift 2 ;;
    --conns|--size) client_args+=("$1" "${2:?}"); shift 2 ;;
    *) echo "run-w6: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
[[ "$port$warmup$windows$wsecs" =~ ^[0-9]+$ ]] || { echo "run-w6: numeric options only" >&2; exit 2; }

"$ROOT/bench/client/build.sh" || exit 1
BIN="$ROOT/bench/client/target"
if [[ $reference == 1 ]]; then
  name="reference C server" server=("$BIN/echo_server" --port "$port")
else
  "$ROOT/jasyncio" bench --summary </dev/null >/dev/null || exit 1 # builds once, before any timing
  name="jasyncio --style $style" server=("$ROOT/jasyncio" bench --wl w6 --port "$port" --style "$style")
fi

cpu_jiffies() { # busy, total jiffies of the whole machine
  awk '/^cpu /{ t=0; for (i=2;i<=9;i++) t+=$i; print t-$5-$6, t; exit }' /proc/stat
}
idle_percent() { # over one second
  local a b; a=($(cpu_jiffies)); sleep 1; b=($(cpu_jiffies))
  echo $(( 100 - 100 * (b[0] - a[0]) / (b[1] - a[1] > 0 ? b[1] - a[1] : 1) ))
}

if [[ "${W6_WAIT_IDLE:-0}" -gt 0 ]]; then
  for ((i = 0; i < 600; i++)); do
    idle="$(idle_percent)"
    [[ $idle -ge $W6_WAIT_IDLE ]] && break
    ((i % 30 == 0)) && echo "run-w6: machine $idle % idle, waiting for $W6_WAIT_IDLE %" >&2
  done
fi
echo "run-w6: $name on 127.0.0.1:$port; $(date -u +%FT%TZ); idle $(idle_percent) %; load $(cut -d' ' -f1-3 /proc/loadavg)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
budget=$((warmup + windows * wsecs))
timeout $((budget + 90)) "${server[@]}" >"$tmp/out" 2>"$tmp/err" &
tpid=$!
for ((i = 0; i < 600; i++)); do # up to 60 s for READY
  grep -qsx READY "$tmp/out" && break
  if ! kill -0 "$tpid" 2>/dev/null; then break; fi
  sleep 0.1
done
if ! grep -qsx READY "$tmp/out"; then
  echo "run-w6: the server did not print READY; its stderr:" >&2
  cat "$tmp/err" >&2
  kill -TERM "$tpid" 2>/dev/null
  exit 1
fi
spid="$(awk '{print $1}' "/proc/$tpid/task/$tpid/children" 2>/dev/null)" # the server, under timeout

# The client reports the server's cpu per window too: the cores are shared, so cpu per round trip is
# the number that other jobs on the machine disturb least.
timeout $((budget + 30)) "$BIN/echo_client" --port "$port" --server-pid "${spid:-$tpid}" "${client_args[@]}"
client_status=$?
echo "run-w6: load after $(cut -d' ' -f1-3 /proc/loadavg)"

kill -TERM "$tpid"
wait "$tpid"
server_status=$?
sed 's/^/server: /' "$tmp/err" | grep -v '^server: WARNING' | tail -n 5
if [[ $client_status != 0 || $server_status != 0 ]]; then
  echo "run-w6: FAILED (client exit status $client_status, server exit status $server_status)" >&2
  exit 1
fi
