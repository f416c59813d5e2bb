#!/usr/bin/env bash
# The load harness: Gatehouse measured side by side with its peers, in one run, on this machine.
#
#   bench/run.sh                     # builds what it needs, runs every scenario, writes docs/benchmarks.md
#   DURATION=15 WARMUP=5 bench/run.sh
#   DURATION=3 WARMUP=1 bench/run.sh --gatehouse-only   # Gatehouse alone; prints the section, docs untouched
#
# This script only prepares: the JDK, wrk, the builds (Gatehouse, gatehouse-bench, the Spring peer in
# bench/peers/spring, its own Maven project) and Keycloak (org.keycloak:keycloak-quarkus-dist zip from
# Maven Central, unpacked into $GATEHOUSE_BENCH_CACHE, default ~/.cache/gatehouse-bench). The run itself,
# the parsing and the report are dev.gatehouse.bench.harness.Harness in gatehouse-bench.
# Environment: DURATION / WARMUP (seconds per wrk run, default 15 / 5), CONNECTIONS (64), THREADS
# (wrk threads, 1), KEYCLOAK_VERSION (26.5.6), SKIP_BUILD=1 (use the existing Gatehouse and harness jars), REPORT (output
# file, default docs/benchmarks.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../.ci/find-jdk
source "$ROOT/.ci/find-jdk"
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
PEERS=1; [[ ${1:-} == --gatehouse-only ]] && PEERS=0
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.5.6}"; export KEYCLOAK_VERSION
CACHE="${GATEHOUSE_BENCH_CACHE:-$HOME/.cache/gatehouse-bench}"; export GATEHOUSE_BENCH_CACHE="$CACHE"
LOGS="$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-bench-build.XXXXXX")"
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

command -v wrk >/dev/null || { log "installing wrk (Debian package)"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
for tool in mvn unzip ss git; do command -v "$tool" >/dev/null || die "$tool is needed"; done

GH_JAR="$ROOT/gatehouse-server/target/gatehouse.jar"; HARNESS_JAR="$ROOT/gatehouse-bench/target/benchmarks.jar"
BUILD=built
if [[ ${SKIP_BUILD:-0} == 1 && -f $GH_JAR && -f $HARNESS_JAR ]]; then
  BUILD=skipped
else
  log "building Gatehouse and the harness (mvn -q -B -DskipTests -pl gatehouse-server,gatehouse-bench -am package)"
  if ! (cd "$ROOT" && mvn -q -B -DskipTests -pl gatehouse-server,gatehouse-bench -am package >"$LOGS/build-gatehouse.log" 2>&1); then
    [[ -f $GH_JAR && -f $HARNESS_JAR ]] || die "the Gatehouse build failed: $LOGS/build-gatehouse.log"
    log "the Gatehouse build failed (sources being edited?); measuring the existing jar"
    BUILD=failed
  fi
fi
if (( PEERS )); then
  log "building the Spring peer (mvn -f bench/peers/spring/pom.xml package)"
  (cd "$ROOT" && mvn -q -B -DskipTests -f bench/peers/spring/pom.xml package >"$LOGS/build-spring.log" 2>&1) \
    || die "the Spring peer build failed: $LOGS/build-spring.log"
  KC_ZIP="$CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  mkdir -p "$CACHE"
  if [[ ! -f $KC_ZIP ]]; then
    log "fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip from Maven Central"
    mvn -q -B dependency:copy "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      "-DoutputDirectory=$CACHE" >"$LOGS/fetch-keycloak.log" 2>&1 || die "fetching Keycloak failed: $LOGS/fetch-keycloak.log"
  fi
  [[ -x $CACHE/keycloak-$KEYCLOAK_VERSION/bin/kc.sh ]] || { log "unpacking Keycloak into $CACHE"; (cd "$CACHE" && unzip -q -o "$KC_ZIP"); }
fi
rm -rf "$LOGS"
exec "$JAVA_HOME/bin/java" -cp "$HARNESS_JAR" dev.gatehouse.bench.harness.Harness --root "$ROOT" --build "$BUILD" "$@"
