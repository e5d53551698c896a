#!/usr/bin/env bash
# Renders the plain manifests in operator/manifests/ from the Helm chart with its defaults, so that
# installing without Helm gets exactly what the chart installs. `make manifests` runs it; a test fails
# when the committed file differs from what this renders.
#   hack/manifests.sh [output file]   (default operator/manifests/ecs-deploy-operator.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
HELM_VERSION="${HELM_VERSION:-3.22.0}"
HELM="${ECSDEPLOY_CACHE:-$HOME/.cache/ecs-deploy-operator}/helm/$HELM_VERSION/helm"
OUT="${1:-operator/manifests/ecs-deploy-operator.yaml}"
NAMESPACE=ecs-deploy-operator
[[ -x "$HELM" ]] || bash hack/helm.sh
{
  echo "# ecs-deploy-operator without Helm: the chart in helm/ rendered with its default values (hack/manifests.sh)."
  echo "# Apply the CRDs first (kubectl apply -f crds/), then this file; edit AWS_REGION and the image to suit."
  echo "apiVersion: v1"
  echo "kind: Namespace"
  echo "metadata:"
  echo "  name: $NAMESPACE"
  echo "  labels:"
  echo "    pod-security.kubernetes.io/enforce: restricted"
  HELM_CACHE_HOME=$(mktemp -d) HELM_CONFIG_HOME=$(mktemp -d) HELM_DATA_HOME=$(mktemp -d) \
    "$HELM" template ecs-deploy-operator helm --namespace "$NAMESPACE" --skip-tests
} > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
