#!/usr/bin/env bash
# Writes docs/reliability.md from the tables the fault suite wrote to target/reliability/ during
# `make reliability` (the full matrix). `make test` writes the same tables, for its bounded matrix,
# to target/reliability/ only. RELIABILITY_FINDINGS may name a markdown file of findings to put first.
set -euo pipefail
cd "$(dirname "$0")/.."
PARTS=(kill-sweep aws-stress kubernetes-faults bad-input)
for part in "${PARTS[@]}"; do
  if [[ ! -s "target/reliability/$part.md" ]]; then
    echo "reliability-report: target/reliability/$part.md is missing; run make reliability" >&2
    exit 1
  fi
done
cores=$(nproc)
memory=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1024 / 1024 }' /proc/meminfo)
{
  echo "# Reliability"
  echo
  echo "Figures from the fault suite's full matrix: \`${RELIABILITY_COMMAND:-make reliability}\`, run on"
  echo "$(date -u +%Y-%m-%d) on a machine with $cores cores and $memory, against a real kube-apiserver"
  echo "(with kube-controller-manager where garbage collection matters), moto and MiniStack. \`make test\` runs"
  echo "the bounded matrix (every scenario, every call and wait index, once) and writes the same tables to"
  echo "\`target/reliability/\`."
  echo
  echo "After every scenario one checker (\`DeploymentInvariants\`) reads the emulators, the API server and the"
  echo "fault proxies' logs and holds the deployment to these invariants:"
  echo
  echo "- at most one replacement task set ever created (the proxy's CreateTaskSet log and ECS agree), no task"
  echo "  set that no deployment owns, exactly one PRIMARY at rest;"
  echo "- the production route never sent traffic to a target group without a steady task set behind it,"
  echo "  sampled at every mutating call (while the proxy holds the next one);"
  echo "- the same outcome as the fault-free run: status, error code and message, every lifecycle event's"
  echo "  status, which task set is left and where production traffic goes;"
  echo "- every wait lasted at least as configured, from the AWS call that began it to the call that ended it;"
  echo "  the end the operator recorded for it is that call's time plus the length (a wait begun again after a"
  echo "  restart would show there; a hook invoked again after a restart counts from that invocation); it"
  echo "  ended within 5 s of that end when the operator ran throughout;"
  echo "- every SNS message of the fault-free run published at least once (repeats are counted)."
  echo
  if [[ -n "${RELIABILITY_FINDINGS:-}" && -s "$RELIABILITY_FINDINGS" ]]; then
    cat "$RELIABILITY_FINDINGS"
    echo
  fi
  for part in "${PARTS[@]}"; do
    cat "target/reliability/$part.md"
    echo
  done
} > docs/reliability.md
echo "reliability-report: wrote docs/reliability.md" >&2
