#!/usr/bin/env bash
# The collection's test command: ./scripts/test.sh   (CI runs exactly this, through .ci/run)
#
# Usage: ./scripts/test.sh [--quick] [--only STAGE] [--] [PYTEST ARGS...]
#
#   (no arguments)      setup, then every test stage below, overlapped (see "Order" below), with a
#                       summary giving the result and time of each stage; a failed stage fails the run
#   --quick             the fast tests only, in under 3 minutes (same as ITFLOW_TEST_QUICK=1): the first
#                       pytest run below without the tests marked slow (the release build, the docs
#                       site build, ansible-rulebook runs); no playbook runs, sanity, lint or matrix
#   --only STAGE        run one stage: pytest, sanity, integration, lint or matrix (setup always runs first;
#                       nothing in the background)
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
#   integration  ansible-test integration of a few targets against the simulator (scripts/integration.sh)
#   lint    ansible-lint --offline --profile production (configuration: .ansible-lint)
#   matrix  scripts/matrix.sh: unit tests and a smoke run on ansible-core 2.16, 2.19, 2.20 and 2.21,
#           ansible-test sanity on 2.16 and 2.21 (its own virtual environments, .cache/matrix/,
#           installed by the setup stage: `scripts/matrix.sh --steps setup`)
#
# Order of the full run (no --only, no --quick): the machine has two cores, and the first pytest run
# leaves about half of them idle (its tests wait on timers, sockets and subprocesses). So:
#   1. setup (the matrix's virtual environments included: package installs, not tests);
#   2. in the background, at the lowest CPU priority (nice 19), one after the other: sanity,
#      integration, lint, and the matrix's sanity on 2.16 and 2.21 (matrix-sanity); their output
#      goes to tests/output/background/<stage>.log and is printed when they are waited for;
#   3. in the foreground, at normal priority: pytest (both runs), then the matrix's unit and smoke
#      steps (matrix);
#   4. wait for the background chain. The summary lists every stage, and "tests": the wall time of
#      all test stages together (setup excluded). A failure in the foreground stops the background
#      chain; a failure in the background is reported when it is waited for.
# ITFLOW_TEST_SERIAL=1 runs the stages one after the other instead (each stage's time on its own).
#
# Environment:
#   ITFLOW_TEST_QUICK=1          same as --quick
#   ITFLOW_TEST_SERIAL=1         the full run's stages one after the other, nothing in the background
#   ITFLOW_TEST_WORKERS          tests run at a time in each pytest run (pytest-xdist; default 2)
#   ITFLOW_TEST_TIMEOUT_PYTEST   seconds before pytest is stopped (in CI, default 1500; else none)
#   ITFLOW_TEST_TIMEOUT_TARGETS  same for the slow tests' pytest run (in CI, default 2100)
#   ITFLOW_TEST_TIMEOUT_SANITY   same for ansible-test sanity (in CI, default 1200)
#   ITFLOW_TEST_TIMEOUT_LINT     same for ansible-lint (in CI, default 420)
#   ITFLOW_TEST_TIMEOUT_MATRIX   same for scripts/matrix.sh (in CI, default 1800)
#   ITFLOW_TEST_TIMEOUT_INTEGRATION  same for ansible-test integration (in CI, default 600)
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
            [ $# -ge 2 ] || { echo "test.sh: --only needs a stage: pytest, sanity, integration, lint or matrix" >&2; exit 2; }
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
    "" | pytest | sanity | integration | lint | matrix) ;;
    *) echo "test.sh: unknown stage '$only' (pytest, sanity, integration, lint or matrix)" >&2; exit 2 ;;
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

banner() { printf '\n==================== %s ====================\n' "$*"; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

summary() {
    banner "summary"
    local i
    for i in "${!stage_names[@]}"; do
        printf '  %-13s %-8s %8s s\n' "${stage_names[$i]}" "${stage_results[$i]}" "${stage_times[$i]}"
    done
    printf '  %-13s %-8s %8s s\n' total "" "$(elapsed "$START")"
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

# record_stage NAME RC SECONDS [NOTE]: add a finished stage to the summary and say how it ended;
# returns its exit code.
record_stage() {
    local name=$1 rc=$2 secs=$3 note=${4:-}
    stage_names+=("$name")
    stage_times+=("$secs")
    if [ "$rc" -eq 0 ]; then
        stage_results+=("passed")
        printf '>>> stage %s passed in %s s%s\n' "$name" "$secs" "$note"
        return 0
    fi
    stage_results+=("FAILED")
    [ "$rc" -ne 124 ] || echo ">>> stage $name was stopped: it ran past its time limit"
    return "$rc"
}

# fail_run NAME RC: the failure banner naming the stage, the summary, and exit with the stage's code.
fail_run() {
    banner "FAILED: stage $1 (exit code $2)"
    summary
    banner "FAILED: stage $1 (exit code $2)"
    exit "$2"
}

# run_stage NAME COMMAND...: run one stage in a subshell with errexit in force; on failure, fail_run.
run_stage() {
    local name=$1 start rc=0
    shift
    banner "stage: $name"
    start=$(now)
    set +e
    (set -e; "$@")
    rc=$?
    set -e
    record_stage "$name" "$rc" "$(elapsed "$start")" || fail_run "$name" "$rc"
}

skip_stage() {
    stage_names+=("$1")
    stage_results+=("skipped")
    stage_times+=("-")
}

# want STAGE: this run includes the stage (no --only, or --only STAGE). static_wanted STAGE: the same
# for sanity, integration, lint and matrix, which --quick leaves out unless --only names them.
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }
static_wanted() { want "$1" && { [ "$quick" != 1 ] || [ "$only" = "$1" ]; }; }

# ---------------------------------------------------------------------------------------------
# Stages

stage_setup() {
    "$REPO/scripts/setup.sh" >"$OUT/setup.env"
    cat "$OUT/setup.env"
    # shellcheck source=/dev/null
    . "$OUT/setup.env"
    python --version
    ansible --version | sed -n 1p  # sed reads it all: no broken pipe
    # Package installs the later stages would otherwise make on a clean machine, made here so that
    # the test stages only test: ansible-test's sanity environments (sanity stage), galaxy-importer's
    # (tests/packaging/test_release.py), and the matrix's environments with their sanity ones.
    if static_wanted sanity; then
        banner "setup: ansible-test sanity environments (Python 3.11)"
        sanity_prime "$REPO" "$OUT/sanity" 3.11 "$OUT/sanity-prime.log"
    fi
    if want pytest && [ "$quick" != 1 ]; then  # --quick leaves the release test out
        "$REPO/scripts/release.sh" --prepare
    fi
    if static_wanted matrix; then
        "$REPO/scripts/matrix.sh" --steps setup
    fi
}

# Test folders whose tests run ansible-playbook or molecule: run two at a time, after the rest.
SLOW_DIRS=(tests/integration tests/molecule tests/plan)

# pytest-xdist's scheduling, in the order tests/conftest.py sorts the tests (the longest first). The
# first run: whole modules to whichever worker is free (loadscope), so that a module's fixtures (a
# release build, a docs build, simulators) start once. The second run: one test at a time (its tests
# are long and share only session fixtures).
DIST1=(--dist loadscope --no-loadscope-reorder)
DIST2=(--dist load --maxschedchunk 1)

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
        if [ "$quick" != 1 ]; then
            for d in "${SLOW_DIRS[@]}"; do
                [ -d "$d" ] && slow+=("$d")
            done
        fi
        if [ ${#dirs[@]} -eq 0 ] && [ ${#slow[@]} -eq 0 ]; then
            echo "no test folder under tests/"
            return 5
        fi
    fi
    # The integration tests and molecule scenarios are ansible-playbook runs, independent of each
    # other and CPU-bound: after everything else, run them in a second pytest run,
    # ITFLOW_TEST_WORKERS (default 2) at a time with pytest-xdist. Named paths run in one go.
    local rc1=0 rc2=0 marks=()
    # --quick leaves out the tests marked slow (pytest.ini), unless the caller chose tests with -m or paths.
    if [ "$quick" = 1 ] && [ "$explicit" -eq 0 ] && [[ " ${pytest_args[*]+"${pytest_args[*]}"} " != *" -m "* ]]; then
        marks=(-m "not slow")
    fi
    local dist=("${DIST1[@]}")
    # Named paths may hold playbook tests: one test at a time (a module of those can be minutes long).
    [ "$explicit" -eq 0 ] || dist=(--dist load)
    if [ "$explicit" -eq 1 ] || [ ${#dirs[@]} -gt 0 ]; then
        limited "$(stage_limit ITFLOW_TEST_TIMEOUT_PYTEST 1500)" \
            python -m pytest "${dirs[@]+"${dirs[@]}"}" -n "${ITFLOW_TEST_WORKERS:-2}" "${dist[@]}" \
            "${marks[@]+"${marks[@]}"}" "${pytest_args[@]+"${pytest_args[@]}"}" 2>&1 | tee "$log" || rc1=$?
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
            python -m pytest "${slow[@]}" -n "${ITFLOW_TEST_WORKERS:-2}" "${DIST2[@]}" \
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

# ansible-test sanity on a copy of the tree, with the pip bootstrap stand-in and the machine-wide
# lock: scripts/lib_sanity.sh, shared with scripts/matrix.sh.
# shellcheck source=scripts/lib_sanity.sh
. "$REPO/scripts/lib_sanity.sh"

stage_sanity() {
    sanity_run "$REPO" "$OUT/sanity" 3.11 "$OUT/sanity.log" "$(stage_limit ITFLOW_TEST_TIMEOUT_SANITY 1200)"
}

stage_lint() {
    local color=()
    [ -t 1 ] || color=(--nocolor)  # no escape codes in CI logs
    limited "$(stage_limit ITFLOW_TEST_TIMEOUT_LINT 420)" \
        ansible-lint --offline --profile production "${color[@]+"${color[@]}"}"
}

# The ansible-core matrix (scripts/matrix.sh): unit tests and a smoke run on every ansible-core
# meta/runtime.yml claims, sanity on the oldest and the newest. Its own virtual environments.
matrix_run() { limited "$(stage_limit ITFLOW_TEST_TIMEOUT_MATRIX 1800)" "$REPO/scripts/matrix.sh" "$@"; }
stage_matrix() { matrix_run; }

# ansible-test integration (scripts/integration.sh): the integration targets run the conventional way,
# against the simulator (26.08), for a few targets; test_targets.py runs all of them on every profile.
stage_integration() {
    limited "$(stage_limit ITFLOW_TEST_TIMEOUT_INTEGRATION 600)" \
        "$REPO/scripts/integration.sh" --profile 26.08 itflow_vendor itflow_asset lookup_itflow
}

# The matrix in two parts for the overlapped full run: sanity on the oldest and newest ansible-core
# (in the background chain), then unit and smoke on every version (in the foreground, at the end).
stage_matrix_sanity() { matrix_run --no-setup --steps sanity --jobs 1; }
stage_matrix_rest() { matrix_run --no-setup --steps unit,smoke; }

# ---------------------------------------------------------------------------------------------
# The background chain of the overlapped full run: the static checks (sanity, integration, lint,
# the matrix's sanity), one after the other at the lowest CPU priority (nice 19), so that they use
# the CPU the pytest runs leave idle (much of the first run waits on timers and sockets) without
# slowing them. Each stage's output goes to tests/output/background/<stage>.log and is printed when
# the chain has been waited for; the chain stops at its first failure.

BG="$OUT/background"
bg_pid=""

bg_chain() {
    local name start rc
    renice -n 19 -p "$BASHPID" >/dev/null 2>&1 || true
    for name in "$@"; do
        start=$(now)
        rc=0
        (set -e; "stage_${name//-/_}") >"$BG/$name.log" 2>&1 </dev/null || rc=$?
        echo "$rc $(elapsed "$start")" >"$BG/$name.result"
        [ "$rc" -eq 0 ] || return "$rc"
    done
}

bg_start() {
    rm -rf "$BG"
    mkdir -p "$BG"
    printf '%s\n' "$@" >"$BG/stages"
    banner "background: $* (nice 19; logs in ${BG#"$REPO"/}/)"
    bg_chain "$@" &
    bg_pid=$!
}

# bg_stop: end the chain and everything it started (on a foreground failure or an interrupt): every
# descendant of the chain's process, found through the parent links before any is signalled.
bg_stop() {
    [ -n "$bg_pid" ] || return 0
    echo ">>> stopping the background stages ($(tr '\n' ' ' <"$BG/stages")); their logs so far: ${BG#"$REPO"/}/"
    ps -eo pid=,ppid= | awk -v root="$bg_pid" '
        { parent[$1] = $2 }
        END { for (p in parent) { q = p; while (q in parent && q != 1) { if (q == root) { print p; break } q = parent[q] } } }' \
        | xargs -r kill -TERM 2>/dev/null || true
    wait "$bg_pid" 2>/dev/null || true
    bg_pid=""
}
trap 'bg_stop' EXIT
trap 'echo "test.sh: interrupted"; bg_stop; exit 130' INT TERM

# bg_wait: wait for the chain, print each stage's log, and record its stages as the foreground's are
# (a failed stage fails the run, as run_stage does).
bg_wait() {
    local name rc secs failed=""
    banner "background: waiting for $(tr '\n' ' ' <"$BG/stages")"
    wait "$bg_pid" || true
    bg_pid=""
    while IFS= read -r name; do
        banner "stage: $name (ran in the background)"
        if [ ! -f "$BG/$name.result" ]; then
            echo ">>> stage $name did not run: an earlier background stage failed"
            skip_stage "$name"
            continue
        fi
        cat "$BG/$name.log"
        read -r rc secs <"$BG/$name.result"
        record_stage "$name" "$rc" "$secs" " (in the background)" || failed=${failed:-$name $rc}
    done <"$BG/stages"
    [ -z "$failed" ] || fail_run "${failed% *}" "${failed##* }"
}

# ---------------------------------------------------------------------------------------------

run_stage setup stage_setup
# The stage ran in a subshell: take the environment it printed (PATH, ANSIBLE_COLLECTIONS_PATH).
# shellcheck source=/dev/null
. "$OUT/setup.env"


if [ -z "$only" ] && [ "$quick" != 1 ] && [ "${ITFLOW_TEST_SERIAL:-0}" != 1 ]; then
    # The whole suite, overlapped (see "Order of the full run" at the top): the static checks in the background at the
    # lowest priority, the pytest runs in the foreground, then the matrix's unit and smoke steps.
    TESTS_START=$(now)
    bg_start sanity integration lint matrix-sanity
    run_stage pytest stage_pytest
    run_stage matrix stage_matrix_rest
    bg_wait
    stage_names+=("tests")
    stage_results+=("passed")
    stage_times+=("$(elapsed "$TESTS_START")")
    summary
    banner "all stages passed"
    exit 0
fi

if want pytest; then
    run_stage pytest stage_pytest
else
    skip_stage pytest
fi
for name in sanity integration lint matrix; do
    if static_wanted "$name"; then
        run_stage "$name" "stage_$name"
    else
        skip_stage "$name"
    fi
done

summary
banner "all stages passed"
