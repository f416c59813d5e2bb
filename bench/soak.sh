#!/usr/bin/env bash
# Soak: ten minutes (SOAK_MINUTES) of mixed traffic against one Gatehouse on the embedded store, then a
# report: errors, RSS, open file descriptors and threads at the start and the end, and p99 per route in
# the first and the last minute. Not part of the test command; run it on an otherwise idle machine.
#
# Traffic, all at once, minute after minute:
#   cookie checks and bearer checks (wrk, 4 connections each), refresh rotation (16 lineages, the harness's
#   Java driver), one sign-in plus one RFC 7009 revocation a second (curl), and one follower of the
#   revocation stream as a registered client (curl -N), which must see every revocation.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/.ci/find-jdk"
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
MINUTES="${SOAK_MINUTES:-10}"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}" ${SERVER:-}; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
GH=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$ROOT/gatehouse-server/target/gatehouse.jar")
[[ -f "$ROOT/gatehouse-server/target/gatehouse.jar" ]] || (cd "$ROOT" && mvn -q -B -DskipTests -pl gatehouse-server -am package)

PASSWORD='a long soak passphrase'
SECRET="soak-client-secret-0123456789abcdefghij"
echo "$PASSWORD" | "${GH[@]}" account create soak --password-stdin --data-dir "$WORK/data" >/dev/null
echo "$SECRET" | "${GH[@]}" client create soak-follower --secret-stdin --data-dir "$WORK/data" >/dev/null
# The server runs as operators run it, through the launcher (its JVM settings: the heap); SOAK_JAVA_OPTS
# adds JVM options to it (say -XX:NativeMemoryTracking=summary to see native memory per minute too).
JDK_JAVA_OPTIONS="${SOAK_JAVA_OPTS:-}" GATEHOUSE_JAR="$ROOT/gatehouse-server/target/gatehouse.jar" "$ROOT/gatehouse" serve --data-dir "$WORK/data" --port "$PORT" --set password.max-attempts=0 \
  --set password.account-lock-after=0 --set password.address-max-failures=0 --set log.access=off \
  --set session.max-per-account=1000 \
  >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 200); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.1; done

login() { curl -sf -X POST "$BASE/v1/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"soak\",\"password\":\"$PASSWORD\"$1}" -D "$WORK/headers"; }
login '' >/dev/null
COOKIE="$(grep -i '^set-cookie: __Host-gatehouse=' "$WORK/headers" | sed 's/^[^=]*=\([^;]*\);.*/\1/')"
# A fresh access token and 16 fresh lineages each minute: tokens expire, and the driver does not hand
# back the refresh tokens it ended with. The abandoned ones idle out after 30 minutes, so up to ~510
# stay active at once: session.max-per-account is raised above that, or their sign-ins would end the
# cookie session the cookie checks use (the oldest).
fresh_tokens() {
  ACCESS="$(login ',"transport":"token"' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')"
  : >"$WORK/tokens"
  for _ in $(seq 16); do
    login ',"transport":"token"' | sed 's/.*"refresh_token":"\([^"]*\)".*/\1/' >>"$WORK/tokens"; echo >>"$WORK/tokens"
  done
}

# What the process holds: RSS in MB, open descriptors, threads.
# Where the RSS goes: heap committed and used (MB), and with NMT on, all the JVM has committed (MB).
memory() {
  local heap nmt
  heap="$("$JAVA_HOME/bin/jcmd" "$SERVER" GC.heap_info 2>/dev/null | awk '/ heap +total/ {
    for (i = 1; i <= NF; i++) { if ($i == "committed") c = $(i+1); if ($i == "used") u = $(i+1) }
    gsub(/[^0-9]/, "", c); gsub(/[^0-9]/, "", u); printf "heap committed %d MB, used %d MB", c / 1024, u / 1024 }')"
  nmt="$("$JAVA_HOME/bin/jcmd" "$SERVER" VM.native_memory summary scale=MB 2>/dev/null | sed -n 's/^Total: .*committed=\([0-9]*\)MB.*/, JVM committed \1 MB (NMT)/p')"
  echo "RSS $(( $(awk '/^VmRSS/ {print $2}' "/proc/$SERVER/status") / 1024 )) MB, $heap$nmt"
}
holds() {
  echo "$(( $(awk '/^VmRSS/ {print $2}' "/proc/$SERVER/status") / 1024 )) $(ls "/proc/$SERVER/fd" | wc -l) $(awk '/^Threads/ {print $2}' "/proc/$SERVER/status")"
}

# The follower: every revocation must reach it.
curl -sN -u "soak-follower:$SECRET" "$BASE/v1/revocations/stream" >"$WORK/stream" 2>/dev/null &
PIDS+=($!)

# One sign-in and one revocation a second.
( while true; do
    r="$(login ',"transport":"token"' 2>/dev/null | sed 's/.*"refresh_token":"\([^"]*\)".*/\1/')" || { echo fail >>"$WORK/churn-errors"; sleep 1; continue; }
    curl -sf -o /dev/null -X POST "$BASE/oauth2/revoke" -d "token=$r" || echo fail >>"$WORK/churn-errors"
    echo ok >>"$WORK/churn"
    sleep 1
  done ) &
PIDS+=($!)
sleep 2
read -r RSS0 FD0 TH0 < <(holds)

p99() { awk '$1=="99%" {print $2}' "$1"; }
errors() { awk '/Non-2xx/ {n+=$5} /Socket errors/ {n+=$4+$6+$8+$10} END {print n+0}' "$1"; }
total_errors=0
for m in $(seq "$MINUTES"); do
  fresh_tokens
  wrk -t1 -c4 -d60s --latency -H "Cookie: __Host-gatehouse=$COOKIE" "$BASE/v1/verify" >"$WORK/cookie.$m" 2>&1 &
  c=$!
  wrk -t1 -c4 -d60s --latency -H "Authorization: Bearer $ACCESS" "$BASE/v1/verify" >"$WORK/bearer.$m" 2>&1 &
  b=$!
  "$JAVA_HOME/bin/java" "$ROOT/bench/peers/RefreshRotation.java" "$BASE/oauth2/token" "$WORK/tokens" 60 0 \
    >"$WORK/refresh.$m" 2>&1 &
  r=$!
  wait "$c" "$b" "$r"
  read -r _ _ rp99 rfail _ <"$WORK/refresh.$m"
  e=$(( $(errors "$WORK/cookie.$m") + $(errors "$WORK/bearer.$m") + ${rfail:-0} ))
  total_errors=$(( total_errors + e ))
  if [[ $m == 1 ]]; then read -r RSS1M _ _ < <(holds); fi
  printf 'minute %2d: cookie p99 %-8s bearer p99 %-8s refresh p99 %sms  errors %d; %s\n' "$m" \
    "$(p99 "$WORK/cookie.$m")" "$(p99 "$WORK/bearer.$m")" "$rp99" "$e" "$(memory)"
done
read -r RSS1 FD1 TH1 < <(holds)
count_lines() { if [[ -f $1 ]]; then wc -l <"$1"; else echo 0; fi; }
churn=$(count_lines "$WORK/churn")
churn_errors=$(count_lines "$WORK/churn-errors")
events=$(grep -c '^event: revocation' "$WORK/stream" || true)
echo "sign-in + revocation pairs: $churn, failed: $churn_errors; revocations the follower saw: $events"
echo "errors over $MINUTES minutes: $(( total_errors + churn_errors ))"
echo "RSS: ${RSS0} MB at the start, ${RSS1M} MB after the first minute (the heap has grown to its working size), ${RSS1} MB at the end ($(( (RSS1 - RSS1M) * 100 / RSS1M ))% since minute 1)"
echo "open fds: $FD0 -> $FD1; threads: $TH0 -> $TH1"
grep -E ' (ERROR|WARN) ' "$WORK/server.log" | head -5 || true
