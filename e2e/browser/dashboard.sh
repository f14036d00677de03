#!/usr/bin/env bash
# Opens the analytics dashboard's call page in headless Chromium and checks it (dashboard-calls.mjs).
# Usage: dashboard.sh ANALYTICS_URL API_KEY [CALL_ID]   e.g. dashboard.sh http://localhost:8084 "$PARLEY_ANALYTICS_API_KEYS_ACME"
# Needs: node + npm, Debian's chromium (installed with apt-get when missing), a running analytics with a call in it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
analytics="${1:-${ANALYTICS_URL:-}}"
key="${2:-${PARLEY_API_KEY:-}}"
call="${3:-${CALL_ID:-}}"
if [[ -z "$analytics" || -z "$key" ]]; then
  echo "usage: $0 ANALYTICS_URL API_KEY [CALL_ID]   (a tenant's key, as in PARLEY_ANALYTICS_API_KEYS_<TENANT>)" >&2
  exit 2
fi

if [[ ! -x /usr/bin/chromium ]]; then
  echo "dashboard: installing Debian's chromium"
  apt-get install -y -qq chromium >/dev/null
fi

cd "$here"
npm ci --silent --no-audit --no-fund
mkdir -p "$here/target"
SCREENSHOT="${SCREENSHOT:-$here/target/dashboard-calls.png}" node dashboard-calls.mjs "$analytics" "$key" ${call:+"$call"}
