#!/usr/bin/env bash
# Builds (if needed) and runs the Netty peer of the HTTP server contract (WEB-WORKLOADS.md, H1 "/"):
#   bench/peers/netty/run.sh --port P [--transport nio|epoll]
# One event loop thread (Netty 4.2's MultiThreadIoEventLoopGroup(1)), prints READY, serves until killed.
# NETTY_PEER_JVM_OPTS sets JVM options (default: the same as ./jasyncio bench's, so that the collector does
# not decide the comparison).
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR="$DIR/target/netty-peer-0.1.jar"
source "$DIR/../build-peer.sh"
build_peer "$DIR" "$JAR"
exec "$JAVA_HOME/bin/java" ${NETTY_PEER_JVM_OPTS:--XX:+UseParallelGC -Xmn256m -XX:InitialTenuringThreshold=1 -XX:MaxTenuringThreshold=1} \
  --enable-native-access=ALL-UNNAMED -cp "$JAR:$DIR/target/lib/*" io.jasyncio.peers.netty.NettyPeer "$@"
