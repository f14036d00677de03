#!/usr/bin/env bash
# Makes the microphone for the browser call: a 16-bit mono 48 kHz WAV that Chromium plays as its fake capture device
# (--use-file-for-fake-audio-capture). The caller speaks with flite's rms voice (the agent speaks festival's slt, and
# Vosk recognizes rms best of flite's voices), with quiet line noise instead of digital silence between utterances:
#   ~8 s   the agent's greeting plays (a freshly started gateway takes a few seconds to answer its first call)
#   "where is my order one two three four"
#   ~7 s   the agent answers
#   "what are your opening hours"
#   ~12 s  the agent answers
# Usage: prepare-audio.sh [OUT.wav]   (default: target/caller.wav next to this script)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/target/caller.wav}"
voice="${CALLER_VOICE:-rms}"
rate=48000

for tool in flite sox; do
  command -v "$tool" >/dev/null || { echo "prepare-audio: $tool is missing (apt-get install -y $tool)" >&2; exit 1; }
done
flite -lv | grep -qw "$voice" || { echo "prepare-audio: flite has no voice '$voice'" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Silence that is not digital zeros: white noise at about -70 dBFS, like a quiet phone line.
gap() { # seconds name
  sox -n -r "$rate" -c 1 -b 16 "$work/$2.wav" synth "$1" whitenoise vol 0.0005
}
say() { # name text...
  local name="$1"; shift
  flite -voice "$voice" -t "$*" -o "$work/$name.raw.wav"
  # flite's rms voice speaks at 16 kHz; trim its lead-in and tail so the pauses are the pauses above.
  sox "$work/$name.raw.wav" -r "$rate" -c 1 -b 16 "$work/$name.wav" \
    silence 1 0.02 -45d reverse silence 1 0.02 -45d reverse
}

gap 8 lead
say order "where is my order one two three four"
gap 7 wait1
say hours "what are your opening hours"
gap 12 tail

mkdir -p "$(dirname "$out")"
sox "$work/lead.wav" "$work/order.wav" "$work/wait1.wav" "$work/hours.wav" "$work/tail.wav" \
  -r "$rate" -c 1 -b 16 -e signed-integer "$out"
echo "prepare-audio: $out ($(soxi -D "$out") s, $(soxi -r "$out") Hz, $(soxi -b "$out")-bit, $(soxi -c "$out") channel)"
