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
echo "models ready in $models"
