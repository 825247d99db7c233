#!/usr/bin/env bash
# `npm run test:peertube`: the PeerTube suite (test/peertube/) against a REAL PeerTube 6.3.2. With
# PEERTUBE_TEST_URL set, that server is used as it is; otherwise ../shared/peertube/peertube-server.sh starts
# one on 127.0.0.1 (root is needed; the first start builds it, a few minutes) and this script stops what it
# started. When no real server can be had it says SKIPPED and why, and fails under CI.
set -euo pipefail
cd "$(dirname "$0")/.."

skip() {
  echo "test:peertube: SKIPPED — $1" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  exit 0
}

# The server kit runs on the system Node with its own npm: nothing of this `npm run` may reach it. npm exports
# its prefix (a global install such as the kit's yarn would land beside this run's Node, off the kit's PATH)
# and CI exports the headers of this run's Node for native add-ons (the kit builds for the system Node).
kit() {
  (
    for name in $(compgen -e); do
      case "$name" in npm_* | NODE | INIT_CWD) unset "$name" ;; esac
    done
    bash "$server" "$@"
  )
}

started=""
if [ -z "${PEERTUBE_TEST_URL:-}" ]; then
  server="${SPOOL_PEERTUBE_SERVER:-../shared/peertube/peertube-server.sh}"
  [ -f "$server" ] || skip "no real PeerTube: $server does not exist and PEERTUBE_TEST_URL is not set"
  [ "$(id -u)" = 0 ] || skip "starting a real PeerTube needs root (or set PEERTUBE_TEST_URL)"
  echo "test:peertube: starting a real PeerTube (the first start on a machine takes a few minutes)" >&2
  line=$(kit start | tail -n 1)
  started="$server"
  trap 'kit stop >&2 || true' EXIT
  PEERTUBE_TEST_URL=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).url)' "$line")
  PEERTUBE_TEST_ROOT_PASSWORD=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).password)' "$line")
  export PEERTUBE_TEST_URL PEERTUBE_TEST_ROOT_PASSWORD
fi
export PEERTUBE_TEST_TARGET=real
echo "test:peertube: against $PEERTUBE_TEST_URL (transcoding on)" >&2
bash scripts/with-keyring.sh npx vitest run --project peertube "$@"

# Second pass: the same server with transcoding off, where the stored file must be the uploaded one byte for
# byte. Only a server this script started can be restarted so.
if [ -n "$started" ]; then
  kit stop >&2
  echo "test:peertube: restarting it with PEERTUBE_TRANSCODING=false" >&2
  PEERTUBE_TRANSCODING=false kit start >/dev/null
  PEERTUBE_TRANSCODING=false bash scripts/with-keyring.sh npx vitest run --project peertube test/peertube/byte-identical.test.ts
else
  echo "test:peertube: the transcoding-off pass needs a server this script starts; skipped for $PEERTUBE_TEST_URL" >&2
fi
