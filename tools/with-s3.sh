#!/usr/bin/env bash
# Runs a command beside a throwaway S3-compatible server (issue 13): moto
# in server mode from the tools' virtual environment (tools/setup.sh),
# listening on loopback, with one empty bucket; stopped when the command
# ends, also on failure. The command finds the bucket in
# LETTERBOX_TEST_PHOTOS (s3://letterbox-test; each test takes a prefix of
# its own) and reaches it through the usual AWS_* variables.
set -euo pipefail
cd "$(dirname "$0")/.."

moto=$PWD/.venv-tools/bin/moto_server
if [ ! -x "$moto" ]; then
  echo "with-s3: $moto is missing (make setup installs it)" >&2
  exit 1
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp /tmp/letterbox-s3.XXXXXX.log)
"$moto" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
pid=$!
stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
}
trap stop EXIT

endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "$endpoint/moto-api/" 2>/dev/null; then break; fi
  sleep 0.1
done
# The bucket (moto takes an unsigned request).
curl -fsS -X PUT -o /dev/null "$endpoint/letterbox-test" || { cat "$log" >&2; exit 1; }

export AWS_ENDPOINT="$endpoint"
export AWS_ALLOW_HTTP=true
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=letterbox-test
export AWS_SECRET_ACCESS_KEY=letterbox-test
export LETTERBOX_TEST_PHOTOS=s3://letterbox-test
echo "with-s3: moto on $endpoint, bucket letterbox-test" >&2
"$@"
