#!/usr/bin/env bash
# Build the plugin reference of this collection, docs/reference/, with antsibull-docs.
#
#   ./scripts/docs.sh              regenerate docs/reference/ and lint the plugin docs (commit the result)
#   ./scripts/docs.sh --check      build into a temporary directory, lint, and fail if docs/reference/ differs
#   ./scripts/docs.sh --dest DIR   only build the reference into DIR (an empty or new directory)
#   ./scripts/docs.sh --no-lint    (with any of the above) skip the lint
#
# What it runs (tests/docs/test_docs_build.py runs the same in CI, so the reference cannot rot):
#   1. antsibull-docs collection --use-current --output-format simplified-rst --squash-hierarchy
#      --no-add-antsibull-docs-version --fail-on-error itflow.itflow
#      One reStructuredText page per plugin plus index.rst, in the "simplified RST" form that GitHub
#      renders without Sphinx; no version stamp of the tool, so a rebuild changes nothing.
#   2. antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all
#      --disallow-unknown-collection-refs <repository>
#      Schema and markup of every plugin's DOCUMENTATION, EXAMPLES and RETURN, references to other
#      plugins and options, and rstcheck on the RST the Ansible docsite would get.
# Either tool printing anything at all (a warning included) is a failure.
#
# It takes .venv and the collection link from scripts/setup.sh, and Ansible sees only this checkout
# (ANSIBLE_COLLECTIONS_PATH=.cache/collections), never another installed itflow.itflow.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
REFERENCE="$REPO/docs/reference"
mode=write dest="" lint=1

usage() { sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { printf 'docs: ERROR: %s\n' "$*" >&2; exit 1; }
log() { printf 'docs: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --check) mode=check ;;
        --dest)
            [ $# -ge 2 ] || die "--dest needs a directory"
            mode=dest dest=$2
            shift
            ;;
        --no-lint) lint=0 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
done

# shellcheck source=/dev/null
. "$REPO/scripts/setup.sh" >/dev/null
export ANSIBLE_COLLECTIONS_PATH="$REPO/.cache/collections"
export ANSIBLE_NOCOLOR=1

work=$(mktemp -d "${TMPDIR:-/tmp}/itflow-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Run a tool; its output, if there is any, is printed and fails the run.
quiet_or_fail() {
    local what=$1 out="$work/output.txt" rc=0
    shift
    "$@" >"$out" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$out" ]; then
        cat "$out" >&2
        die "$what failed (exit code $rc) or printed the messages above; fix the plugin documentation"
    fi
}

build() {
    local into=$1
    # antsibull-docs insists on a destination only its owner can write to.
    mkdir -p "$into"
    chmod go-w "$into"
    quiet_or_fail "antsibull-docs collection" \
        antsibull-docs collection --use-current --output-format simplified-rst --squash-hierarchy \
        --no-add-antsibull-docs-version --fail-on-error --cleanup everything --dest-dir "$into" itflow.itflow
}

run_lint() {
    log "linting the plugin documentation (antsibull-docs lint-collection-docs --plugin-docs)"
    quiet_or_fail "antsibull-docs lint-collection-docs" \
        antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all \
        --disallow-unknown-collection-refs "$REPO"
}

case "$mode" in
    dest)
        build "$dest"
        log "reference written to $dest"
        ;;
    check)
        build "$work/reference"
        [ "$lint" -eq 0 ] || run_lint
        # README.md of docs/reference/ is written by hand; everything else is generated.
        if ! diff -r -x README.md "$REFERENCE" "$work/reference" >"$work/diff.txt" 2>&1; then
            head -n 40 "$work/diff.txt" >&2
            die "docs/reference/ is stale: run ./scripts/docs.sh and commit the result"
        fi
        log "docs/reference/ is up to date"
        ;;
    write)
        build "$work/reference"
        [ "$lint" -eq 0 ] || run_lint
        mkdir -p "$REFERENCE"
        find "$REFERENCE" -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
        cp -R "$work/reference/." "$REFERENCE/"
        log "docs/reference/ regenerated ($(find "$REFERENCE" -name '*.rst' | wc -l) pages)"
        ;;
esac
