#!/usr/bin/env bash
# Builds the real Prometheus server that the analysis tests query, from its Go module, once, into a cache outside
# the repository: $ECSDEPLOY_CACHE/prometheus/<version>/prometheus. Later runs find the binary and return at once.
#
# The build keeps it small: the remove_all_sd build tag drops every service-discovery plugin (AWS, Azure, GCE,
# Kubernetes, ...; the tests scrape a static target), which removes most of Prometheus's dependencies, and without
# the builtinassets tag the web UI's assets are not embedded (the tests use only the HTTP API).
set -euo pipefail

# The Go module v0.316.0 is Prometheus 3.16.0.
PROMETHEUS_MODULE_VERSION="${PROMETHEUS_MODULE_VERSION:-0.316.0}"
CACHE_DIR="${ECSDEPLOY_CACHE:-$HOME/.cache/ecs-deploy-operator}"
BIN_DIR="$CACHE_DIR/prometheus/$PROMETHEUS_MODULE_VERSION"
WORK_DIR="$CACHE_DIR/build/prometheus-$PROMETHEUS_MODULE_VERSION"

log() { printf '[prometheus-peer] %s\n' "$*" >&2; }

if [[ -x "$BIN_DIR/prometheus" ]]; then
  log "cached: $BIN_DIR/prometheus"
  exit 0
fi
mkdir -p "$BIN_DIR" "$WORK_DIR"
export CGO_ENABLED=0 GOFLAGS=-mod=mod
TAGS=remove_all_sd,netgo

{
  echo "module ecsdeploy.io/prometheus-peer"
  echo
  echo "go 1.26"
  echo
  echo "require github.com/prometheus/prometheus v$PROMETHEUS_MODULE_VERSION"
} > "$WORK_DIR/go.mod"
cat > "$WORK_DIR/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/prometheus/prometheus/cmd/prometheus"
GO
start=$SECONDS
log "downloading github.com/prometheus/prometheus v$PROMETHEUS_MODULE_VERSION and its modules (first run only)"
# With the build's tags, go get downloads only the modules of the packages the trimmed build compiles.
(cd "$WORK_DIR" && go get -tags "$TAGS" "github.com/prometheus/prometheus/cmd/prometheus@v$PROMETHEUS_MODULE_VERSION" >&2)
log "modules downloaded in $((SECONDS - start)) s"

# A go build prints nothing for minutes; a heartbeat shows the build is alive.
build_start=$SECONDS
( while sleep 30; do log "still building ($((SECONDS - build_start)) s)"; done ) &
beat=$!
trap 'kill $beat 2>/dev/null || true' EXIT
# The version stamp of Prometheus' own release build: module v0.3MM.P is Prometheus 3.MM.P.
v=github.com/prometheus/common/version
minor_patch=${PROMETHEUS_MODULE_VERSION#0.}
version="3.$(( ${minor_patch%%.*} - 300 )).${minor_patch#*.}"
(cd "$WORK_DIR" && go build -trimpath -tags "$TAGS" \
  -ldflags="-s -w -X $v.Version=$version -X $v.Branch=release" \
  -o "$BIN_DIR/prometheus.tmp" github.com/prometheus/prometheus/cmd/prometheus)
kill "$beat" 2>/dev/null || true
mv "$BIN_DIR/prometheus.tmp" "$BIN_DIR/prometheus"
log "built in $((SECONDS - build_start)) s (with downloads: $((SECONDS - start)) s)"
"$BIN_DIR/prometheus" --version >&2
log "ready: $BIN_DIR/prometheus"
