#!/usr/bin/env bash
# H1/H2 (WEB-WORKLOADS.md): the C canned-response reference server and jasyncio's HTTP server, side by side
# in one run, alternately, under wrk -t1. For each server and each connection count: a warm-up of W s, then a
# timed run of D s; prints req/s, p50/p99 latency, socket errors and server CPU per request (user+sys of the
# server process over the timed run / requests), then jasyncio's ratios to the reference.
#
#   bench/run-http.sh [--path /|/json] [--conns "100 1000"] [--rounds R] [--warmup W] [--duration D]
#                     [--loops N] [--peers "c jasyncio aiohttp uvicorn"]
#
# Peers: c (bench/client/http_canned), jasyncio (./jasyncio bench --wl http; its loop on epoll), jasyncio-nio (the
# same on the JDK's selector and channels: -Djasyncio.io=nio), netty and netty-epoll (Netty 4.2 on one event loop,
# NIO or its native epoll transport: bench/peers/netty, built from Maven Central on first use), aiohttp, uvicorn, fastapi (Python,
# bench/peers/http_peer.py, if installed), and the JVM floors nio and ffm (the C server's loop in Java on the
# JDK's NIO or on raw epoll through the FFM API: ./jasyncio bench --floor --wl http --mode nio|ffm).
# Binds 127.0.0.1 on a random port. Run it under a lock if other benchmarks may run at the same time.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
path=/ conns="100 1000" rounds=1 warmup=5 duration=10 loops=1 peers="c jasyncio"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --path) path="${2:?}"; shift 2 ;;
    --conns) conns="${2:?}"; shift 2 ;;
    --rounds) rounds="${2:?}"; shift 2 ;;
    --warmup) warmup="${2:?}"; shift 2 ;;
    --duration) duration="${2:?}"; shift 2 ;;
    --loops) loops="${2:?}"; shift 2 ;;
    --peers) peers="${2:?}"; shift 2 ;;
    *) echo "run-http: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "run-http: wrk is not installed (Debian: apt-get install wrk)" >&2; exit 1; }
"$ROOT/bench/client/build.sh" || exit 1
"$ROOT/jasyncio" build >/dev/null || exit 1
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

start_server() { # peer port -> sets SPID, waits for READY
  local peer=$1 port=$2
  case "$peer" in
    c) extra=(); [[ $path == /json ]] && extra=(--json)
       "$ROOT/bench/client/target/http_canned" --port "$port" "${extra[@]}" >"$TMP/out" 2>"$TMP/err" & ;;
    jasyncio) "$ROOT/jasyncio" bench --wl http --port "$port" --loops "$loops" >"$TMP/out" 2>"$TMP/err" & ;;
    jasyncio-nio) "$ROOT/jasyncio" bench -Djasyncio.io=nio --wl http --port "$port" --loops "$loops" >"$TMP/out" 2>"$TMP/err" & ;;
    netty) "$ROOT/bench/peers/netty/run.sh" --port "$port" --transport nio >"$TMP/out" 2>"$TMP/err" & ;;
    netty-epoll) "$ROOT/bench/peers/netty/run.sh" --port "$port" --transport epoll >"$TMP/out" 2>"$TMP/err" & ;;
    nio|ffm) "$ROOT/jasyncio" bench --floor --wl http --mode "$peer" --port "$port" >"$TMP/out" 2>"$TMP/err" & ;;
    aiohttp|uvicorn|fastapi) python3 "$ROOT/bench/peers/http_peer.py" "$peer" "$port" >"$TMP/out" 2>"$TMP/err" & ;;
  esac
  SPID=$!
  for ((i = 0; i < 200; i++)); do grep -q READY "$TMP/out" 2>/dev/null && return 0; sleep 0.1; done
  echo "run-http: $peer did not print READY:" >&2; cat "$TMP/err" >&2; kill "$SPID" 2>/dev/null; return 1
}
cpu_ticks() { # "utime stime" of a process and its threads, in clock ticks
  awk '{print $14, $15}' "/proc/$1/stat"
}
HZ=$(getconf CLK_TCK)

declare -A RPS CPU P99
echo "run-http: path=$path conns=[$conns] warmup=${warmup}s duration=${duration}s loops=$loops; $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %6s %12s %9s %9s %8s %12s %9s\n' server conns req/s p50 p99 errors cpu_us/req user_us
for ((r = 1; r <= rounds; r++)); do
  for c in $conns; do
    for peer in $peers; do
      port=$((20000 + RANDOM % 20000))
      start_server "$peer" "$port" || continue
      url="http://127.0.0.1:$port$path"
      wrk -t1 -c"$c" -d"${warmup}s" "$url" >/dev/null 2>&1
      read -r u0 s0 <<<"$(cpu_ticks "$SPID")"
      wrk -t1 -c"$c" -d"${duration}s" --latency "$url" >"$TMP/wrk" 2>&1
      read -r u1 s1 <<<"$(cpu_ticks "$SPID")"
      kill -TERM "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null
      rps=$(awk '/^Requests\/sec/{print $2}' "$TMP/wrk")
      reqs=$(awk '/requests in/{print $1}' "$TMP/wrk")
      p50=$(awk '$1=="50%"{print $2}' "$TMP/wrk"); p99=$(awk '$1=="99%"{print $2}' "$TMP/wrk")
      errs=$(awk '/Socket errors/{print $0}' "$TMP/wrk" | sed 's/.*errors: //'); [[ -z $errs ]] && errs=0
      non2xx=$(awk '/Non-2xx/{print $NF}' "$TMP/wrk"); [[ -n $non2xx ]] && errs="$errs non2xx=$non2xx"
      cpu=$(awk -v t=$((u1 - u0 + s1 - s0)) -v hz="$HZ" -v n="$reqs" 'BEGIN{ if (n > 0) printf "%.2f", t / hz * 1e6 / n; else print "-" }')
      usr=$(awk -v t=$((u1 - u0)) -v hz="$HZ" -v n="$reqs" 'BEGIN{ if (n > 0) printf "%.2f", t / hz * 1e6 / n; else print "-" }')
      printf '%-10s %6s %12s %9s %9s %8s %12s %9s\n' "$peer" "$c" "$rps" "$p50" "$p99" "$errs" "$cpu" "$usr"
      RPS[$peer,$c,$r]=$rps CPU[$peer,$c,$r]=$cpu P99[$peer,$c,$r]=$p99
    done
  done
done
for c in $conns; do
  for peer in $peers; do
    [[ $peer == c ]] && continue
    for ((r = 1; r <= rounds; r++)); do
      awk -v p="$peer" -v c="$c" -v a="${RPS[$peer,$c,$r]:-0}" -v b="${RPS[c,$c,$r]:-0}" -v x="${CPU[$peer,$c,$r]:-0}" -v y="${CPU[c,$c,$r]:-0}" \
        'BEGIN{ if (b > 0 && y > 0) printf "ratio %-9s c%-5s req/s %.3f of the C reference; CPU/req %.2fx\n", p, c, a / b, x / y }'
    done
  done
done
