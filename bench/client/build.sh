#!/usr/bin/env bash
# Builds the W6 load client, the reference echo server and the H1/H2 canned HTTP server (gcc -O2) into bench/client/target/,
# when a source is newer than its binary. Prints nothing on success.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$DIR/target"
for prog in echo_client echo_server http_canned; do
  bin="$DIR/target/$prog"
  if [[ ! -x "$bin" || "$DIR/$prog.c" -nt "$bin" || "$DIR/common.h" -nt "$bin" ]]; then
    gcc -O2 -Wall -Wextra -std=gnu11 -o "$bin" "$DIR/$prog.c"
  fi
done
