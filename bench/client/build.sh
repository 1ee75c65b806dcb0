#!/usr/bin/env bash
# Builds the W6 load client (also H4 with --ws), the reference echo servers (TCP, WebSocket) and the H1/H2 canned HTTP server (gcc -O2) into bench/client/target/,
# when a source is newer than its binary. Prints nothing on success.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$DIR/target"
for prog in echo_client echo_server http_canned ws_echo_server; do
  bin="$DIR/target/$prog"
  if [[ ! -x "$bin" || "$DIR/$prog.c" -nt "$bin" || "$DIR/common.h" -nt "$bin" || "$DIR/conn_io.h" -nt "$bin" ]]; then
    gcc -O2 -Wall -Wextra -std=gnu11 -o "$bin" "$DIR/$prog.c"
  fi
done
