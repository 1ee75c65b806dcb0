# Sourced by the peers' run.sh: builds a peer's Maven project (its own pom.xml, outside the jasyncio reactor)
# when its jar is missing or older than its sources. Usage: build_peer DIR JAR
build_peer() {
  local dir=$1 jar=$2
  if [[ ! -f "$jar" || -n "$(find "$dir/src" "$dir/pom.xml" -newer "$jar" -print -quit)" ]]; then
    (cd "$dir" && JAVA_HOME="$JAVA_HOME" mvn -q -B -DskipTests package) > "$dir/target.build.log" 2>&1 \
      || { cat "$dir/target.build.log" >&2; return 1; }
    rm -f "$dir/target.build.log"
  fi
}
