#!/usr/bin/env bash
# Installs the AWS emulators the tests run against into a virtualenv cached outside the repository:
# moto server (ECS, ELBv2, Lambda, S3, SNS, IAM, STS) and MiniStack (CloudWatch over RPC v2 CBOR), plus boto3
# for tests that act as a CodeDeploy client. Later runs reuse the virtualenv when the pinned versions match.
set -euo pipefail

CACHE_DIR="${ECSDEPLOY_CACHE:-$HOME/.cache/ecs-deploy-operator}"
VENV="${ECSDEPLOY_VENV:-$CACHE_DIR/venv}"
REQUIREMENTS="$(cd "$(dirname "$0")" && pwd)/aws-peers-requirements.txt"
STAMP="$VENV/.requirements.sha256"

log() { printf '[aws-peers] %s\n' "$*" >&2; }

want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [[ -x "$VENV/bin/moto_server" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  log "cached: $VENV"
  exit 0
fi
log "creating virtualenv $VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --upgrade pip >&2
log "installing emulators from $(basename "$REQUIREMENTS")"
"$VENV/bin/pip" install --quiet -r "$REQUIREMENTS" >&2
echo "$want" > "$STAMP"
log "ready: $VENV"
