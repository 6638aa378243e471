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

sim_pid=""
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null; true; }
trap cleanup EXIT

if [ -n "${ITFLOW_URL:-}" ] && [ -n "${ITFLOW_API_KEY:-}" ]; then
    echo "== Using the real ITFlow at $ITFLOW_URL"
else
    keys=$(mktemp -d)/keys.json
    PYTHONPATH=tests/simulator python -m itflow_sim --host 127.0.0.1 --port 0 --profile "${ITFLOW_SIM_PROFILE:-26.08}" \
        --seed empty --keys-file "$keys" >/dev/null &
    sim_pid=$!
    for _ in $(seq 1 100); do [ -s "$keys" ] && break; sleep 0.1; done
    [ -s "$keys" ] || { echo "the ITFlow simulator did not start" >&2; exit 1; }
    ITFLOW_URL=$(python -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$keys")
    ITFLOW_API_KEY=$(python -c 'import json,sys; print(json.load(open(sys.argv[1]))["keys"]["admin"]["api_key"])' "$keys")
    export ITFLOW_URL ITFLOW_API_KEY
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
