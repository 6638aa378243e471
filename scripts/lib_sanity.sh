# shellcheck shell=bash
# ansible-test sanity on a copy of this checkout: the preparation scripts/test.sh (sanity stage) and
# scripts/matrix.sh (sanity on the oldest and newest ansible-core) share. Source it, then call
#
#   sanity_run REPO TOP PYTHON_VERSION LOG [SECONDS]
#   sanity_prime REPO TOP PYTHON_VERSION LOG    (steps 1 to 3 with --prime-venvs: installs, no test)
#
# with ansible-test on PATH and `python` on PATH being the interpreter ansible-test runs with (the
# one of its virtual environment). It
#   1. copies the files git knows about (tracked files that still exist, plus untracked files that
#      are not ignored) to TOP/ansible_collections/<namespace>/<name>/ and makes that a git
#      repository (ansible-test finds files through git);
#   2. puts ansible-test's pip bootstrap script in place (the cached real one, else a download,
#      else the offline stand-in scripts/_ansible_test_getpip.py), for the pip version this
#      ansible-test pins;
#   3. takes the machine-wide lock ~/.ansible/test/itflow-sanity.lock (ansible-test's virtual
#      environments in ~/.ansible/test/venv are shared by every run on the machine), removes
#      environments left broken by an earlier race, and runs
#      `ansible-test sanity --venv --python PYTHON_VERSION --color no` in the copy, stopped after
#      SECONDS if SECONDS is given and not 0;
#   4. fails if a sanity test skipped itself or if the copy has a tests/sanity/ignore-*.txt.
# The full output goes to LOG; the screen gets it without pip's noise. Returns ansible-test's exit
# code, or 1 for a skip or an ignore file. See docs/dev/testing.md ("sanity").

# Warnings pip prints on machines whose pip configuration names local package folders that are
# absent; harmless, and hundreds of lines of them in a sanity run. Kept in the logs, not on screen.
SANITY_PIP_NOISE="is ignored: it is neither a file nor a directory"

# sanity_collection_id REPO: print "namespace name" from REPO/galaxy.yml.
sanity_collection_id() {
    python - "$1/galaxy.yml" <<'PY'
import sys, yaml
with open(sys.argv[1]) as f:
    meta = yaml.safe_load(f)
print(meta["namespace"], meta["name"])
PY
}

# sanity_copy_tree REPO DEST: copy what git knows of REPO to DEST (emptied first), git init there.
sanity_copy_tree() {
    local repo=$1 dest=$2
    git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1 \
        || { echo "$repo is not a git checkout: the copy is of the files git knows about"; return 1; }
    rm -rf "$dest"
    mkdir -p "$dest"
    # Tracked files that still exist, plus untracked files that are not ignored: uncommitted
    # work is checked too, build output and virtual environments are not.
    (cd "$repo" && git ls-files -z --cached --others --exclude-standard) \
        | while IFS= read -r -d '' f; do
            if [ -e "$repo/$f" ] || [ -L "$repo/$f" ]; then printf '%s\0' "$f"; fi
        done \
        | sort -zu \
        | tar --null --no-recursion -C "$repo" -T - -cf - \
        | tar -xf - -C "$dest"
    (
        cd "$dest"
        git init -q
        git add -A
    )
    echo "copied $(cd "$dest" && git ls-files | wc -l) files to ${dest#"$repo"/}"
}

# sanity_ensure_get_pip STAND_IN PYTHON_VERSION: ansible-test bootstraps pip into each sanity virtual
# environment with get-pip-<version>.py, downloaded from a host that is not reachable here. Use the
# cached real script if there is one, else try to download it, else put STAND_IN in its place.
sanity_ensure_get_pip() {
    python - "$1" "$2" <<'PY'
import os, shutil, sys, types, urllib.request
from ansible_test._internal.python_requirements import get_venv_packages

stand_in, python_version = sys.argv[1:3]
version = get_venv_packages(types.SimpleNamespace(version=python_version))["pip"]
cache = os.path.expanduser("~/.ansible/test/cache/get_pip_%s.py" % version.replace(".", "_"))
url = "https://ci-files.testing.ansible.com/ansible-test/get-pip-%s.py" % version
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
    shutil.copyfile(stand_in, cache + ".tmp")
    os.replace(cache + ".tmp", cache)
    print("pip %s bootstrap: %s unreachable (%s); installed the offline stand-in %s as %s"
          % (version, url, ex.__class__.__name__, stand_in, cache))
PY
}

# sanity_remove_broken_envs: a virtual environment whose marker says "complete" but which has no
# interpreter (left by two ansible-test runs racing on a cold cache) would fail every later run.
sanity_remove_broken_envs() {
    local venv_dir
    for venv_dir in "$HOME"/.ansible/test/venv/*/*/*/; do
        if [ -e "${venv_dir}marker.txt" ] && [ ! -x "${venv_dir}bin/python" ]; then
            echo "removing broken ansible-test environment ${venv_dir%/}"
            rm -rf "$venv_dir"
        fi
    done
}

# sanity_prime REPO TOP PYTHON_VERSION LOG: steps 1 to 3 with --prime-venvs: ansible-test makes the
# sanity tests' virtual environments (package installs, about 40 s on a 2-core machine) and runs no
# test. A setup stage calls it, so that the sanity run itself only tests.
sanity_prime() {
    SANITY_PRIME=1 sanity_run "$@"
}

# sanity_run REPO TOP PYTHON_VERSION LOG [SECONDS]: the whole sanity run, described at the top.
sanity_run() {
    local repo=$1 top=$2 pyver=$3 log=$4 limit=${5:-0} namespace name dest rc=0 lock prime=()
    [ "${SANITY_PRIME:-0}" != 1 ] || prime=(--prime-venvs)
    read -r namespace name < <(sanity_collection_id "$repo")
    dest="$top/ansible_collections/$namespace/$name"
    sanity_copy_tree "$repo" "$dest" || return 1
    sanity_ensure_get_pip "$repo/scripts/_ansible_test_getpip.py" "$pyver" || return 1

    # ansible-test keeps its sanity virtual environments in ~/.ansible/test/venv, shared by every
    # checkout and every ansible-core on the machine; two runs building the same one at once break
    # each other. Take turns (fd 9, closed when this function returns).
    lock="$HOME/.ansible/test/itflow-sanity.lock"
    mkdir -p "$(dirname "$lock")"
    exec 9>"$lock"
    if ! flock -n 9; then
        echo "waiting for another sanity run on this machine to finish ($lock)"
        flock 9
    fi
    sanity_remove_broken_envs

    local timeout_cmd=() errexit=0
    [ "$limit" -gt 0 ] && timeout_cmd=(timeout --kill-after=30 "$limit")
    case $- in *e*) errexit=1 ;; esac
    set +e
    (cd "$dest" && "${timeout_cmd[@]+"${timeout_cmd[@]}"}" ansible-test sanity --venv --python "$pyver" --color no "${prime[@]+"${prime[@]}"}") 2>&1 \
        | tee "$log" | grep --line-buffered -v "$SANITY_PIP_NOISE"
    rc=${PIPESTATUS[0]}
    [ "$errexit" -eq 0 ] || set -e
    exec 9>&-
    [ "$rc" -ne 124 ] || echo ">>> ansible-test sanity was stopped: it ran past its time limit ($limit s)"
    [ ${#prime[@]} -eq 0 ] || return "$rc"
    # Every sanity test must really run. One that skips itself because a tool is missing (say
    # pwsh for PowerShell files) is a gap in coverage, so it fails. (A test with no files to
    # check, such as pslint without PowerShell files, passes silently: nothing to do.)
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
