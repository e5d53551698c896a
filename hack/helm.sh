#!/usr/bin/env bash
# Builds the helm client from its Go module, once, into a cache outside the repository:
#   $ECSDEPLOY_CACHE/helm/<version>/helm
# The chart tests (helm lint, helm template, helm install into the test API server) run this binary.
# Later runs find it and return at once.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-3.22.0}"
CACHE_DIR="${ECSDEPLOY_CACHE:-$HOME/.cache/ecs-deploy-operator}"
BIN_DIR="$CACHE_DIR/helm/$HELM_VERSION"

log() { printf '[helm] %s\n' "$*" >&2; }

if [[ -x "$BIN_DIR/helm" ]]; then
  log "cached: $BIN_DIR/helm"
  exit 0
fi
mkdir -p "$BIN_DIR"
export CGO_ENABLED=0

start=$SECONDS
( while sleep 30; do log "still building ($((SECONDS - start)) s)"; done ) &
beat=$!
trap 'kill $beat 2>/dev/null || true' EXIT
log "building helm v$HELM_VERSION (first run only)"
# The version stamp helm's own release build writes; without it `helm version` reports a development build.
GOBIN="$BIN_DIR/.tmp" go install -trimpath \
  -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
  "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION"
mv "$BIN_DIR/.tmp/helm" "$BIN_DIR/helm"
rmdir "$BIN_DIR/.tmp"
log "built in $((SECONDS - start)) s: $("$BIN_DIR/helm" version --short)"
