#!/usr/bin/env bash
# Run integration targets with `ansible-test integration`, against the ITFlow simulator or a real ITFlow.
#
# Usage: ./scripts/integration.sh [--profile 26.08|26.04|full | --config] [TARGET...] [-- ANSIBLE-TEST ARGS...]
#
#   ./scripts/integration.sh                                  every target, simulator profile 26.08
#   ./scripts/integration.sh --profile 26.04 itflow_asset lookup_itflow
#   ./scripts/integration.sh itflow_client -- -vvv            arguments after -- go to ansible-test
#   ITFLOW_URL=https://itflow.example.com ITFLOW_API_KEY=... ITFLOW_DECRYPT_PASSWORD=... \
#       ITFLOW_PROFILE=26.08 ./scripts/integration.sh itflow_asset      a real ITFlow (a test instance!)
#   ./scripts/integration.sh --config itflow_asset            the ITFlow of the checkout's own
#                                                             tests/integration/integration_config.yml
#
# What it does:
#   1. scripts/setup.sh (the .venv with ansible-core, and ANSIBLE_COLLECTIONS_PATH);
#   2. copies the collection as scripts/test.sh's sanity stage does (git-tracked plus untracked but
#      not ignored files) to tests/output/integration/ansible_collections/<namespace>/<name>;
#   3. without ITFLOW_URL and ITFLOW_API_KEY (or --config), starts the simulator (python -m itflow_sim, empty
#      seed, a free port on 127.0.0.1) for the profile, and stops it at the end;
#   4. writes the copy's tests/integration/integration_config.yml with tests/integration/write_config.py
#      (from the simulator's keys file, or from ITFLOW_URL/ITFLOW_API_KEY/ITFLOW_DECRYPT_PASSWORD/ITFLOW_PROFILE);
#   5. runs `ansible-test integration --local --python 3.11` there for the targets: on the controller,
#      in this .venv (which has the collection's requirements), so no ansible-test virtual
#      environment and no pip bootstrap is needed.
# Exit code: ansible-test's. Its output and JUnit results are under the copy's tests/output/.
#
# To run ansible-test yourself in an ansible_collections/itflow/itflow tree: write its
# tests/integration/integration_config.yml (write_config.py, or copy integration_config.yml.template),
# then `ansible-test integration --local itflow_asset`.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"

profile=${ITFLOW_PROFILE:-26.08}
own_config=0
targets=()
test_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --profile)
            [ $# -ge 2 ] || { echo "integration.sh: --profile needs 26.08, 26.04 or full" >&2; exit 2; }
            profile=$2
            shift
            ;;
        --profile=*) profile=${1#--profile=} ;;
        --config) own_config=1 ;;
        -h | --help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        --) shift; test_args+=("$@"); break ;;
        -*) echo "integration.sh: unknown option $1 (ansible-test's own go after --)" >&2; exit 2 ;;
        *) targets+=("$1") ;;
    esac
    shift
done
case "$profile" in
    26.08 | 26.04 | full) ;;
    *) echo "integration.sh: unknown profile '$profile' (26.08, 26.04 or full)" >&2; exit 2 ;;
esac

if [ "$own_config" -eq 1 ] && [ ! -f tests/integration/integration_config.yml ]; then
    echo "integration.sh --config: write tests/integration/integration_config.yml first (tests/integration/write_config.py)" >&2
    exit 2
fi

# shellcheck source=/dev/null
. <("$REPO/scripts/setup.sh")

OUT="$REPO/tests/output"
# The copy and the collection's name: the same as the sanity stage's (scripts/lib_sanity.sh).
# shellcheck source=scripts/lib_sanity.sh
. "$REPO/scripts/lib_sanity.sh"
read -r namespace name < <(sanity_collection_id "$REPO")
top="$OUT/integration"
dest="$top/ansible_collections/$namespace/$name"

# One run at a time per checkout: the copy is shared.
mkdir -p "$OUT"
exec 8>"$OUT/integration.lock"
if ! flock -n 8; then
    echo "waiting for another integration.sh run in this checkout to finish"
    flock 8
fi

# Uncommitted work included, ignored files not.
rm -rf "$top"
sanity_copy_tree "$REPO" "$dest"

config="$dest/tests/integration/integration_config.yml"
# shellcheck source=scripts/lib_sim.sh
. "$REPO/scripts/lib_sim.sh"
work=$(mktemp -d)
# shellcheck disable=SC2329  # run by the EXIT trap
cleanup() { sim_stop; rm -rf "$work"; }
trap cleanup EXIT

if [ "$own_config" -eq 1 ]; then
    cp -p tests/integration/integration_config.yml "$config"
    echo "ITFlow under test: the one in tests/integration/integration_config.yml"
elif [ -n "${ITFLOW_URL:-}" ] && [ -n "${ITFLOW_API_KEY:-}" ]; then
    echo "ITFlow under test: $ITFLOW_URL (ITFLOW_URL; profile ${ITFLOW_PROFILE:-26.08})"
    python tests/integration/write_config.py --output "$config"
else
    sim_start "$REPO/tests/simulator" "$profile" "$work/keys.json" "$work/simulator.log"
    echo "ITFlow under test: the simulator, profile $profile (pid $SIM_PID)"
    python tests/integration/write_config.py --simulator "$work/keys.json" --output "$config"
fi

set +e
(cd "$dest" && ansible-test integration --local --python 3.11 --color no \
    "${test_args[@]+"${test_args[@]}"}" "${targets[@]+"${targets[@]}"}")
rc=$?
set -e
exit "$rc"
