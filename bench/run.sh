#!/usr/bin/env bash
# The load harness: Gatehouse measured side by side with its peers, in one run, on this machine.
#
#   bench/run.sh                     # builds what it needs, runs every scenario, writes docs/benchmarks.md
#   DURATION=15 WARMUP=5 bench/run.sh
#
# Peers, built or fetched here (nothing of theirs is committed):
#   - Spring Boot + Spring Security + Spring Session JDBC on SQLite: bench/peers/spring, its own Maven
#     project (not a module of the root reactor), built with `mvn -f bench/peers/spring/pom.xml package`;
#   - Keycloak (org.keycloak:keycloak-quarkus-dist zip from Maven Central) in start-dev, fetched into
#     $GATEHOUSE_BENCH_CACHE (default ~/.cache/gatehouse-bench), configured through its admin REST API.
#
# Every system listens on 127.0.0.1 on a free port picked at run time; only one system is under load
# at a time; every process started here is stopped on exit. Progress goes to stderr; the results
# replace the harness's own section of docs/benchmarks.md (other sections of that file are kept).
# Environment: DURATION / WARMUP (seconds per wrk run, default 15 / 5), CONNECTIONS (64), THREADS
# (wrk threads, 1), KEYCLOAK_VERSION (26.5.6), SKIP_BUILD=1 (use the existing Gatehouse jar),
# REPORT (output file, default docs/benchmarks.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../.ci/find-jdk
source "$ROOT/.ci/find-jdk"
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

DURATION="${DURATION:-15}"; WARMUP="${WARMUP:-5}"; CONNECTIONS="${CONNECTIONS:-64}"; THREADS="${THREADS:-1}"
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.5.6}"
CACHE="${GATEHOUSE_BENCH_CACHE:-$HOME/.cache/gatehouse-bench}"
REPORT="${REPORT:-$ROOT/docs/benchmarks.md}"
PEERS="$ROOT/bench/peers"
USERNAME=bench; PASSWORD='a long benchmark passphrase'
CLIENT_SECRET="benchmark-client-secret-0123456789abcdef"
RUN_STARTED="$(date +%s)"
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# --- processes: each system runs in its own process group, stopped on exit -----------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-bench.XXXXXX")"
GROUPS_STARTED=()
stop_group() { # $1: process group id (the pid of a process started by start_group)
  local pgid="$1" i
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for i in $(seq 100); do kill -0 -- "-$pgid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}
cleanup() {
  local status=$? pgid
  for pgid in "${GROUPS_STARTED[@]}"; do stop_group "$pgid"; done
  if [[ $status -ne 0 ]]; then
    log "stopped with status $status; logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_group() { # $1: log file; rest: command. Sets STARTED_PID (= its process group) and STARTED_NS (launch time).
  local logfile="$1"; shift
  STARTED_NS="$(date +%s%N)"
  # Its own process group (job control), but the harness's session: Linux's autogroup scheduler
  # shares the CPU between sessions first, so a system started with setsid competed with wrk as one
  # group against another, and every tail grew (Gatehouse S1: p99 52 ms in its own session, 10-13 ms
  # in wrk's, same machine, same minute). No system runs beside its load generator in production.
  set -m
  "$@" >"$logfile" 2>&1 </dev/null &
  STARTED_PID=$!
  set +m
  disown "$STARTED_PID"   # stopped through its process group; no job notices from bash
  GROUPS_STARTED+=("$STARTED_PID")
}
end_group() { # $1: process group id
  stop_group "$1"
  local kept=() pgid
  for pgid in "${GROUPS_STARTED[@]}"; do [[ $pgid == "$1" ]] || kept+=("$pgid"); done
  GROUPS_STARTED=("${kept[@]}")
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Waits for a 200 from $1 for at most $2 seconds, polling every $3 seconds; prints the milliseconds
# since STARTED_NS. Fails if $4 (a pid) dies first.
wait_ready() {
  local url="$1" limit="$2" every="$3" pid="$4" deadline
  deadline=$(( $(date +%s) + limit ))
  while (( $(date +%s) < deadline )); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" == 200 ]]; then
      echo $(( ($(date +%s%N) - STARTED_NS) / 1000000 )); return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep "$every"
  done
  return 1
}
listener_pid() { ss -Hltnp "sport = :$1" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }

# --- measurements --------------------------------------------------------------------------------
declare -A RPS P50 P99 ERRORS OKS BUSY LOAD
load1() { cut -d' ' -f1 /proc/loadavg; }
to_ms() { # wrk latency (850.00us, 1.20ms, 2.01s) in ms
  awk -v v="$1" 'BEGIN { n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; else if (v ~ /m$/) n *= 60000
    printf "%.2f", n }'
}
# measure KEY URL [wrk args...]: a warm-up run (discarded), then the measured run. DRAIN (seconds)
# waits between the two: a server keeps hashing the logins of connections the warm-up closed, and
# those must not eat into the measured run.
measure() {
  local key="$1" url="$2"; shift 2
  local out
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s "$@" "$url" >/dev/null 2>&1 || true
  sleep "${DRAIN:-0}"
  LOAD[$key]="$(load1)"
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$@" "$url" 2>&1)" \
    || die "wrk failed for $key: $out"
  echo "$out" >"$WORK/wrk-$key.txt"
  RPS[$key]="$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")"
  P50[$key]="$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
  P99[$key]="$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  local non2xx socket
  non2xx="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
  socket="$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' <<<"$out")"
  ERRORS[$key]=$(( ${non2xx:-0} + ${socket:-0} ))
  local status; status="$(grep '^STATUS' <<<"$out" || true)"
  if [[ -n $status ]]; then # post.lua: count only 200s as done, 503s as refused
    local ok busy seconds
    ok="$(sed 's/.*ok=\([0-9]*\).*/\1/' <<<"$status")"; busy="$(sed 's/.*busy=\([0-9]*\).*/\1/' <<<"$status")"
    seconds="$(sed 's/.*seconds=\([0-9.]*\).*/\1/' <<<"$status")"
    OKS[$key]="$(awk -v o="$ok" -v s="$seconds" 'BEGIN {printf "%.1f", o / s}')"
    BUSY[$key]="$busy"
  fi
  log "  $key (load ${LOAD[$key]}): ${RPS[$key]} req/s, p50 ${P50[$key]} ms, p99 ${P99[$key]} ms, errors ${ERRORS[$key]}${OKS[$key]:+, 200s ${OKS[$key]}/s, 503s ${BUSY[$key]}}"
}
# measure_under_flood KEY FLOOD_KEY VERIFY_URL LOGIN_URL [verify wrk args...]; BODY etc. in the env
# describe the login: logins at CONNECTIONS connections run around the whole verify measurement.
measure_under_flood() {
  local key="$1" flood="$2" url="$3" login_url="$4"; shift 4
  local flood_seconds=$(( WARMUP + DRAIN + DURATION + 4 ))
  sleep "$DRAIN"   # the logins of the previous run's closed connections
  wrk -t1 -c"$CONNECTIONS" -d"${flood_seconds}s" --timeout 10s --latency -s "$PEERS/post.lua" "$login_url" \
    >"$WORK/wrk-$flood.txt" 2>&1 &
  local flood_pid=$!
  sleep 2
  measure "$key" "$url" "$@"
  wait "$flood_pid" || true
  local status; status="$(grep '^STATUS' "$WORK/wrk-$flood.txt" || true)"
  OKS[$flood]="$(awk -v s="$status" 'BEGIN {match(s, /ok=[0-9]+/); o = substr(s, RSTART + 3, RLENGTH - 3)
    match(s, /seconds=[0-9.]+/); t = substr(s, RSTART + 8, RLENGTH - 8); printf "%.1f", (t > 0 ? o / t : 0)}')"
  BUSY[$flood]="$(sed -n 's/.*busy=\([0-9]*\).*/\1/p' <<<"$status")"
  log "  $flood (concurrent logins): ${OKS[$flood]} 200s/s, 503s ${BUSY[$flood]:-0}"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
holds() { awk "BEGIN { exit !($1) }" 2>/dev/null && echo "**holds**" || echo "**misses**"; }
json_field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p"; }
jwt_alg() { cut -d. -f1 <<<"$1" | tr '_-' '/+' | { read -r h; while (( ${#h} % 4 )); do h="$h="; done; base64 -d <<<"$h" 2>/dev/null; } | sed -n 's/.*"alg" *: *"\([^"]*\)".*/\1/p'; }

# --- prerequisites -------------------------------------------------------------------------------
command -v wrk >/dev/null || { log "installing wrk (Debian package)"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
for tool in curl python3 unzip mvn ss; do command -v "$tool" >/dev/null || die "$tool is needed"; done

GH_JAR="$ROOT/gatehouse-server/target/gatehouse.jar"
GH_BUILD_NOTE="built by this run"
if [[ ${SKIP_BUILD:-0} == 1 && -f $GH_JAR ]]; then
  GH_BUILD_NOTE="existing jar of $(date -r "$GH_JAR" '+%Y-%m-%d %H:%M') (SKIP_BUILD=1)"
else
  log "building Gatehouse (mvn -q -B -DskipTests -pl gatehouse-server -am package)"
  if ! (cd "$ROOT" && mvn -q -B -DskipTests -pl gatehouse-server -am package >"$WORK/build-gatehouse.log" 2>&1); then
    [[ -f $GH_JAR ]] || die "the Gatehouse build failed: $WORK/build-gatehouse.log"
    log "the Gatehouse build failed (sources being edited?); measuring the existing jar"
    GH_BUILD_NOTE="the build failed; existing jar of $(date -r "$GH_JAR" '+%Y-%m-%d %H:%M')"
  fi
fi
# Measure a private copy: other builds may rewrite gatehouse-server/target while this runs.
snapshot_gatehouse() {
  rm -rf "$WORK/gatehouse"; mkdir -p "$WORK/gatehouse"
  cp "$GH_JAR" "$WORK/gatehouse/gatehouse.jar" && cp -r "$(dirname "$GH_JAR")/libs" "$WORK/gatehouse/libs" \
    && "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$WORK/gatehouse/gatehouse.jar" account list --data-dir "$WORK/probe" >/dev/null 2>&1
}
for attempt in 1 2 3 4 5 6; do
  snapshot_gatehouse && break
  (( attempt < 6 )) || die "no working Gatehouse jar in gatehouse-server/target (is another build rewriting it?)"
  log "the Gatehouse jar is being rewritten; retrying in 10 s"; sleep 10
done
GH_JAR="$WORK/gatehouse/gatehouse.jar"
log "building the Spring peer (mvn -f bench/peers/spring/pom.xml package)"
(cd "$ROOT" && mvn -q -B -DskipTests -f bench/peers/spring/pom.xml package >"$WORK/build-spring.log" 2>&1) \
  || die "the Spring peer build failed: $WORK/build-spring.log"
SPRING_JAR="$PEERS/spring/target/spring-peer.jar"

KC_ZIP="$CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
KC_HOME="$CACHE/keycloak-$KEYCLOAK_VERSION"
mkdir -p "$CACHE"
if [[ ! -f $KC_ZIP ]]; then
  log "fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip from Maven Central"
  mvn -q -B dependency:copy "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    "-DoutputDirectory=$CACHE" >"$WORK/fetch-keycloak.log" 2>&1 || die "fetching Keycloak failed: $WORK/fetch-keycloak.log"
fi
if [[ ! -x $KC_HOME/bin/kc.sh ]]; then
  log "unpacking Keycloak into $CACHE"
  (cd "$CACHE" && unzip -q -o "$KC_ZIP")
fi

# --- machine -------------------------------------------------------------------------------------
CORES="$(nproc)"
CPU_MODEL="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
MEMORY="$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
JDK_VERSION="$("$JAVA" -version 2>&1 | head -1)"
WRK_VERSION="$( (wrk -v 2>&1 || true) | awk 'NR == 1 {print $1, $2}')"
GH_COMMIT="$(git -C "$ROOT" rev-parse --short HEAD)"
[[ -z "$(git -C "$ROOT" status --porcelain -- gatehouse-core gatehouse-store-sql gatehouse-server pom.xml)" ]] \
  || GH_COMMIT="$GH_COMMIT + uncommitted changes"
SPRING_VERSIONS="$(unzip -l "$SPRING_JAR" | grep -oE 'spring-(boot|security-core|session-jdbc)-[0-9][0-9.]*[0-9]' | sort -u | paste -sd, - | sed 's/,/, /g')"
SQLITE_VERSION="$(unzip -l "$SPRING_JAR" | grep -oE 'sqlite-jdbc-[0-9.]*[0-9]' | sort -u | paste -sd, -)"

# Gatehouse runs as its README says, through ./gatehouse (pointed at the snapshot), which adds a
# class-data-sharing archive to java -jar; the plain java -jar restart is measured beside it (S7).
GH_CMD=(env "JAVA_HOME=$JAVA_HOME" "GATEHOUSE_JAR=$GH_JAR" "$ROOT/gatehouse")
GH_PLAIN=("$JAVA" --enable-native-access=ALL-UNNAMED -jar "$GH_JAR")

# === Gatehouse ===================================================================================
gatehouse_init() { # $1: data dir; rest: extra --set flags for every command
  local data="$1"; shift
  echo "$PASSWORD" | "${GH_CMD[@]}" account create "$USERNAME" --password-stdin --data-dir "$data" "$@" >/dev/null
  echo "$CLIENT_SECRET" | "${GH_CMD[@]}" client create bench-rs --secret-stdin --data-dir "$data" "$@" >/dev/null
}
gatehouse_start() { # $1: data dir, $2: port; rest: extra flags. Sets GH_PID, GH_READY_MS.
  local data="$1" port="$2"; shift 2
  start_group "$WORK/gatehouse-$port.log" "${GH_CMD[@]}" serve --data-dir "$data" --port "$port" "$@"
  GH_PID=$STARTED_PID
  GH_READY_MS="$(wait_ready "http://127.0.0.1:$port/health" 60 0.02 "$GH_PID")" \
    || die "Gatehouse did not start: $(tail -5 "$WORK/gatehouse-$port.log")"
}
gh_login() { # $1: base URL, $2: extra JSON members; body on stdout, headers in $WORK/headers
  curl -sf -X POST "$1/v1/login" -H 'Content-Type: application/json' -D "$WORK/headers" \
    -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"$2}"
}

log "Gatehouse: preparing the embedded store"
GH_PORT="$(free_port)"; GH="http://127.0.0.1:$GH_PORT"
gatehouse_init "$WORK/gh"
log "S7 Gatehouse: first start"
gatehouse_start "$WORK/gh" "$GH_PORT"; GH_FIRST_MS=$GH_READY_MS
end_group "$GH_PID"
log "S7 Gatehouse: restart as a plain java -jar (no class-data archive), for reference"
GH_LAUNCHER=("${GH_CMD[@]}"); GH_CMD=("${GH_PLAIN[@]}")
gatehouse_start "$WORK/gh" "$GH_PORT"; GH_PLAIN_MS=$GH_READY_MS
end_group "$GH_PID"; GH_CMD=("${GH_LAUNCHER[@]}")
log "S7 Gatehouse: restart (measured)"
# One account signing in from one address over and over is a benchmark artefact, not an attack: the
# sign-in throttle (password.max-attempts, password.account-lock-after) is off, as brute-force protection is in the peers by default.
gatehouse_start "$WORK/gh" "$GH_PORT" --set password.max-attempts=0 --set password.account-lock-after=0; GH_MAIN_PID=$GH_PID
GH_START_MS=$GH_READY_MS; sleep 2; GH_RSS="$(rss_mb "$(listener_pid "$GH_PORT")")"
GH_SIZE="$(du -cb "$GH_JAR" "$(dirname "$GH_JAR")/libs" | tail -1 | cut -f1)"
log "  first start ${GH_FIRST_MS} ms, restart ${GH_START_MS} ms (plain java -jar ${GH_PLAIN_MS} ms), idle RSS ${GH_RSS} MB, jar + libs $(mb "$GH_SIZE") MB"


log "Gatehouse: signing in (cookie, token, $CONNECTIONS refresh lineages)"
GH_COOKIE_LOGIN_BYTES="$(gh_login "$GH" '' | wc -c)"
GH_COOKIE="$(sed -n 's/^[Ss]et-[Cc]ookie: __Host-gatehouse=\([^;]*\);.*/\1/p' "$WORK/headers" | head -1)"
[[ -n $GH_COOKIE ]] || die "Gatehouse login set no session cookie"
GH_TOKEN_LOGIN="$(gh_login "$GH" ',"transport":"token"')"
GH_ACCESS="$(json_field access_token <<<"$GH_TOKEN_LOGIN")"; GH_REFRESH="$(json_field refresh_token <<<"$GH_TOKEN_LOGIN")"
[[ -n $GH_ACCESS && -n $GH_REFRESH ]] || die "Gatehouse token login failed: $GH_TOKEN_LOGIN"
GH_ALG="$(jwt_alg "$GH_ACCESS")"
GH_REFRESH_BODY="$(curl -sf -X POST "$GH/oauth2/token" -d grant_type=refresh_token --data-urlencode "refresh_token=$GH_REFRESH")" \
  || die "Gatehouse refresh failed"
GH_INTROSPECT_BODY="$(curl -sf -u "bench-rs:$CLIENT_SECRET" -X POST "$GH/oauth2/introspect" --data-urlencode "token=$GH_ACCESS")"
grep -q '"active" *: *true' <<<"$GH_INTROSPECT_BODY" || die "Gatehouse introspects its access token as inactive: $GH_INTROSPECT_BODY"
gh_lineages() { # $1: base URL, $2: file to write one refresh token per line to (CONNECTIONS lines)
  rm -f "$WORK"/gh-lineage-*.json
  seq "$CONNECTIONS" | xargs -P 4 -I{} curl -sf -X POST "$1/v1/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\",\"transport\":\"token\"}" -o "$WORK/gh-lineage-{}.json"
  cat "$WORK"/gh-lineage-*.json | grep -o '"refresh_token":"[^"]*"' | cut -d'"' -f4 >"$2"
  (( $(wc -l <"$2") == CONNECTIONS )) || die "Gatehouse: not every lineage signed in"
}
gh_refresh() { # $1: key, $2: token URL, $3: refresh tokens file
  LOAD[$1]="$(load1)"
  read -r "RPS[$1]" "P50[$1]" "P99[$1]" "ERRORS[$1]" GH_REFRESH_MEAN_BYTES < <(
    "$JAVA" "$PEERS/RefreshRotation.java" "$2" "$3" "$DURATION" "$WARMUP" 2>"$WORK/refresh-$1.err") \
    || die "the refresh driver failed: $(tail -3 "$WORK/refresh-$1.err")"
  log "  $1: ${RPS[$1]} req/s, p50 ${P50[$1]} ms, p99 ${P99[$1]} ms, failures ${ERRORS[$1]}"
}
gh_lineages "$GH" "$WORK/gh-refresh-tokens"

log "S1 Gatehouse: GET /v1/verify with the session cookie"
measure gh.s1 "$GH/v1/verify" -H "Cookie: __Host-gatehouse=$GH_COOKIE"
log "S2 Gatehouse: GET /v1/verify with the bearer access token"
measure gh.s2 "$GH/v1/verify" -H "Authorization: Bearer $GH_ACCESS"
log "S5 Gatehouse: POST /oauth2/introspect"
BODY="token=$GH_ACCESS" CONTENT_TYPE=application/x-www-form-urlencoded \
  AUTHORIZATION="Basic $(printf 'bench-rs:%s' "$CLIENT_SECRET" | base64 -w0)" \
  measure gh.s5 "$GH/oauth2/introspect" -s "$PEERS/post.lua"
log "S4 Gatehouse: POST /oauth2/token refresh rotation, $CONNECTIONS lineages (Java driver)"
gh_refresh gh.s4 "$GH/oauth2/token" "$WORK/gh-refresh-tokens"
log "S3 Gatehouse: one hash's time (Gatehouse's Argon2idHasher, one thread)"
read -r HASH_MS HASH_PARALLEL < <("$JAVA" -cp "$GH_JAR" "$PEERS/HashTime.java" 20) || die "HashTime failed"
HASH_BOUND="$(awk -v c="$CORES" -v h="$HASH_MS" 'BEGIN {printf "%.1f", c * 1000 / h}')"
log "  ${HASH_MS} ms per check: bound ${HASH_BOUND} logins/s on $CORES cores; $CORES threads sustain ${HASH_PARALLEL} checks/s"
# Time for a server to finish CONNECTIONS abandoned logins at this hash cost, with margin.
LOGIN_DRAIN="$(awk -v n="$CONNECTIONS" -v h="$HASH_MS" -v c="$CORES" 'BEGIN {printf "%d", n * h * 2 / c / 1000 + 3}')"
GH_LOGIN_JSON="{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\",\"transport\":\"token\"}"
log "S3 Gatehouse: POST /v1/login (token transport), $CONNECTIONS connections"
DRAIN=$LOGIN_DRAIN BODY="$GH_LOGIN_JSON" CONTENT_TYPE=application/json measure gh.s3 "$GH/v1/login" -s "$PEERS/post.lua"
log "S6 Gatehouse: S1 while a login flood saturates hashing"
DRAIN=$LOGIN_DRAIN BODY="$GH_LOGIN_JSON" CONTENT_TYPE=application/json \
  measure_under_flood gh.s6 gh.s6flood "$GH/v1/verify" "$GH/v1/login" -H "Cookie: __Host-gatehouse=$GH_COOKIE"
GH_RSS_LOADED="$(rss_mb "$(listener_pid "$GH_PORT")")"

log "S8 Gatehouse: EdDSA access token (second instance, keys.algorithm=EdDSA)"
ED_PORT="$(free_port)"
gatehouse_init "$WORK/gh-ed" --set keys.algorithm=EdDSA
gatehouse_start "$WORK/gh-ed" "$ED_PORT" --set keys.algorithm=EdDSA
GH_ED_ACCESS="$(gh_login "http://127.0.0.1:$ED_PORT" ',"transport":"token"' | json_field access_token)"
GH_ED_ALG="$(jwt_alg "$GH_ED_ACCESS")"
log "S4 Gatehouse with EdDSA keys: refresh rotation, $CONNECTIONS lineages"
gh_lineages "http://127.0.0.1:$ED_PORT" "$WORK/gh-ed-refresh-tokens"
gh_refresh gh.s4ed "http://127.0.0.1:$ED_PORT/oauth2/token" "$WORK/gh-ed-refresh-tokens"
end_group "$GH_PID"   # the EdDSA instance; the main one stays up: the Spring peer reads its JWKS

# === Spring ======================================================================================
SP_PORT="$(free_port)"; SP="http://127.0.0.1:$SP_PORT"
spring_start() {
  start_group "$WORK/spring-$1.log" "$JAVA" -jar "$SPRING_JAR" --server.port="$SP_PORT" --bench.data-dir="$WORK/spring" \
    --gatehouse.issuer="$GH" --bench.username="$USERNAME" --bench.password="$PASSWORD"
  SP_PID=$STARTED_PID
  SP_READY_MS="$(wait_ready "$SP/health" 180 0.05 "$SP_PID")" || die "the Spring peer did not start: $(tail -5 "$WORK/spring-$1.log")"
}
mkdir -p "$WORK/spring"
log "S7 Spring: first start (creates its schema and the account)"
spring_start first; SP_FIRST_MS=$SP_READY_MS
end_group "$SP_PID"
log "S7 Spring: restart (measured)"
spring_start second; SP_START_MS=$SP_READY_MS; sleep 2; SP_RSS="$(rss_mb "$(listener_pid "$SP_PORT")")"
SP_SIZE="$(stat -c %s "$SPRING_JAR")"
log "  first start ${SP_FIRST_MS} ms, restart ${SP_START_MS} ms, idle RSS ${SP_RSS} MB, jar $(mb "$SP_SIZE") MB"
SP_COOKIE="$(curl -sf -D - -o /dev/null -X POST "$SP/login" --data-urlencode "username=$USERNAME" --data-urlencode "password=$PASSWORD" \
  | sed -n 's/^[Ss]et-[Cc]ookie: SESSION=\([^;]*\);.*/\1/p' | head -1)"
[[ -n $SP_COOKIE ]] || die "Spring login set no SESSION cookie"
[[ "$(curl -s -o /dev/null -w '%{http_code}' -b "SESSION=$SP_COOKIE" "$SP/verify")" == 200 ]] || die "Spring /verify refused its session"
[[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $GH_ACCESS" "$SP/api/verify")" == 200 ]] \
  || die "Spring /api/verify refused Gatehouse's access token"
log "S1 Spring: GET /verify with the SESSION cookie (Spring Session JDBC)"
measure sp.s1 "$SP/verify" -H "Cookie: SESSION=$SP_COOKIE"
log "S2 Spring: GET /api/verify with Gatehouse's access token (resource server, Gatehouse's JWKS)"
measure sp.s2 "$SP/api/verify" -H "Authorization: Bearer $GH_ACCESS"
SP_LOGIN_FORM="username=$USERNAME&password=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$PASSWORD")"
log "S3 Spring: POST /login (form), $CONNECTIONS connections"
DRAIN=$LOGIN_DRAIN BODY="$SP_LOGIN_FORM" CONTENT_TYPE=application/x-www-form-urlencoded measure sp.s3 "$SP/login" -s "$PEERS/post.lua"
log "S6 Spring: S1 while a login flood runs"
DRAIN=$LOGIN_DRAIN BODY="$SP_LOGIN_FORM" CONTENT_TYPE=application/x-www-form-urlencoded \
  measure_under_flood sp.s6 sp.s6flood "$SP/verify" "$SP/login" -H "Cookie: SESSION=$SP_COOKIE"
SP_RSS_LOADED="$(rss_mb "$(listener_pid "$SP_PORT")")"
end_group "$SP_PID"
end_group "$GH_MAIN_PID"

# === Keycloak ====================================================================================
KC_PORT="$(free_port)"; KC_MGMT_PORT="$(free_port)"; KC="http://127.0.0.1:$KC_PORT"
KC_ADMIN_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
keycloak_start() {
  start_group "$WORK/keycloak-$1.log" env KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD" \
    "$KC_HOME/bin/kc.sh" start-dev --http-host 127.0.0.1 --http-port "$KC_PORT" --http-management-port "$KC_MGMT_PORT" \
    --spi-password-hashing--argon2--memory=19456 --spi-password-hashing--argon2--iterations=2 \
    --spi-password-hashing--argon2--parallelism=1
  KC_PID=$STARTED_PID
  KC_READY_MS="$(wait_ready "$KC/realms/master" 300 0.2 "$KC_PID")" || die "Keycloak did not start: $(tail -5 "$WORK/keycloak-$1.log")"
}
rm -rf "$KC_HOME/data"   # a fresh dev database (H2) on every run
log "S7 Keycloak: first start (fresh dev database; budget a minute or more on 2 cores)"
keycloak_start first; KC_FIRST_MS=$KC_READY_MS
log "  first start ${KC_FIRST_MS} ms"
kc_admin_token() {
  curl -sf -X POST "$KC/realms/master/protocol/openid-connect/token" -d grant_type=password -d client_id=admin-cli \
    -d username=admin --data-urlencode "password=$KC_ADMIN_PASSWORD" | json_field access_token
}
kc_admin() { # method path [json]
  local body=(); [[ -n ${3:-} ]] && body=(-d "$3")
  curl -sf -X "$1" "$KC/admin$2" -H "Authorization: Bearer $(kc_admin_token)" -H 'Content-Type: application/json' "${body[@]}"
}
log "Keycloak: realm 'bench' (Argon2id m=19456 t=2 p=1, refresh rotation on), client, account"
kc_admin POST /realms '{"realm":"bench","enabled":true,
  "passwordPolicy":"hashAlgorithm(argon2) and hashIterations(2)",
  "accessTokenLifespan":600,"ssoSessionIdleTimeout":1800,"ssoSessionMaxLifespan":43200,
  "revokeRefreshToken":true,"refreshTokenMaxReuse":0}' >/dev/null
kc_admin POST /realms/bench/clients "{\"clientId\":\"bench\",\"protocol\":\"openid-connect\",\"publicClient\":false,
  \"clientAuthenticatorType\":\"client-secret\",\"secret\":\"$CLIENT_SECRET\",\"directAccessGrantsEnabled\":true,
  \"standardFlowEnabled\":false}" >/dev/null
kc_admin POST /realms/bench/users "{\"username\":\"$USERNAME\",\"enabled\":true,\"email\":\"bench@example.com\",
  \"emailVerified\":true,\"firstName\":\"Bench\",\"lastName\":\"Mark\",
  \"credentials\":[{\"type\":\"password\",\"value\":\"$PASSWORD\",\"temporary\":false}]}" >/dev/null
KC_USER_ID="$(kc_admin GET "/realms/bench/users?username=$USERNAME&exact=true" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)"
KC_HASH_PARAMS="$(kc_admin GET "/realms/bench/users/$KC_USER_ID/credentials" | python3 -c '
import json, sys
c = json.loads(json.load(sys.stdin)[0]["credentialData"])
p = c.get("additionalParameters", {})
print("%s, %s, m=%s KiB, t=%s, p=%s" % (c.get("algorithm"), p.get("type", ["?"])[0], p.get("memory", ["?"])[0], c.get("hashIterations"), p.get("parallelism", ["?"])[0]))' || echo unknown)"
log "  stored hash: $KC_HASH_PARAMS"
end_group "$KC_PID"
log "S7 Keycloak: restart (measured)"
keycloak_start second; KC_START_MS=$KC_READY_MS; sleep 2; KC_RSS="$(rss_mb "$(listener_pid "$KC_PORT")")"
KC_SIZE="$(du -sb --exclude=data "$KC_HOME" | cut -f1)"; KC_ZIP_SIZE="$(stat -c %s "$KC_ZIP")"
log "  restart ${KC_START_MS} ms, idle RSS ${KC_RSS} MB"

KC_TOKEN_URL="$KC/realms/bench/protocol/openid-connect/token"
KC_BASIC="Basic $(printf 'bench:%s' "$CLIENT_SECRET" | base64 -w0)"
KC_LOGIN_FORM="grant_type=password&username=$USERNAME&password=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$PASSWORD")"
KC_LOGIN="$(curl -sf -X POST "$KC_TOKEN_URL" -H "Authorization: $KC_BASIC" -d "$KC_LOGIN_FORM")" || die "Keycloak password login failed"
KC_ACCESS="$(json_field access_token <<<"$KC_LOGIN")"; KC_REFRESH="$(json_field refresh_token <<<"$KC_LOGIN")"
KC_ALG="$(jwt_alg "$KC_ACCESS")"
KC_REFRESH_BODY="$(curl -sf -X POST "$KC_TOKEN_URL" -H "Authorization: $KC_BASIC" -d grant_type=refresh_token \
  --data-urlencode "refresh_token=$KC_REFRESH")" || die "Keycloak refresh failed"
# Does Keycloak refuse a used refresh token? Checked on a sign-in of its own: reuse may end the session.
KC_PROBE="$(curl -sf -X POST "$KC_TOKEN_URL" -H "Authorization: $KC_BASIC" -d "$KC_LOGIN_FORM" | json_field refresh_token)"
curl -sf -o /dev/null -X POST "$KC_TOKEN_URL" -H "Authorization: $KC_BASIC" -d grant_type=refresh_token --data-urlencode "refresh_token=$KC_PROBE"
[[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$KC_TOKEN_URL" -H "Authorization: $KC_BASIC" -d grant_type=refresh_token \
  --data-urlencode "refresh_token=$KC_PROBE")" != 200 ]] && KC_ROTATES=yes || KC_ROTATES=no
KC_INTROSPECT_BODY="$(curl -sf -X POST "$KC_TOKEN_URL/introspect" -H "Authorization: $KC_BASIC" --data-urlencode "token=$KC_ACCESS")"
grep -q '"active" *: *true' <<<"$KC_INTROSPECT_BODY" || die "Keycloak introspects its access token as inactive: $KC_INTROSPECT_BODY"
log "  refresh tokens rotate (reuse refused): $KC_ROTATES"
seq "$CONNECTIONS" | xargs -P 4 -I{} curl -sf -X POST "$KC_TOKEN_URL" -H "Authorization: $KC_BASIC" -d "$KC_LOGIN_FORM" \
  -o "$WORK/kc-lineage-{}.json"
cat "$WORK"/kc-lineage-*.json | grep -o '"refresh_token":"[^"]*"' | cut -d'"' -f4 >"$WORK/kc-refresh-tokens"
(( $(wc -l <"$WORK/kc-refresh-tokens") == CONNECTIONS )) || die "Keycloak: not every lineage signed in"

log "S5 Keycloak: token introspection"
BODY="token=$KC_ACCESS" CONTENT_TYPE=application/x-www-form-urlencoded AUTHORIZATION="$KC_BASIC" \
  measure kc.s5 "$KC_TOKEN_URL/introspect" -s "$PEERS/post.lua"
log "S4 Keycloak: refresh rotation, $CONNECTIONS lineages (Java driver)"
LOAD[kc.s4]="$(load1)"
read -r 'RPS[kc.s4]' 'P50[kc.s4]' 'P99[kc.s4]' 'ERRORS[kc.s4]' KC_REFRESH_MEAN_BYTES < <(BASIC_AUTH="$KC_BASIC" \
  "$JAVA" "$PEERS/RefreshRotation.java" "$KC_TOKEN_URL" "$WORK/kc-refresh-tokens" "$DURATION" "$WARMUP" 2>"$WORK/refresh-kc.err") \
  || die "the refresh driver failed: $(tail -3 "$WORK/refresh-kc.err")"
log "  kc.s4: ${RPS[kc.s4]} req/s, p50 ${P50[kc.s4]} ms, p99 ${P99[kc.s4]} ms, failures ${ERRORS[kc.s4]}"
log "S3 Keycloak: password grant logins, $CONNECTIONS connections"
DRAIN=$LOGIN_DRAIN BODY="$KC_LOGIN_FORM" CONTENT_TYPE=application/x-www-form-urlencoded AUTHORIZATION="$KC_BASIC" \
  measure kc.s3 "$KC_TOKEN_URL" -s "$PEERS/post.lua"
KC_RSS_LOADED="$(rss_mb "$(listener_pid "$KC_PORT")")"
end_group "$KC_PID"

# === report ======================================================================================
RUN_SECONDS=$(( $(date +%s) - RUN_STARTED ))
LOAD_AT_END="$(cut -d' ' -f1-3 /proc/loadavg)"
row() { # label key peer-key-for-ratio
  local r="n/a"; [[ -n ${3:-} ]] && r="$(ratio "${RPS[$2]}" "${RPS[$3]}")×"
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "${RPS[$2]}" "${P50[$2]}" "${P99[$2]}" "${ERRORS[$2]}" "${4:-$r}" "${LOAD[$2]:-}"
}
login_row() { # label key
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "${OKS[$2]}" "${RPS[$2]}" "${BUSY[$2]:-0}" "${P50[$2]}" "${P99[$2]}" \
    "$(ratio "${OKS[$2]}" "$HASH_BOUND")" "$(ratio "${OKS[$2]}" "$HASH_PARALLEL")" "${LOAD[$2]:-}"
}
GH_S2_OF_S1="$(ratio "${RPS[gh.s2]}" "${RPS[gh.s1]}")"
S1_RATIO="$(ratio "${RPS[gh.s1]}" "${RPS[sp.s1]}")"; S2_RATIO="$(ratio "${RPS[gh.s2]}" "${RPS[sp.s2]}")"
S3_OF_BOUND="$(ratio "${OKS[gh.s3]}" "$HASH_BOUND")"
S4_RATIO="$(ratio "${RPS[gh.s4]}" "${RPS[kc.s4]}")"; S5_RATIO="$(ratio "${RPS[gh.s5]}" "${RPS[kc.s5]}")"
GH_ACCESS_BYTES=${#GH_ACCESS}; GH_ED_BYTES=${#GH_ED_ACCESS}; KC_ACCESS_BYTES=${#KC_ACCESS}
SECTION="$WORK/section.md"
{
cat <<EOF
<!-- bench/run.sh: begin (generated; edit bench/run.sh, not this section) -->
## Side by side with peers (bench/run.sh)

Gatehouse measured beside its peers **in one run on one machine**; only the ratios mean anything
(the machine is shared and noisy: compare side by side, never with another run's numbers).
Regenerate with \`bench/run.sh\` (about ${RUN_SECONDS}s here, budget 20 minutes).

**Machine**: $CORES cores ($CPU_MODEL), $MEMORY, $(uname -sr); $JDK_VERSION; $WRK_VERSION.
Load average at start $LOAD_AT_START, at end $LOAD_AT_END (other work shared the machine).
**Date**: $(date -u '+%Y-%m-%d %H:%M UTC'). **Harness run time**: ${RUN_SECONDS} s.
**Versions**: Gatehouse $GH_COMMIT ($GH_BUILD_NOTE); Spring peer: $SPRING_VERSIONS, $SQLITE_VERSION,
BouncyCastle Argon2; Keycloak $KEYCLOAK_VERSION (\`keycloak-quarkus-dist\`, \`start-dev\`, H2 dev database).

**Method**: each system on 127.0.0.1, started as its users start it (Gatehouse: \`./gatehouse serve\`,
the launcher of its README, which runs \`java -jar\` with a class-data-sharing archive; Spring:
\`java -jar\`; Keycloak: \`kc.sh start-dev\`), default JVM settings and defaults everywhere (Gatehouse:
only \`password.max-attempts=0\`, see S3), one system under load at a time, in the harness's login
session like wrk (Linux's autogroup scheduler would otherwise split the two cores between the system
and wrk as two groups, which quadruples every tail; see \`start_group\` in the script).
\`wrk -t$THREADS -c$CONNECTIONS\`, a ${WARMUP} s warm-up run (discarded) then a ${DURATION} s measured run with
\`--latency\`; latencies are wrk's (closed loop, so they do not include coordinated omission).
Refresh rotation is driven by \`bench/peers/RefreshRotation.java\` ($CONNECTIONS lineages, one virtual
thread each, same ${WARMUP} s + ${DURATION} s) because each lineage must stay on its own token sequence.
Errors are non-2xx answers plus socket errors (for logins: see the 503 column). "load" is the
1-minute load average when the measured run began; it counts the runnable threads of the system
under test too (Spring's and Keycloak's hashing threads raise it), so it is only a rough sign of how
busy the machine was.
Password hashing: Argon2id m=19456 KiB, t=2, p=1 everywhere (Gatehouse default; Spring's
\`Argon2PasswordEncoder(16, 32, 1, 19456, 2)\`; Keycloak realm policy \`hashAlgorithm(argon2) and
hashIterations(2)\` with \`--spi-password-hashing--argon2--memory=19456 --…parallelism=1\`; Keycloak's
stored hash reads: $KC_HASH_PARAMS).

### S1: \`/v1/verify\` with a session cookie
Gatehouse: \`GET /v1/verify\` with \`__Host-gatehouse\` (store lookup of the SHA-256 of the token,
last-used written at most once a minute). Spring: \`GET /verify\` with \`SESSION\` (Spring Session JDBC
on SQLite, which reads the session and writes its last-access time on every request, its default).

| system | requests/s | p50 ms | p99 ms | errors | Gatehouse/peer | load |
|---|---|---|---|---|---|---|
$(row "Gatehouse \`/v1/verify\` (cookie)" gh.s1 "" "—")
$(row "Spring Security + Spring Session JDBC \`/verify\`" sp.s1 "" "${S1_RATIO}×")

### S2: \`/v1/verify\` with a bearer access token
Gatehouse: \`GET /v1/verify\` with \`Authorization: Bearer\` ($GH_ALG); Gatehouse's own endpoint checks the
signature and then the session in the store on every request. Spring: \`GET /api/verify\`,
\`spring-boot-starter-oauth2-resource-server\` validating the same token against Gatehouse's JWKS
(issuer, \`typ: at+jwt\`, audience, times; signature checked on every request, no token cache).

| system | requests/s | p50 ms | p99 ms | errors | Gatehouse/peer | load |
|---|---|---|---|---|---|---|
$(row "Gatehouse \`/v1/verify\` (bearer)" gh.s2 "" "—")
$(row "Spring resource server \`/api/verify\`" sp.s2 "" "${S2_RATIO}×")

Gatehouse S2 / S1: **${GH_S2_OF_S1}**.

### S3: logins/s against the hash bound
One password check takes **${HASH_MS} ms** on one thread here (Gatehouse's \`Argon2idHasher\`,
median of 20, measured just before the Gatehouse run, the server idle), so the bound is $CORES cores ÷ ${HASH_MS} ms = **${HASH_BOUND} logins/s**. Only 200s count
as logins; Gatehouse answers sign-ins beyond its hashing queue with 503. Gatehouse runs with
\`password.max-attempts=0\`: its sign-in throttle would otherwise answer 429 to one account signing in
from one address 64 times at once (Keycloak's brute-force detection is off by default, Spring has none). Outside any server, $CORES
threads checking at once sustain **${HASH_PARALLEL} checks/s** here (the machine's real hashing
capacity: vCPUs that share a physical core or memory bandwidth do not scale linearly); the last
column but one compares with that.

| system | logins/s (200) | requests/s | 503s | p50 ms | p99 ms | of the bound | of the capacity | load |
|---|---|---|---|---|---|---|---|---|
$(login_row "Gatehouse \`POST /v1/login\` (token transport)" gh.s3)
$(login_row "Spring form login (session in JDBC)" sp.s3)
$(login_row "Keycloak password grant" kc.s3)

Gatehouse/Spring logins: $(ratio "${OKS[gh.s3]}" "${OKS[sp.s3]}")×; Gatehouse/Keycloak: $(ratio "${OKS[gh.s3]}" "${OKS[kc.s3]}")×.

### S4: refreshes/s (rotation)
Both rotate: Gatehouse always (reuse detection, 10 s grace); Keycloak with the realm set to
\`revokeRefreshToken: true, refreshTokenMaxReuse: 0\` (checked in this run: reusing a refresh token is
refused: $KC_ROTATES), so both do the same work: check, rotate, sign a new access token. Same
request for both: \`POST\` to the OAuth token endpoint, \`grant_type=refresh_token\` (Keycloak also
authenticates its confidential client on each call; Gatehouse's \`web\` client is public).

| system | requests/s | p50 ms | p99 ms | failures | Gatehouse/peer | load |
|---|---|---|---|---|---|---|
$(row "Gatehouse \`POST /oauth2/token\`" gh.s4 "" "—")
$(row "Keycloak token endpoint" kc.s4 "" "${S4_RATIO}×")
$(row "Gatehouse with EdDSA keys (\`keys.algorithm=EdDSA\`)" gh.s4ed "" "$(ratio "${RPS[gh.s4ed]}" "${RPS[kc.s4]}")× Keycloak")

Both sign each new access token with RSA-2048 by default (RS256); the EdDSA row shows what the
signature costs Gatehouse (same code, same store, Ed25519 keys).

### S5: introspections/s
RFC 7662 with HTTP Basic client credentials, the system's own access token.

| system | requests/s | p50 ms | p99 ms | errors | Gatehouse/peer | load |
|---|---|---|---|---|---|---|
$(row "Gatehouse \`POST /oauth2/introspect\`" gh.s5 "" "—")
$(row "Keycloak \`…/token/introspect\`" kc.s5 "" "${S5_RATIO}×")

### S6: S1's p99 while a login flood saturates hashing
S1 measured as above while \`wrk -t1 -c$CONNECTIONS\` posts logins for the whole measurement.

| system | verify requests/s | p50 ms | p99 ms | errors | logins/s (200) during | 503s | load |
|---|---|---|---|---|---|---|---|
| Gatehouse | ${RPS[gh.s6]} | ${P50[gh.s6]} | ${P99[gh.s6]} | ${ERRORS[gh.s6]} | ${OKS[gh.s6flood]} | ${BUSY[gh.s6flood]:-0} | ${LOAD[gh.s6]} |
| Spring | ${RPS[sp.s6]} | ${P50[sp.s6]} | ${P99[sp.s6]} | ${ERRORS[sp.s6]} | ${OKS[sp.s6flood]} | ${BUSY[sp.s6flood]:-0} | ${LOAD[sp.s6]} |

### S7: start-up, memory, size
Start-up is wall clock from launching the process to the first 200 (\`/health\`; Keycloak:
\`/realms/master\`), polled every 20 ms (Spring 50 ms, Keycloak 200 ms). "first" is the first start
on a fresh store (Keycloak: fresh H2 database, realm creation included in neither); "restart" is
the measured one, on the initialised store. Idle RSS: \`VmRSS\` 2 s after the restart, before any
load; loaded RSS: after the scenarios above.

| system | first start ms | restart ms | idle RSS MB | RSS after load MB | size on disk MB |
|---|---|---|---|---|---|
| Gatehouse | $GH_FIRST_MS | $GH_START_MS | $GH_RSS | $GH_RSS_LOADED | $(mb "$GH_SIZE") (jar + libs) |
| Spring peer | $SP_FIRST_MS | $SP_START_MS | $SP_RSS | $SP_RSS_LOADED | $(mb "$SP_SIZE") (executable jar) |
| Keycloak | $KC_FIRST_MS | $KC_START_MS | $KC_RSS | $KC_RSS_LOADED | $(mb "$KC_SIZE") (unpacked; zip $(mb "$KC_ZIP_SIZE")) |

Gatehouse's first start has no class-data archive yet (the JVM writes it at the first exit).
Restarted as a plain \`java -jar\`, without the archive: **${GH_PLAIN_MS} ms**.

### S8: token and response sizes (bytes)
Sign-ins with the defaults (no \`scope\` asked for; Keycloak's default client scopes).

| item | Gatehouse | Keycloak |
|---|---|---|
| access token | $GH_ACCESS_BYTES ($GH_ALG); $GH_ED_BYTES ($GH_ED_ALG) | $KC_ACCESS_BYTES ($KC_ALG) |
| refresh token | ${#GH_REFRESH} (opaque) | ${#KC_REFRESH} (JWT) |
| login response body | ${#GH_TOKEN_LOGIN} | ${#KC_LOGIN} |
| refresh response body | ${#GH_REFRESH_BODY} | ${#KC_REFRESH_BODY} |
| introspection response body | ${#GH_INTROSPECT_BODY} | ${#KC_INTROSPECT_BODY} |
| cookie sign-in: cookie value / body | ${#GH_COOKIE} / $GH_COOKIE_LOGIN_BYTES | Spring \`SESSION\`: ${#SP_COOKIE} / 0 |

### Targets
| target | measured | verdict |
|---|---|---|
| S1 ≥ 3× Spring's session check | ${S1_RATIO}× | $(holds "$S1_RATIO >= 3") |
| S1 p99 ≤ 5 ms at $CONNECTIONS connections | ${P99[gh.s1]} ms | $(holds "${P99[gh.s1]} <= 5") |
| S2 ≥ 0.8× S1 | ${GH_S2_OF_S1}× | $(holds "$GH_S2_OF_S1 >= 0.8") |
| S2 ≥ 2× Spring resource server | ${S2_RATIO}× | $(holds "$S2_RATIO >= 2") |
| S3 ≥ 0.85 of the hash bound | ${S3_OF_BOUND} (${OKS[gh.s3]} of ${HASH_BOUND}/s; of the measured capacity: $(ratio "${OKS[gh.s3]}" "$HASH_PARALLEL")) | $(holds "$S3_OF_BOUND >= 0.85") |
| S6 p99 ≤ 10 ms | ${P99[gh.s6]} ms | $(holds "${P99[gh.s6]} <= 10") |
| S4 ≥ 10× Keycloak | ${S4_RATIO}× (EdDSA keys: $(ratio "${RPS[gh.s4ed]}" "${RPS[kc.s4]}")×) | $(holds "$S4_RATIO >= 10") |
| S5 ≥ 10× Keycloak | ${S5_RATIO}× | $(holds "$S5_RATIO >= 10") |
| S7 start-up ≤ 1.5 s | ${GH_START_MS} ms (Keycloak ${KC_START_MS} ms) | $(holds "$GH_START_MS <= 1500") |
| S7 idle RSS ≤ 200 MB | ${GH_RSS} MB (Keycloak ${KC_RSS} MB) | $(holds "$GH_RSS <= 200") |
| S8 access token ≤ 800 bytes (RS256) | $GH_ACCESS_BYTES (Keycloak $KC_ACCESS_BYTES) | $(holds "$GH_ACCESS_BYTES <= 800") |
| S8 access token ≤ 450 bytes (EdDSA) | $GH_ED_BYTES | $(holds "$GH_ED_BYTES <= 450") |
<!-- bench/run.sh: end -->
EOF
} >"$SECTION"

# Replace the harness's own section, keep everything else in the file (other engineers' sections).
python3 - "$REPORT" "$SECTION" <<'PY'
import os, re, sys
report, section = sys.argv[1], open(sys.argv[2]).read()
text = open(report).read() if os.path.exists(report) else "# Benchmarks\n"
pattern = re.compile(r"<!-- bench/run.sh: begin.*?<!-- bench/run.sh: end -->\n?", re.S)
if pattern.search(text):
    text = pattern.sub(lambda _: section, text, count=1)
else:
    text = text.rstrip("\n") + "\n\n" + section
open(report, "w").write(text)
PY
log "done in ${RUN_SECONDS} s: results in ${REPORT#"$ROOT"/}"
