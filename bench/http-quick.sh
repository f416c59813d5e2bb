#!/usr/bin/env bash
# A first measurement of Gatehouse alone on the embedded store: /v1/verify with a cookie and with a
# bearer token and introspection under `wrk -t1 -c64 -d15s`; refresh rotation with 64 lineages
# driven by bench/peers/RefreshRotation.java through /oauth2/token, as in bench/run.sh (each lineage
# must stay on its own sequence of tokens).
# Prints one line per scenario. The side-by-side comparison with peers is bench/run.sh (later).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/.ci/find-jdk"
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
DURATION="${DURATION:-15s}"; CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"; BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"; trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
GH=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$ROOT/gatehouse-server/target/gatehouse.jar")
[[ -f "$ROOT/gatehouse-server/target/gatehouse.jar" ]] || (cd "$ROOT" && mvn -q -B -DskipTests -pl gatehouse-server -am package)

echo 'a long benchmark passphrase' | "${GH[@]}" account create bench --password-stdin --data-dir "$WORK/data" >/dev/null
SECRET="benchmark-client-secret-0123456789abcdef"
echo "$SECRET" | "${GH[@]}" client create bench-rs --secret-stdin --data-dir "$WORK/data" >/dev/null
# SERVE_ARGS adds settings, for example: SERVE_ARGS="--set store.sessions=redis" bench/http-quick.sh
# shellcheck disable=SC2086
"${GH[@]}" serve --data-dir "$WORK/data" --port "$PORT" --set session.touch-interval=1m --set session.max-per-account=1000 \
  --set password.max-attempts=0 --set password.account-lock-after=0 ${SERVE_ARGS:-} >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.1; done

login() { curl -sf -X POST "$BASE/v1/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"a long benchmark passphrase\"$1}" -D "$WORK/headers"; }
login '' >/dev/null
COOKIE="$(grep -i '^set-cookie: __Host-gatehouse=' "$WORK/headers" | sed 's/^[^=]*=\([^;]*\);.*/\1/')"
ACCESS="$(login ',"transport":"token"' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')"
: >"$WORK/tokens"
for _ in $(seq "$CONNECTIONS"); do
  login ',"transport":"token"' | sed 's/.*"refresh_token":"\([^"]*\)".*/\1/' >>"$WORK/tokens"; echo >>"$WORK/tokens"
done

run() { # name, wrk args... (a 5 s warm-up first, so the JIT has compiled the path)
  local name="$1"; shift
  wrk -t1 -c"$CONNECTIONS" -d5s "$@" >/dev/null 2>&1
  local out; out="$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" 2>&1)"
  local rps p50 p99 errors
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"; p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errors="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
  printf '%-28s %10s req/s   p50 %-9s p99 %-9s non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}
echo "# ${SERVE_ARGS:-embedded store}"
echo "# $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), wrk -t1 -c$CONNECTIONS -d$DURATION"
run "verify (cookie)" -H "Cookie: __Host-gatehouse=$COOKIE" "$BASE/v1/verify"
run "verify (bearer)" -H "Authorization: Bearer $ACCESS" "$BASE/v1/verify"
read -r rps p50 p99 failures _ < <("$JAVA_HOME/bin/java" "$ROOT/bench/peers/RefreshRotation.java" "$BASE/oauth2/token" "$WORK/tokens" "${DURATION%s}" 5)
printf '%-28s %10s req/s   p50 %-9s p99 %-9s non-2xx %s   (%s lineages, Java driver)\n' "refresh (rotation)" "$rps" "${p50}ms" "${p99}ms" "$failures" "$CONNECTIONS"
BASIC_AUTH="Basic $(printf 'bench-rs:%s' "$SECRET" | base64 -w0)" ACCESS_TOKEN="$ACCESS" \
  run "introspection" -s "$ROOT/bench/introspect.lua" "$BASE/oauth2/introspect"
