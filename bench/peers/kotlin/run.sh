#!/usr/bin/env bash
# Builds (if needed) and runs the Kotlin coroutines peer: bench/peers/kotlin/run.sh --wl w1|w2|w3 [--n N]
# [--reps R] [--warmup W] [--peer NAME]; one JSON line on stdout as ./jasyncio bench prints.
# KOTLIN_PEER_JVM_OPTS adds JVM options (default: none, the JVM's defaults, as a Kotlin user runs it).
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR="$DIR/target/kotlin-peer-0.1.jar"
if [[ ! -f "$JAR" || -n "$(find "$DIR/src" "$DIR/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  (cd "$DIR" && JAVA_HOME="$JAVA_HOME" mvn -q -B -DskipTests package) > "$DIR/target.build.log" 2>&1 \
    || { cat "$DIR/target.build.log" >&2; exit 1; }
  rm -f "$DIR/target.build.log"
fi
exec "$JAVA_HOME/bin/java" ${KOTLIN_PEER_JVM_OPTS:-} -cp "$JAR:$DIR/target/lib/*" io.jasyncio.peers.kotlin.KotlinPeerKt "$@"
