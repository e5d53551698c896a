#!/usr/bin/env bash
# Builds the real Kubernetes test peers (kube-apiserver, kube-controller-manager, kubectl, etcd) from their Go
# modules, once, into a cache outside the repository, in the layout io.fabric8:kube-api-test reads in offline mode:
#   $KUBE_API_TEST_DIR/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kube-controller-manager,kubectl}
# (kube-api-test itself starts etcd and kube-apiserver; the tests that need garbage collection and namespace
# deletion start kube-controller-manager beside them.) Later runs find the binaries and return at once.
set -euo pipefail

KUBE_VERSION="${KUBE_VERSION:-1.36.3}"
ETCD_VERSION="${ETCD_VERSION:-3.6.16}"
CACHE_DIR="${ECSDEPLOY_CACHE:-$HOME/.cache/ecs-deploy-operator}"
KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$CACHE_DIR/kubeapitest}"
BIN_DIR="$KUBE_API_TEST_DIR/k8s/${KUBE_VERSION}-linux-amd64"
WORK_DIR="$CACHE_DIR/build"

log() { printf '[kube-peers] %s\n' "$*" >&2; }

KUBE_COMMANDS=(kube-apiserver kube-controller-manager kubectl)
all_cached() {
  local f
  for f in "$@"; do [[ -x "$BIN_DIR/$f" ]] || return 1; done
}

if all_cached etcd "${KUBE_COMMANDS[@]}"; then
  log "cached: $BIN_DIR"
  exit 0
fi
mkdir -p "$BIN_DIR" "$WORK_DIR"
export CGO_ENABLED=0 GOFLAGS=-mod=mod

# A go build prints nothing for minutes; a heartbeat shows the build is alive.
with_heartbeat() {
  local what="$1"; shift
  local start=$SECONDS
  ( while sleep 30; do log "$what: still building ($((SECONDS - start)) s)"; done ) &
  local beat=$!
  if "$@"; then kill "$beat" 2>/dev/null; wait "$beat" 2>/dev/null || true
  else local rc=$?; kill "$beat" 2>/dev/null; wait "$beat" 2>/dev/null || true; return $rc; fi
  log "$what: built in $((SECONDS - start)) s"
}

build_kubernetes() {
  local mod="$WORK_DIR/kubernetes-$KUBE_VERSION"
  mkdir -p "$mod"
  log "resolving k8s.io/kubernetes v$KUBE_VERSION"
  local gomod
  gomod=$(cd "$mod" && GOFLAGS= go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" \
    | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  # k8s.io/kubernetes requires each staging module at v0.0.0 (it replaces them with local paths);
  # a wrapper module points each of them at the published v0.X.Y of the same release.
  local staging_version="v0.${KUBE_VERSION#1.}"
  {
    echo "module ecsdeploy.io/kube-peers"
    echo
    echo "go 1.26"
    echo
    echo "require k8s.io/kubernetes v$KUBE_VERSION"
    echo
    grep -E '^[[:space:]]+k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$gomod" | awk -v v="$staging_version" \
      '{ printf "replace %s => %s %s\n", $1, $1, v }'
  } > "$mod/go.mod"
  cat > "$mod/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  log "downloading Kubernetes modules (first run only)"
  (cd "$mod" && go mod tidy -e >/dev/null 2>&1 || true)
  (cd "$mod" && go get "k8s.io/kubernetes@v$KUBE_VERSION" >&2)
  # The version stamp that Kubernetes' own release build writes; without it the binaries report v0.0.0.
  local v=k8s.io/component-base/version
  local ldflags="-s -w -X $v.gitVersion=v$KUBE_VERSION -X $v.gitMajor=${KUBE_VERSION%%.*}"
  ldflags+=" -X $v.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2) -X $v.gitTreeState=clean"
  # All three from the one module: they share most packages, so Go's build cache compiles those once.
  for cmd in "${KUBE_COMMANDS[@]}"; do
    [[ -x "$BIN_DIR/$cmd" ]] && continue
    with_heartbeat "$cmd" bash -c "cd '$mod' && go build -trimpath -ldflags='$ldflags' -o '$BIN_DIR/$cmd.tmp' k8s.io/kubernetes/cmd/$cmd"
    mv "$BIN_DIR/$cmd.tmp" "$BIN_DIR/$cmd"
  done
}

build_etcd() {
  local mod="$WORK_DIR/etcd-$ETCD_VERSION"
  mkdir -p "$mod"
  log "resolving go.etcd.io/etcd/server/v3 v$ETCD_VERSION"
  # The etcd server module's own go.mod replaces its sibling modules with local paths; the wrapper pins them
  # to the same published release instead.
  {
    echo "module ecsdeploy.io/etcd-peer"
    echo
    echo "go 1.26"
    echo
    echo "require go.etcd.io/etcd/server/v3 v$ETCD_VERSION"
    echo
    for m in api/v3 client/pkg/v3 client/v3 pkg/v3 server/v3; do
      echo "replace go.etcd.io/etcd/$m => go.etcd.io/etcd/$m v$ETCD_VERSION"
    done
  } > "$mod/go.mod"
  cat > "$mod/tools.go" <<'GO'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
GO
  (cd "$mod" && go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" >&2)
  with_heartbeat etcd bash -c "cd '$mod' && go build -trimpath -ldflags='-s -w' -o '$BIN_DIR/etcd.tmp' go.etcd.io/etcd/server/v3"
  mv "$BIN_DIR/etcd.tmp" "$BIN_DIR/etcd"
}

[[ -x "$BIN_DIR/etcd" ]] || build_etcd
all_cached "${KUBE_COMMANDS[@]}" || build_kubernetes
"$BIN_DIR/kube-apiserver" --version >&2
log "ready: $BIN_DIR"
