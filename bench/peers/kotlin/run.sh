#!/usr/bin/env bash
# Builds (if needed) and runs the Kotlin coroutines peer: bench/peers/kotlin/run.sh --wl w1|w2|w3 [--n N]
# [--reps R] [--warmup W] [--peer NAME]; one JSON line on stdout as ./jasyncio bench prints.
# KOTLIN_PEER_JVM_OPTS adds JVM options (default: none, the JVM's defaults, as a Kotlin user runs it).
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR="$DIR/target/kotlin-peer-0.1.jar"
source "$DIR/../build-peer.sh"
build_peer "$DIR" "$JAR"
exec "$JAVA_HOME/bin/java" ${KOTLIN_PEER_JVM_OPTS:-} -cp "$JAR:$DIR/target/lib/*" io.jasyncio.peers.kotlin.KotlinPeerKt "$@"
