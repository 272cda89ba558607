#!/usr/bin/env bash
# Fuzzes the live API against its own OpenAPI description with Schemathesis
# (installed by tools/setup.sh into .venv-tools/): every check, a bounded
# number of examples per operation and a fixed seed, so a run takes a few
# minutes and a failure can be replayed. Exits non-zero on any failure.
#
# The server runs with its per-device and per-address quotas lifted: a
# fuzzer sends hundreds of petitions, follow-ups, answers and registrations
# from one phone and one address, and the daily quotas would answer most of
# them 429 before they reach the code under test (the quotas have their own
# tests in server/tests/quotas.rs).
#
# Usage: tools/schemathesis.sh [server binary] [extra schemathesis args]
set -euo pipefail
cd "$(dirname "$0")/.."

SERVER=${1:-${LETTERBOX_SERVER:-target/debug/letterbox-server}}
shift || true
ST=.venv-tools/bin/schemathesis
[ -x "$ST" ] || { echo "schemathesis: run tools/setup.sh first" >&2; exit 1; }
[ -x "$SERVER" ] || { echo "schemathesis: no server binary at $SERVER" >&2; exit 1; }

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/data" "$WORK/dist"
echo '<!doctype html><title>Letterbox</title>' > "$WORK/dist/index.html"

# Port 0: the server picks a free port and prints "listening on http://…".
RUST_LOG=${RUST_LOG:-warn} "$SERVER" --addr 127.0.0.1:0 --data-dir "$WORK/data" --dist "$WORK/dist" \
  --petitions-per-day 0 --follow-ups-per-day 0 --campaign-answers-per-day 0 \
  --registration-burst 0 \
  > "$WORK/stdout" 2> "$WORK/server.log" &
SERVER_PID=$!
BASE=
for _ in $(seq 1 100); do
  BASE=$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$WORK/stdout" | head -1)
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$BASE" ] || { echo "schemathesis: the server did not start" >&2; exit 1; }

TOKEN=$(python3 -c 'import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "/api/v1/devices", method="POST")
print(json.load(urllib.request.urlopen(request))["token"])' "$BASE")

# DELETE /devices/me forgets the phone and ends the token every other
# operation needs, so it is left out here; server/tests/my_data.rs and the
# authorization matrix test it.
status=0
"$ST" --no-color --config-file tools/schemathesis.toml run "$BASE/api/v1/openapi.json" \
  --url "$BASE/api/v1" \
  --checks all \
  -H "Authorization: Bearer $TOKEN" \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-100}" \
  --seed "${SCHEMATHESIS_SEED:-11}" \
  --workers 1 \
  --generation-database none \
  --exclude-path /devices/me \
  "$@" || status=$?

# A 5xx fails a check above; an error logged without one fails here.
errors=$(sed 's/\x1b\[[0-9;]*m//g' "$WORK/server.log" | grep -E '(^| )ERROR ' || true)
if [ -n "$errors" ]; then
  echo "schemathesis: the server logged errors:" >&2
  echo "$errors" >&2
  status=1
fi
exit $status
