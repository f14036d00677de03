#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks for Parley's local stack and its tests, from the distribution's
# packages only. Idempotent: installs nothing, and does not even refresh the package lists, when all is present.
#
#   deploy/local/install-deps.sh           install what is missing
#   deploy/local/install-deps.sh --check   only report what is missing (exit 1 if anything is)
#
# Runs apt-get through sudo unless already root.
set -euo pipefail

check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

fail() { echo "install-deps: $*" >&2; exit 1; }

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: this script supports Debian and Ubuntu only"

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# A JDK 17 counts whether it is the default java or only installed beside another default.
has_jdk17() {
  if command -v javac >/dev/null 2>&1 && javac -version 2>&1 | grep -qE '^javac 17([.]|$)'; then
    return 0
  fi
  compgen -G '/usr/lib/jvm/*17*/bin/javac' >/dev/null
}

missing=()
has_jdk17 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
# Audio tools (test audio, format conversion), TTS engines and voices, Kafka CLI client, test speech with transcripts.
# chromium: the browser-phone test drives Debian's Chromium headless through playwright-core.
# libspeexdsp1: stt-service's noise suppressor (speex preprocessor, loaded through JNA).
# sip-tester, baresip-core: sipp and baresip, the SIP clients the SIP trunk's tests call the gateway with.
for pkg in sox libsox-fmt-all ffmpeg festival festvox-us-slt-hts flite espeak-ng kcat pocketsphinx-testdata chromium libspeexdsp1 sip-tester baresip-core; do
  installed "$pkg" || missing+=("$pkg")
done
# kcat was called kafkacat on older releases; either serves.
if [[ " ${missing[*]} " == *" kcat "* ]] && command -v kafkacat >/dev/null 2>&1; then
  missing=("${missing[@]/kcat}")
fi
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

# Drop empty entries left by the kcat substitution.
wanted=()
for pkg in "${missing[@]}"; do
  [ -n "$pkg" ] && wanted+=("$pkg")
done

if [ "${#wanted[@]}" -eq 0 ]; then
  echo "install-deps: all dependencies present"
  if ! java -version 2>&1 | head -n 1 | grep -qE 'version "17([."]|$)'; then
    echo "install-deps: note: the default java is not 17; a JDK 17 is installed, point JAVA_HOME at it if the build needs it"
  fi
  exit 0
fi

if $check_only; then
  echo "install-deps: missing: ${wanted[*]}"
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
else
  command -v sudo >/dev/null 2>&1 || fail "not root and sudo not found; run as root to install: ${wanted[*]}"
  sudo=(sudo)
fi

log="$(mktemp -t parley-install-deps.XXXXXX)"
trap 'rm -f "$log"' EXIT

echo "install-deps: installing ${wanted[*]}"
if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1; then
  cat "$log" >&2
  fail "apt-get update failed"
fi

# Older releases package kcat as kafkacat; fail clearly on anything the configured sources do not offer.
unavailable=()
final=()
for pkg in "${wanted[@]}"; do
  if apt-cache show "$pkg" >/dev/null 2>&1; then
    final+=("$pkg")
  elif [ "$pkg" = kcat ] && apt-cache show kafkacat >/dev/null 2>&1; then
    final+=(kafkacat)
  else
    unavailable+=("$pkg")
  fi
done
if [ "${#unavailable[@]}" -gt 0 ]; then
  fail "not available from the configured apt sources: ${unavailable[*]} (on Ubuntu, enable the 'universe' component)"
fi

if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${final[@]}" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  fail "apt-get install failed for: ${final[*]}"
fi

# Re-check, so a package that installed but does not provide what is needed is reported.
has_jdk17 || fail "a JDK 17 is still missing after installing openjdk-17-jdk-headless"
for cmd in mvn sox ffmpeg festival text2wave flite espeak-ng node npm; do
  command -v "$cmd" >/dev/null 2>&1 || fail "'$cmd' is still missing after the install"
done
command -v kcat >/dev/null 2>&1 || command -v kafkacat >/dev/null 2>&1 || fail "'kcat' is still missing after the install"
echo "install-deps: done"
