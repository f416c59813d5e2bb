#!/usr/bin/env bash
# The time a second factor adds to a sign-in: bench/SecondStep.java against a fresh server on the
# embedded store. ACCOUNTS (default 20: half with an authenticator app) and ROUNDS (default 3, each
# waits for a new 30 s TOTP step) size it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/.ci/find-jdk"
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
PORT="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"; BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"; trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
GH=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$ROOT/gatehouse-server/target/gatehouse.jar")
[[ -f "$ROOT/gatehouse-server/target/gatehouse.jar" ]] || (cd "$ROOT" && mvn -q -B -DskipTests -pl gatehouse-server -am package)
echo 'a long benchmark passphrase' | "${GH[@]}" account create bench-admin --admin --password-stdin --data-dir "$WORK/data" >/dev/null
"${GH[@]}" serve --data-dir "$WORK/data" --port "$PORT" --set session.max-per-account=1000 \
  --set password.max-attempts=0 --set password.account-lock-after=0 >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.1; done
echo "# $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), embedded store, sequential sign-ins"
"$JAVA_HOME/bin/java" "$ROOT/bench/SecondStep.java" "$BASE" bench-admin 'a long benchmark passphrase' \
  "${ACCOUNTS:-20}" "${ROUNDS:-3}"
