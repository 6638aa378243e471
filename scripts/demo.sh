#!/usr/bin/env bash
# The README's demo: declare a client and its assets in ITFlow, run again to show changed=0, then
# show a check-mode diff of a drifted declaration.
#
#   ./scripts/demo.sh                      against the bundled ITFlow simulator (started and stopped here)
#   ITFLOW_URL=https://itflow.example.com ITFLOW_API_KEY=... ./scripts/demo.sh
#                                          against a real ITFlow (26.08, or earlier with an all-clients key)
#
# Everything it needs is installed by scripts/setup.sh (a .venv in the repository).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
eval "$(./scripts/setup.sh)"

# shellcheck source=scripts/lib_sim.sh
. "$repo/scripts/lib_sim.sh"
work=$(mktemp -d)
cleanup() { sim_stop; rm -rf "$work"; }
trap cleanup EXIT

if [ -n "${ITFLOW_URL:-}" ] && [ -n "${ITFLOW_API_KEY:-}" ]; then
    echo "== Using the real ITFlow at $ITFLOW_URL"
else
    sim_start "$repo/tests/simulator" "${ITFLOW_SIM_PROFILE:-26.08}" "$work/keys.json" "$work/simulator.log"
    sim_export_admin "$work/keys.json"
    echo "== Started the ITFlow simulator (profile ${ITFLOW_SIM_PROFILE:-26.08}) at $ITFLOW_URL"
fi

export ANSIBLE_NOCOLOR=${ANSIBLE_NOCOLOR:-0} ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
echo
echo "== 1. Declare a client and its assets"
ansible-playbook playbooks/demo.yml
echo
echo "== 2. The same declaration again: nothing to change (look for changed=0)"
ansible-playbook playbooks/demo.yml
echo
echo "== 3. A drifted declaration in check mode: what would change, field by field, without writing"
ansible-playbook playbooks/demo.yml --check --diff -e '{"demo_os": "Ubuntu 26.04"}'
