#!/usr/bin/env bash
# Arranges the run-time model files under $1/models. Everything comes from package registries by package name:
# the Vosk model from its Maven artifact (copied by the dependency plugin), Silero VAD from an npm package.
set -euo pipefail
target="$1"
models="$target/models"
mkdir -p "$models"

if [ ! -f "$models/vosk-model-en-us/am/final.mdl" ]; then
  rm -rf "$models/vosk-model-en-us"
  tmp=$(mktemp -d)
  (cd "$tmp" && jar xf "$target/vosk-model-en.aar" assets/model-en-us)
  mv "$tmp/assets/model-en-us" "$models/vosk-model-en-us"
  rm -rf "$tmp"
fi

if [ ! -f "$models/silero_vad_v5.onnx" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @ricky0123/vad-web@0.0.31 >/dev/null && tar xzf ricky0123-vad-web-0.0.31.tgz package/dist/silero_vad_v5.onnx)
  mv "$tmp/package/dist/silero_vad_v5.onnx" "$models/silero_vad_v5.onnx"
  rm -rf "$tmp"
fi
# Office background noise for the noise-suppression test and benchmark (stt-service README "Noise suppression"):
# npm @livekit/agents (Apache-2.0) ships it as 44.1 kHz stereo Ogg; sox turns it into the 8 kHz mono of a phone line.
if [ ! -f "$models/noise/office-ambience-8k.wav" ]; then
  mkdir -p "$models/noise"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @livekit/agents@1.9.0 >/dev/null && tar xzf livekit-agents-1.9.0.tgz package/resources/office-ambience.ogg)
  if command -v sox >/dev/null 2>&1; then
    sox "$tmp/package/resources/office-ambience.ogg" -r 8000 -c 1 -b 16 "$models/noise/office-ambience-8k.wav"
  else
    echo "fetch-models: sox not found (deploy/local/install-deps.sh installs it): no office-ambience-8k.wav" >&2
  fi
  rm -rf "$tmp"
fi
echo "models ready in $models"
