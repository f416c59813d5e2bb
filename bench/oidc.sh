#!/usr/bin/env bash
# What the OpenID provider's common exchanges cost: bench/OidcFlows.java against a fresh server on
# the embedded store. A full authorization-code flow with PKCE (sign-in, authorize, token with an
# ID token), the same flow for a browser already signed in, and a client-credentials token; ROUNDS
# (default 200) of each, one at a time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/.ci/find-jdk"
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
PORT="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"; BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"; trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
GH=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$ROOT/gatehouse-server/target/gatehouse.jar")
[[ -f "$ROOT/gatehouse-server/target/gatehouse.jar" ]] || (cd "$ROOT" && mvn -q -B -DskipTests -pl gatehouse-server -am package)
REDIRECT="http://127.0.0.1:9/callback"
echo 'a long benchmark passphrase' | "${GH[@]}" account create bench-user --password-stdin --data-dir "$WORK/data" >/dev/null
"${GH[@]}" client create bench-web --type public --first-party --redirect-uri "$REDIRECT" --data-dir "$WORK/data" >/dev/null
SECRET="$(head -c 32 /dev/urandom | base64 | tr -d '=+/')"
echo "$SECRET" | "${GH[@]}" client create bench-service --secret-stdin --grant-type client_credentials \
  --data-dir "$WORK/data" >/dev/null
"${GH[@]}" serve --data-dir "$WORK/data" --port "$PORT" --set session.max-per-account=1000 \
  --set password.max-attempts=0 --set password.account-lock-after=0 >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.1; done
echo "# $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), embedded store, one exchange at a time"
"$JAVA_HOME/bin/java" "$ROOT/bench/OidcFlows.java" "$BASE" bench-user 'a long benchmark passphrase' bench-web \
  "$REDIRECT" bench-service "$SECRET" "${ROUNDS:-200}"
