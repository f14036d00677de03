#!/usr/bin/env bash
# Places a real call through the browser phone page and checks the captions.
# Usage: run.sh GATEWAY_URL API_KEY     e.g. run.sh http://localhost:8080 "$PARLEY_GATEWAY_API_KEYS_ACME"
# Needs: node + npm, flite, sox, Debian's chromium (installed with apt-get when missing), a running stack.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
gateway="${1:-${GATEWAY_URL:-}}"
key="${2:-${PARLEY_API_KEY:-}}"
if [[ -z "$gateway" || -z "$key" ]]; then
  echo "usage: $0 GATEWAY_URL API_KEY   (the tenant's key, as in PARLEY_GATEWAY_API_KEYS_<TENANT>)" >&2
  exit 2
fi

if [[ ! -x /usr/bin/chromium ]]; then
  echo "run: installing Debian's chromium"
  apt-get install -y -qq chromium >/dev/null
fi
missing=()
command -v flite >/dev/null || missing+=(flite)
command -v sox >/dev/null || missing+=(sox)
if (( ${#missing[@]} )); then
  echo "run: installing ${missing[*]}"
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cd "$here"
npm ci --silent --no-audit --no-fund
./prepare-audio.sh "$here/target/caller.wav"
GATEWAY_URL="$gateway" PARLEY_API_KEY="$key" CALLER_WAV="$here/target/caller.wav" \
  SCREENSHOT="${SCREENSHOT:-$here/target/browser-call.png}" node browser-call.mjs
