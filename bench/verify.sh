#!/usr/bin/env bash
# JMH numbers for GatehouseVerifier.verify per algorithm (uncached, cached, raw JDK Signature floor).
# With no arguments: short settings sized for a 2-core machine (-f 1 -wi 2 -i 3 -w 1s -r 2s -t 1).
# Any arguments replace those settings entirely, e.g.: bench/verify.sh -f 1 -wi 5 -w 2s -i 5 -r 2s
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/find-jdk
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
jar=gatehouse-bench/target/benchmarks.jar
if [[ ! -f $jar ]]; then
  mvn -q -B package -pl gatehouse-bench -am -DskipTests
fi
if [[ $# -eq 0 ]]; then
  set -- -f 1 -wi 2 -i 3 -w 1s -r 2s -t 1
fi
exec "$JAVA_HOME/bin/java" -jar "$jar" VerifyBenchmark "$@"
