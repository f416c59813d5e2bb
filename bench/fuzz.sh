#!/usr/bin/env bash
# A longer fuzzing run than the normal test command's 6 s per target (not in CI).
#   FUZZ_MINUTES=30 bench/fuzz.sh            every target, 30 minutes each
#   FUZZ_MINUTES=5 bench/fuzz.sh JsonFuzzTest  one target
# Each target runs in its own JVM through Jazzer's JUnit integration (JAZZER_FUZZ=1). Jazzer takes the
# duration from @FuzzTest(maxDuration), so this script raises it in the test sources for the run
# and puts the files back when it ends (also on Ctrl-C). Findings land as crash-* files in
# src/test/resources/<package>/<Class>Inputs/<method>/ of the module: fix the bug, keep the file.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${FUZZ_MINUTES:-30}"
modules=gatehouse-token-rules,gatehouse-server,gatehouse-verifier
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
files=$(grep -rl '@FuzzTest(maxDuration' --include='*FuzzTest.java' ${modules//,/ })
# every target there is, unless some are named: a new *FuzzTest is in the long run without editing this
targets=("${@:-$(for f in $files; do basename "$f" .java; done)}")
trap 'for f in $files; do [ -f "$f.orig" ] && mv "$f.orig" "$f"; done' EXIT
for f in $files; do
  cp "$f" "$f.orig"
  sed -i "s/@FuzzTest(maxDuration = \"[^\"]*\")/@FuzzTest(maxDuration = \"${minutes}m\")/" "$f"
done
for t in ${targets[*]}; do
  echo "== $t: ${minutes} min"
  mvn -B -ntp -o -q -pl "$modules" -am test -Dtest="$t" \
      -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.timeout=0 || echo "== $t: FINDING (see the surefire report)"
done
