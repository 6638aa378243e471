#!/usr/bin/env bash
# The collection's test command: ./scripts/test.sh   (CI runs exactly this, through .ci/run)
#
# Usage: ./scripts/test.sh [--quick] [--only STAGE] [--] [PYTEST ARGS...]
#
#   (no arguments)      setup, then pytest, ansible-test sanity and ansible-lint, stopping at the
#                       first stage that fails, with a summary and the time of each stage
#   --quick             pytest only: skip sanity and lint (same as ITFLOW_TEST_QUICK=1)
#   --only STAGE        run one stage: pytest, sanity or lint (setup always runs first)
#   PYTEST ARGS         anything else goes to pytest, e.g.
#                         ./scripts/test.sh --quick -k asset
#                         ./scripts/test.sh --quick tests/unit -x -vv
#                       Arguments do not skip sanity and lint by themselves: add --quick for that.
#
# Stages:
#   setup   scripts/setup.sh: .venv/ with requirements-dev.txt, the collection linked under
#           .cache/collections (ANSIBLE_COLLECTIONS_PATH)
#   pytest  every folder under tests/ but tests/output, in two pytest runs, each two tests at a
#           time with pytest-xdist: first the faster ones (tests/unit, tests/simulator,
#           tests/faults, tests/docs, ...), then the slow ones that run ansible-playbook or
#           molecule (tests/integration, tests/molecule, tests/plan). The tests start the ITFlow simulator themselves, or use
#           a real ITFlow when ITFLOW_URL and ITFLOW_API_KEY are set. Collecting no test at all
#           (pytest exit code 5) is a failure.
#   sanity  ansible-test sanity --python 3.11 (all tests, no ignore file) on a copy of the
#           working tree (git-tracked plus untracked-but-not-ignored files) laid out as
#           tests/output/sanity/ansible_collections/<namespace>/<name>
#   lint    ansible-lint --offline --profile production (configuration: .ansible-lint)
#
# Environment:
#   ITFLOW_TEST_QUICK=1          same as --quick
#   ITFLOW_TEST_WORKERS          tests run at a time in each pytest run (pytest-xdist; default 2)
#   ITFLOW_TEST_TIMEOUT_PYTEST   seconds before pytest is stopped (in CI, default 1500; else none)
#   ITFLOW_TEST_TIMEOUT_TARGETS  same for the slow tests' pytest run (in CI, default 2100)
#   ITFLOW_TEST_TIMEOUT_SANITY   same for ansible-test sanity (in CI, default 1200)
#   ITFLOW_TEST_TIMEOUT_LINT     same for ansible-lint (in CI, default 420)
#   (CI's budget is 90 minutes: the four limits and setup stay below it.)
#   ITFLOW_URL, ITFLOW_API_KEY, ITFLOW_DECRYPT_PASSWORD, ITFLOW_PROFILE: see docs/dev/testing.md
#
# More in docs/dev/testing.md.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"

quick=${ITFLOW_TEST_QUICK:-0}
only=""
pytest_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --only)
            [ $# -ge 2 ] || { echo "test.sh: --only needs a stage: pytest, sanity or lint" >&2; exit 2; }
            only=$2
            shift
            ;;
        --only=*) only=${1#--only=} ;;
        -h | --help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        --) shift; pytest_args+=("$@"); break ;;
        *) pytest_args+=("$1") ;;
    esac
    shift
done
case "$only" in
    "" | pytest | sanity | lint) ;;
    *) echo "test.sh: unknown stage '$only' (pytest, sanity or lint)" >&2; exit 2 ;;
esac

START=$(date +%s.%N)
OUT="$REPO/tests/output"
mkdir -p "$OUT"

# ---------------------------------------------------------------------------------------------
# Stage bookkeeping

stage_names=()
stage_results=()
stage_times=()
rm -f "$OUT/pytest.log" "$OUT/setup.env"

# Warnings pip prints on machines whose pip configuration names local package folders that are
# absent; harmless, and hundreds of lines of them in a sanity run. Kept in the logs, not on screen.
PIP_NOISE="is ignored: it is neither a file nor a directory"

banner() { printf '\n==================== %s ====================\n' "$*"; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

summary() {
    banner "summary"
    local i
    for i in "${!stage_names[@]}"; do
        printf '  %-8s %-8s %8s s\n' "${stage_names[$i]}" "${stage_results[$i]}" "${stage_times[$i]}"
    done
    printf '  %-8s %-8s %8s s\n' total "" "$(elapsed "$START")"
    # pytest's closing lines again (one per pytest run), so that they are among the last lines.
    if [ -f "$OUT/pytest.log" ]; then
        grep -E ' in [0-9]+(\.[0-9]+)?s( \([0-9:]+\))?( =+)?$' "$OUT/pytest.log" \
            | sed 's/^/  pytest: /' || true
    fi
}

# limited SECONDS COMMAND...: run COMMAND, stopped after SECONDS when running in CI (CI=true) or
# when the stage's ITFLOW_TEST_TIMEOUT_* variable is set. Interactive runs get no limit, so that
# Ctrl-C reaches the command (timeout(1) moves it out of the terminal's process group).
limited() {
    local limit=$1
    shift
    if [ "$limit" -gt 0 ]; then
        timeout --kill-after=30 "$limit" "$@"
    else
        "$@"
    fi
}
stage_limit() {  # stage_limit VARIABLE DEFAULT
    local value=${!1:-}
    if [ -n "$value" ]; then
        echo "$value"
    elif [ -n "${CI:-}" ] && [ "${CI:-}" != false ] && [ "${CI:-}" != 0 ]; then
        echo "$2"
    else
        echo 0
    fi
}

# run_stage NAME COMMAND...: run one stage in a subshell with errexit in force; on failure print
# a banner naming the stage and the summary, and exit with the stage's exit code.
run_stage() {
    local name=$1 start rc=0
    shift
    banner "stage: $name"
    start=$(now)
    set +e
    (set -e; "$@")
    rc=$?
    set -e
    stage_names+=("$name")
    stage_times+=("$(elapsed "$start")")
    if [ "$rc" -eq 0 ]; then
        stage_results+=("passed")
        printf '>>> stage %s passed in %s s\n' "$name" "${stage_times[-1]}"
        return 0
    fi
    stage_results+=("FAILED")
    [ "$rc" -ne 124 ] || echo ">>> stage $name was stopped: it ran past its time limit"
    banner "FAILED: stage $name (exit code $rc)"
    summary
    banner "FAILED: stage $name (exit code $rc)"
    exit "$rc"
}

skip_stage() {
    stage_names+=("$1")
    stage_results+=("skipped")
    stage_times+=("-")
}

# ---------------------------------------------------------------------------------------------
# Stages

stage_setup() {
    "$REPO/scripts/setup.sh" >"$OUT/setup.env"
    cat "$OUT/setup.env"
    # shellcheck source=/dev/null
    . "$OUT/setup.env"
    python --version
    ansible --version | sed -n 1p  # sed reads it all: no broken pipe
}

# Test folders whose tests run ansible-playbook or molecule: run two at a time, after the rest.
SLOW_DIRS=(tests/integration tests/molecule tests/plan)

stage_pytest() {
    local dirs=() slow=() d arg explicit=0 rc=0 log="$OUT/pytest.log"
    # If the caller named test files or directories, run those only.
    for arg in "${pytest_args[@]+"${pytest_args[@]}"}"; do
        case "$arg" in -*) continue ;; esac
        if [ -e "${arg%%::*}" ]; then explicit=1; fi
    done
    if [ "$explicit" -eq 0 ]; then
        # Every folder under tests/ (tests/output excepted) but the slow ones, fast unit tests
        # first. The slow folders (ansible-playbook and molecule runs) go to the second run below.
        [ -d tests/unit ] && dirs+=(tests/unit)
        for d in tests/*/; do
            d=${d%/}
            case " tests/unit tests/output ${SLOW_DIRS[*]} " in *" $d "*) continue ;; esac
            dirs+=("$d")
        done
        for d in "${SLOW_DIRS[@]}"; do
            [ -d "$d" ] && slow+=("$d")
        done
        if [ ${#dirs[@]} -eq 0 ] && [ ${#slow[@]} -eq 0 ]; then
            echo "no test folder under tests/"
            return 5
        fi
    fi
    # The integration tests and molecule scenarios are ansible-playbook runs, independent of each
    # other and CPU-bound: after everything else, run them in a second pytest run,
    # ITFLOW_TEST_WORKERS (default 2) at a time with pytest-xdist. Named paths run in one go.
    local rc1=0 rc2=0
    if [ "$explicit" -eq 1 ] || [ ${#dirs[@]} -gt 0 ]; then
        limited "$(stage_limit ITFLOW_TEST_TIMEOUT_PYTEST 1500)" \
            python -m pytest "${dirs[@]+"${dirs[@]}"}" -n "${ITFLOW_TEST_WORKERS:-2}" --dist load \
            "${pytest_args[@]+"${pytest_args[@]}"}" 2>&1 | tee "$log" || rc1=$?
    else
        rc1=5
    fi
    if [ ${#slow[@]} -eq 0 ]; then
        rc=$rc1
    elif [ "$rc1" -ne 0 ] && [ "$rc1" -ne 5 ]; then
        rc=$rc1  # fail fast: the slow tests are not worth running after a failure
    else
        echo ">>> integration tests and molecule scenarios (${slow[*]}), ${ITFLOW_TEST_WORKERS:-2} at a time"
        limited "$(stage_limit ITFLOW_TEST_TIMEOUT_TARGETS 2100)" \
            python -m pytest "${slow[@]}" -n "${ITFLOW_TEST_WORKERS:-2}" --dist load \
            "${pytest_args[@]+"${pytest_args[@]}"}" 2>&1 | tee -a "$log" || rc2=$?
        # With -k, one of the two runs may select nothing (exit code 5): that is fine as long as
        # the other ran something.
        if [ "$rc2" -ne 0 ] && [ "$rc2" -ne 5 ]; then
            rc=$rc2
        elif [ "$rc1" -eq 5 ] && [ "$rc2" -eq 5 ]; then
            rc=5
        else
            rc=0
        fi
    fi
    if [ "$rc" -eq 5 ]; then
        echo ">>> pytest collected no tests (exit code 5): that is a failure here, not a pass"
    fi
    return "$rc"
}

# Print "namespace name" from galaxy.yml.
collection_id() {
    python - <<'PY'
import yaml
with open("galaxy.yml") as f:
    meta = yaml.safe_load(f)
print(meta["namespace"], meta["name"])
PY
}

# ansible-test bootstraps pip into each sanity virtual environment with get-pip-<version>.py,
# downloaded from a host that is not reachable here. Use the cached real script if there is one,
# else try to download it, else put scripts/_ansible_test_getpip.py in its place.
ensure_get_pip() {
    python - "$REPO/scripts/_ansible_test_getpip.py" <<'PY'
import os, shutil, sys, types, urllib.request
from ansible_test._internal.python_requirements import get_venv_packages

version = get_venv_packages(types.SimpleNamespace(version="3.11"))["pip"]
cache = os.path.expanduser("~/.ansible/test/cache/get_pip_%s.py" % version.replace(".", "_"))
url = "https://ci-files.testing.ansible.com/ansible-test/get-pip-%s.py" % version
stand_in = sys.argv[1]
if os.path.exists(cache):
    with open(cache) as f:
        kind = "offline stand-in" if "Offline stand-in for ansible-test" in f.read() else "downloaded script"
    print("pip %s bootstrap: using cached %s %s" % (version, kind, cache))
    sys.exit(0)
os.makedirs(os.path.dirname(cache), exist_ok=True)
try:
    with urllib.request.urlopen(url, timeout=20) as response, open(cache + ".download", "wb") as out:
        shutil.copyfileobj(response, out)
    os.replace(cache + ".download", cache)
    print("pip %s bootstrap: downloaded %s to %s" % (version, url, cache))
except Exception as ex:  # any failure: unreachable host, DNS, proxy, TLS
    if os.path.exists(cache + ".download"):
        os.remove(cache + ".download")
    shutil.copyfile(stand_in, cache)
    print("pip %s bootstrap: %s unreachable (%s); installed the offline stand-in %s as %s"
          % (version, url, ex.__class__.__name__, os.path.relpath(stand_in), cache))
PY
}

stage_sanity() {
    local namespace name top dest rc=0 log="$OUT/sanity.log"
    read -r namespace name < <(collection_id)
    top="$OUT/sanity"
    dest="$top/ansible_collections/$namespace/$name"

    git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
        || { echo "sanity needs a git checkout: it tests the files git knows about"; return 1; }
    rm -rf "$top"
    mkdir -p "$dest"
    # Tracked files that still exist, plus untracked files that are not ignored: uncommitted
    # work is checked too, build output and virtual environments are not.
    git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do
            if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
        done \
        | sort -zu \
        | tar --null --no-recursion -T - -cf - \
        | tar -xf - -C "$dest"
    (
        cd "$dest"
        git init -q
        git add -A
    )
    echo "copied $(cd "$dest" && git ls-files | wc -l) files to ${dest#"$REPO"/}"

    ensure_get_pip

    # ansible-test keeps its sanity virtual environments in ~/.ansible/test/venv, shared by every
    # checkout on the machine; two runs building the same one at once break each other. Take turns.
    local lock="$HOME/.ansible/test/itflow-sanity.lock"
    mkdir -p "$(dirname "$lock")"
    exec 9>"$lock"
    if ! flock -n 9; then
        echo "waiting for another sanity run on this machine to finish ($lock)"
        flock 9
    fi
    # A virtual environment whose marker says "complete" but which has no interpreter (left by
    # two ansible-test runs racing on a cold cache) would fail every later run: remove it.
    local venv_dir
    for venv_dir in "$HOME"/.ansible/test/venv/*/*/*/; do
        if [ -e "${venv_dir}marker.txt" ] && [ ! -x "${venv_dir}bin/python" ]; then
            echo "removing broken ansible-test environment ${venv_dir%/}"
            rm -rf "$venv_dir"
        fi
    done

    set +e
    (cd "$dest" && limited "$(stage_limit ITFLOW_TEST_TIMEOUT_SANITY 1200)" \
        ansible-test sanity --venv --python 3.11 --color no) 2>&1 \
        | tee "$log" | grep --line-buffered -v "$PIP_NOISE"
    rc=${PIPESTATUS[0]}
    set -e
    exec 9>&-
    # Every sanity test must really run. One that skips itself because a tool is missing (say
    # pwsh for PowerShell files) is a gap in coverage, so it fails the stage. (A test with no
    # files to check, such as pslint without PowerShell files, passes silently: nothing to do.)
    if grep -E 'Skipping sanity test|Required program ".*" not found' "$log" >/dev/null; then
        echo ">>> ansible-test did not run every sanity test:"
        grep -E 'Skipping sanity test|Required program ".*" not found' "$log" | sed 's/^/>>>   /'
        [ "$rc" -ne 0 ] || rc=1
    fi
    if compgen -G "$dest/tests/sanity/ignore-*.txt" >/dev/null; then
        echo ">>> tests/sanity/ignore-*.txt exists: this collection keeps no sanity ignore file"
        [ "$rc" -ne 0 ] || rc=1
    fi
    return "$rc"
}

stage_lint() {
    local color=()
    [ -t 1 ] || color=(--nocolor)  # no escape codes in CI logs
    limited "$(stage_limit ITFLOW_TEST_TIMEOUT_LINT 420)" \
        ansible-lint --offline --profile production "${color[@]+"${color[@]}"}"
}

# ---------------------------------------------------------------------------------------------

run_stage setup stage_setup
# The stage ran in a subshell: take the environment it printed (PATH, ANSIBLE_COLLECTIONS_PATH).
# shellcheck source=/dev/null
. "$OUT/setup.env"

want() { [ -z "$only" ] || [ "$only" = "$1" ]; }

if want pytest; then
    run_stage pytest stage_pytest
else
    skip_stage pytest
fi
if want sanity && { [ "$quick" != 1 ] || [ "$only" = sanity ]; }; then
    run_stage sanity stage_sanity
else
    skip_stage sanity
fi
if want lint && { [ "$quick" != 1 ] || [ "$only" = lint ]; }; then
    run_stage lint stage_lint
else
    skip_stage lint
fi

summary
banner "all stages passed"
