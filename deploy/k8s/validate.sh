#!/usr/bin/env bash
# Renders every kustomization of deploy/k8s (base, each overlay, and a tenants overlay generated from the repo's
# tenants/ on top of production) with plain `kubectl kustomize`, then validates the rendered objects against the
# Kubernetes API schemas and Parley's rules (deploy/k8s/validate/validate.mjs, npm packages kubernetes-models + yaml,
# installed with `npm ci` on first use). Fails on the first rendering error and on any validation problem.
# Parley's rules include the live path's: every Parley workload has a preStop hook and a grace period that covers its
# drain, each backend a headless Service that the gateway's PARLEY_BACKENDS_* lists name, an autoscaler per live-path
# Deployment (the gateway's on parley_gateway_calls_active), disruption budgets, default-deny NetworkPolicies with
# the backends reachable from the gateway only and Kafka from the services only, the stream-token Secret, and an
# Ingress for every public path. A self-test (validate/selftest.mjs) then breaks the production rendering on purpose
# in each of those ways and fails if any goes unreported. Runs in a few seconds (plus `npm ci` the first time).
# Needs kubectl (with kustomize v5) on the PATH, and node + npm unless --render-only; fails, saying so, without.
#
#   deploy/k8s/validate.sh                 render and validate
#   deploy/k8s/validate.sh --render-only   render only (no node/npm needed)
#   KEEP_RENDERED=DIR deploy/k8s/validate.sh   also keep the rendered YAML in DIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
render_only=false
case "${1:-}" in
  --render-only) render_only=true ;;
  "") ;;
  *) echo "usage: $0 [--render-only]" >&2; exit 2 ;;
esac

die() { echo "validate: $*" >&2; exit 1; }
command -v kubectl >/dev/null 2>&1 || die "kubectl not found (it renders kustomizations offline: kubectl kustomize)"

tmp="$(mktemp -d -t parley-k8s.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/rendered"

render() {
  local name="$1" dir="$2"
  if ! kubectl kustomize "$dir" > "$tmp/rendered/$name.yaml" 2> "$tmp/err"; then
    cat "$tmp/err" >&2
    die "rendering $dir failed"
  fi
  echo "rendered $name ($(grep -c '^kind:' "$tmp/rendered/$name.yaml") objects)"
}

render base "$here/base"
for overlay in "$here"/overlays/*/; do
  [ -f "$overlay/kustomization.yaml" ] || continue
  render "overlay-$(basename "$overlay")" "$overlay"
done
"$here/tenants-overlay.sh" "$repo/tenants" "$tmp/tenants-overlay" >/dev/null
render tenants-overlay "$tmp/tenants-overlay"

if [ -n "${KEEP_RENDERED:-}" ]; then
  mkdir -p "$KEEP_RENDERED"
  cp "$tmp"/rendered/*.yaml "$KEEP_RENDERED"/
fi

if $render_only; then
  echo "validate: all kustomizations render"
  exit 0
fi

command -v node >/dev/null 2>&1 || die "node not found (needed for schema validation; --render-only skips it)"
command -v npm >/dev/null 2>&1 || die "npm not found (needed for schema validation; --render-only skips it)"
stamp="$here/validate/node_modules/.parley-lock.sha256"
lock_sum="$(sha256sum "$here/validate/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  (cd "$here/validate" && npm ci --silent --no-audit --no-fund >"$tmp/npm.log" 2>&1) \
    || { cat "$tmp/npm.log" >&2; die "npm ci in deploy/k8s/validate failed"; }
  echo "$lock_sum" > "$stamp"
fi
node "$here/validate/validate.mjs" "$tmp"/rendered/*.yaml
if [ -f "$tmp/rendered/overlay-production.yaml" ]; then
  node "$here/validate/selftest.mjs" "$tmp/rendered/overlay-production.yaml"
fi
echo "validate: all kustomizations render and validate"
