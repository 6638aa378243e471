#!/usr/bin/env bash
# The release command: build the collection tarball, check it as Ansible Galaxy would, install it and run
# the demo playbook from the installed copy. It publishes nothing; the tarball it leaves is the one to publish.
#
#   ./scripts/release.sh           all of it; the tarball is left in build/release/
#   ./scripts/release.sh --prepare only make (or check) galaxy-importer's virtual environment: package
#                                  installs, which scripts/test.sh's setup stage does before the tests
#
# Steps, each stopping the script on failure:
#   1. ansible-galaxy collection build --output-path build/release   (galaxy.yml's build_ignore decides
#      what ships) -> build/release/itflow-itflow-<version>.tar.gz; galaxy.yml's version must equal
#      plugins/module_utils/_version.py's.
#   2. galaxy-importer on the tarball: the checks Galaxy runs on an upload (metadata, documentation through
#      ansible-doc, ansible-lint, the changelog, README, file list). It runs locally, without containers:
#      ansible-test sanity, which galaxy-importer can only run in a container, is turned off here (the test
#      suite's sanity stage runs it, with no ignore file). Any WARNING or ERROR line fails the release.
#      galaxy-importer lives in its own virtual environment, .cache/galaxy-importer/venv (made on the
#      first run, pinned below), so that its requirements never touch .venv.
#   3. ansible-galaxy collection install of the tarball into an empty collections path, then the demo
#      playbook of the installed collection (ansible-playbook itflow.itflow.demo) against the ITFlow
#      simulator, which is started from the installed collection's tests/simulator: a first run that
#      changes, a second that changes nothing (changed=0), and a drifted declaration in check mode whose
#      diff shows the drift. Ansible sees only the installed copy.
#
# Idempotent: safe to run again at any time; it rebuilds everything but the virtual environments.
# Needs Python 3.11 and PyPI access on the first run, like scripts/setup.sh.
#
# Environment:
#   PYTHON                     the interpreter for the galaxy-importer environment (default: python3)
#   ITFLOW_RELEASE_DIR         where the tarball and the logs go (default: build/release)

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"

# galaxy-importer and the tools it runs, pinned: the versions this release command was checked with
# (ansible-core and ansible-lint as in requirements-dev.txt).
IMPORTER_REQUIREMENTS=(galaxy-importer==0.4.44 ansible-core==2.19.14 ansible-lint==26.10.1)
IMPORTER_VENV="$REPO/.cache/galaxy-importer/venv"
OUT=${ITFLOW_RELEASE_DIR:-"$REPO/build/release"}

START=$(date +%s)
die() { printf 'release: ERROR: %s\n' "$*" >&2; exit 1; }
log() { printf 'release: %s\n' "$*" >&2; }
step() { printf '\n==================== release: %s ====================\n' "$*" >&2; }

prepare=0
case "${1:-}" in
    "") ;;
    --prepare) prepare=1 ;;
    -h | --help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
esac

# shellcheck source=/dev/null
. "$REPO/scripts/setup.sh" >/dev/null
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 PYTHONWARNINGS=ignore

work=$(mktemp -d "${TMPDIR:-/tmp}/itflow-release.XXXXXX")
# shellcheck source=scripts/lib_sim.sh
. "$REPO/scripts/lib_sim.sh"
cleanup() { sim_stop; rm -rf "$work"; }
trap cleanup EXIT

read -r namespace name version < <(python - <<'PY'
import yaml
with open("galaxy.yml") as handle:
    meta = yaml.safe_load(handle)
print(meta["namespace"], meta["name"], meta["version"])
PY
)
code_version=$(python - <<'PY'
import ast
with open("plugins/module_utils/_version.py") as handle:
    tree = ast.parse(handle.read())
print(next(node.value.value for node in tree.body if isinstance(node, ast.Assign)
           and [target.id for target in node.targets] == ["COLLECTION_VERSION"]))
PY
)
[ "$version" = "$code_version" ] \
    || die "galaxy.yml says version $version, plugins/module_utils/_version.py says $code_version: make them equal"

# galaxy-importer's virtual environment, made if missing or made for other pins or another Python.
importer_venv() {
    local stamp
    stamp=$(printf '%s\n' "${IMPORTER_REQUIREMENTS[@]}" "$("${PYTHON:-python3}" --version 2>&1)" | sha256sum | cut -d' ' -f1)
    if [ -x "$IMPORTER_VENV/bin/python" ] && "$IMPORTER_VENV/bin/python" -c '' 2>/dev/null \
        && [ "$(cat "$IMPORTER_VENV/.requirements.sha256" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    log "installing ${IMPORTER_REQUIREMENTS[*]} into ${IMPORTER_VENV#"$REPO"/} (first run: about a minute)"
    rm -rf "$IMPORTER_VENV"
    "${PYTHON:-python3}" -m venv "$IMPORTER_VENV"
    "$IMPORTER_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${IMPORTER_REQUIREMENTS[@]}" \
        >"$work/pip.log" 2>&1 || { grep -v 'is ignored: it is neither' "$work/pip.log" >&2; die "installing galaxy-importer failed"; }
    printf '%s\n' "$stamp" >"$IMPORTER_VENV/.requirements.sha256"
}

if [ "$prepare" = 1 ]; then
    importer_venv
    log "galaxy-importer ready: ${IMPORTER_VENV#"$REPO"/}"
    exit 0
fi

# --- 1. build ------------------------------------------------------------------------------------
step "1/3 build $namespace.$name $version"
mkdir -p "$OUT"
rm -f "$OUT/$namespace-$name-"*.tar.gz "$OUT/importer.log" "$OUT/importer_result.json"
ansible-galaxy collection build --force --output-path "$OUT" "$REPO" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; die "ansible-galaxy collection build failed"; }
tarball="$OUT/$namespace-$name-$version.tar.gz"
[ -f "$tarball" ] || die "ansible-galaxy collection build wrote no $tarball"
log "built ${tarball#"$REPO"/} ($(du -k "$tarball" | cut -f1) KiB, $(tar -tzf "$tarball" | grep -vc '/$') files)"

# --- 2. galaxy-importer --------------------------------------------------------------------------
step "2/3 galaxy-importer"
importer_venv
cat >"$work/galaxy-importer.cfg" <<'CFG'
[galaxy-importer]
# Galaxy's own checks, run locally. ansible-test sanity needs a container here (galaxy-importer runs it
# with --docker or in an image): the test suite's sanity stage runs it instead, with no ignore file.
run_ansible_test = False
ansible_test_local_image = False
local_image_docker = False
infra_osd = False
run_ansible_doc = True
run_ansible_lint = True
offline_ansible_lint = True
check_changelog = True
check_required_tags = False
require_v1_or_greater = False
# Galaxy's default: flake8 off (ansible-test's pep8 test is the style check of this collection).
run_flake8 = False
log_level_main = INFO
CFG
mkdir -p "$work/importer-tmp"
(
    cd "$OUT"
    # Only this file configures it: no /etc/galaxy-importer/galaxy-importer.cfg, no GALAXY_IMPORTER_* override.
    unset "${!GALAXY_IMPORTER_@}"
    export GALAXY_IMPORTER_CONFIG="$work/galaxy-importer.cfg" GALAXY_IMPORTER_TMP_ROOT_DIR="$work/importer-tmp"
    # The importer's ansible-doc and ansible-lint are those of its own environment, and a home of their
    # own: no collection of ours is visible to them but the extracted tarball (as on Galaxy), and nothing
    # they install or cache (ansible-lint prepares ~/.ansible) touches this machine's ~/.ansible.
    mkdir -p "$work/importer-home"
    HOME="$work/importer-home" PATH="$IMPORTER_VENV/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$work/no-collections" \
        VIRTUAL_ENV="$IMPORTER_VENV" \
        "$IMPORTER_VENV/bin/python" -m galaxy_importer.main "$tarball"
) >"$OUT/importer.log" 2>&1 || { cat "$OUT/importer.log" >&2; die "galaxy-importer failed"; }
if grep -E '^(WARNING|ERROR|CRITICAL)' "$OUT/importer.log" >"$work/importer-problems.txt" \
    || ! grep -q 'Importer processing completed successfully' "$OUT/importer.log"; then
    cat "$OUT/importer.log" >&2
    die "galaxy-importer reported the problems above ($(wc -l <"$work/importer-problems.txt") lines); Galaxy would show them on upload"
fi
python - "$OUT/importer_result.json" <<'PY' >&2
import collections, json, sys
with open(sys.argv[1]) as handle:
    result = json.load(handle)
kinds = collections.Counter(item["content_type"] for item in result.get("contents", []))
docs = result.get("docs_blob", {})
print("release: galaxy-importer: no warnings; contents: %s; %d with documentation; README %s; %d files under docs/"
      % (", ".join("%d %s" % (count, kind) for kind, count in sorted(kinds.items())),
         len([c for c in docs.get("contents", []) if c.get("doc_strings")]),
         "rendered" if docs.get("collection_readme", {}).get("html") else "MISSING",
         len(docs.get("documentation_files", []))))
PY

# --- 3. install and run the demo from the installed collection -----------------------------------
step "3/3 install into an empty collections path and run the demo playbook"
# Ansible's own files (galaxy cache, local temporary files) go to a home of this run, not ~/.ansible.
export ANSIBLE_HOME="$work/ansible-home"
collections="$work/collections"
ANSIBLE_COLLECTIONS_PATH="$collections" ansible-galaxy collection install --offline --force \
    -p "$collections" "$tarball" >"$work/install.log" 2>&1 \
    || { cat "$work/install.log" >&2; die "ansible-galaxy collection install failed"; }
installed="$collections/ansible_collections/$namespace/$name"
installed_version=$(python -c 'import json,sys; print(json.load(open(sys.argv[1]))["collection_info"]["version"])' \
    "$installed/MANIFEST.json")
[ "$installed_version" = "$version" ] || die "installed version $installed_version, expected $version"
log "installed $namespace.$name $installed_version into an empty collections path"

# The simulator of the installed collection (tests/ ships), as scripts/demo.sh starts it.
sim_start "$installed/tests/simulator" 26.08 "$work/keys.json" "$work/simulator.log" \
    || die "the ITFlow simulator of the installed collection did not start"
sim_export_admin "$work/keys.json"
log "started the installed collection's ITFlow simulator at $ITFLOW_URL"

# Only the installed copy: no repository checkout, no ansible.cfg, no user collections.
run_demo() {
    (
        cd "$work"
        unset ANSIBLE_CONFIG
        ANSIBLE_COLLECTIONS_PATH="$collections" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false \
            ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
            ansible-playbook "$namespace.$name.demo" "$@"
    )
}
recap() { grep -E '^localhost +:' "$1" | sed 's/  */ /g'; }
run_demo >"$work/demo1.log" 2>&1 || { cat "$work/demo1.log" >&2; die "the demo playbook of the installed collection failed"; }
grep -qE '^localhost +:.* changed=[1-9]' "$work/demo1.log" || { cat "$work/demo1.log" >&2; die "the first demo run changed nothing"; }
log "demo, first run:  $(recap "$work/demo1.log")"
run_demo >"$work/demo2.log" 2>&1 || { cat "$work/demo2.log" >&2; die "the second demo run failed"; }
grep -qE '^localhost +:.* changed=0 ' "$work/demo2.log" || { cat "$work/demo2.log" >&2; die "the second demo run was not idempotent"; }
log "demo, second run: $(recap "$work/demo2.log")"
run_demo --check --diff -e '{"demo_os": "Ubuntu 26.04"}' >"$work/demo3.log" 2>&1 \
    || { cat "$work/demo3.log" >&2; die "the check-mode demo run failed"; }
if ! grep -qE '^localhost +:.* changed=[1-9]' "$work/demo3.log" || ! grep -q '^+.*Ubuntu 26.04' "$work/demo3.log"; then
    cat "$work/demo3.log" >&2
    die "the check-mode demo run showed no drift"
fi
log "demo, drifted declaration in check mode: $(recap "$work/demo3.log")"
# The demo ran the installed copy: the only itflow.itflow that Ansible sees with this environment is it.
seen=$(cd "$work" && ANSIBLE_COLLECTIONS_PATH="$collections" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false \
    ansible-galaxy collection list "$namespace.$name" --format json 2>/dev/null \
    | python -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin))))')
[ "$seen" = "$collections/ansible_collections" ] || die "Ansible saw $namespace.$name in: $seen (expected only $collections)"

step "done in $(( $(date +%s) - START )) s"
log "tarball: ${tarball#"$REPO"/}"
log "galaxy-importer log: ${OUT#"$REPO"/}/importer.log, result: ${OUT#"$REPO"/}/importer_result.json"
