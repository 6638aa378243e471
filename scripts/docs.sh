#!/usr/bin/env bash
# Build the documentation of this collection as the Ansible documentation site shows it: the plugin
# reference generated from the plugins' own documentation, and the guides of docs/docsite/.
#
#   ./scripts/docs.sh              build into build/docs/ (ignored by git) and lint the plugin docs
#   ./scripts/docs.sh --dest DIR   build into DIR instead (its rst/, html/ and doctrees/ are replaced)
#   ./scripts/docs.sh --no-lint    (with either) skip the lint
#
# Open build/docs/html/index.html to read the result. Nothing of it is committed: the reference is
# generated from DOCUMENTATION, EXAMPLES and RETURN in plugins/, meta/argument_specs.yml in roles/,
# and docs/docsite/ (links.yml, extra-docs.yml, rst/), on every run of the test suite
# (tests/docs/test_docs_build.py runs this script), so it cannot rot.
#
# What it runs:
#   1. antsibull-docs collection --use-current --squash-hierarchy --no-add-antsibull-docs-version
#      --fail-on-error itflow.itflow                                               -> DIR/rst/
#      The reStructuredText of the collection's pages on docs.ansible.com: one page per plugin and
#      role, the environment variables, the collection index with the links of docs/docsite/links.yml
#      and the guides of docs/docsite/extra-docs.yml.
#   2. sphinx-build -W with antsibull-docs' Sphinx extension                       -> DIR/html/
#      Renders those pages; any Sphinx warning (a broken reference, bad markup) fails. References
#      into the rest of the Ansible documentation (Ansible's own labels such as common_return_values,
#      ANSIBLE_* environment variables, other collections) point to docs.ansible.com, since that site
#      is not part of this build; references to this collection's pages must resolve here.
#   3. antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all
#      --disallow-unknown-collection-refs <repository>                              (beside 1 and 2)
#      Schema and markup of every plugin's documentation, references to other plugins and options,
#      docs/docsite/ (links.yml, extra-docs.yml, the guides' labels), and rstcheck on the RST.
# Any tool printing anything at all (a warning included) is a failure.
#
# It takes .venv and the collection link from scripts/setup.sh, and Ansible sees only this checkout
# (ANSIBLE_COLLECTIONS_PATH=.cache/collections), never another installed itflow.itflow.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
dest="$REPO/build/docs" lint=1

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { printf 'docs: ERROR: %s\n' "$*" >&2; exit 1; }
log() { printf 'docs: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --dest)
            [ $# -ge 2 ] || die "--dest needs a directory"
            dest=$2
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
# Python's own warnings (deprecations in the tools' imports) are not documentation problems.
export PYTHONWARNINGS=ignore

mkdir -p "$dest"
dest=$(cd "$dest" && pwd -P)
work=$(mktemp -d "${TMPDIR:-/tmp}/itflow-docs.XXXXXX")
lint_pid=""
cleanup() {
    if [ -n "$lint_pid" ]; then kill "$lint_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Run a tool, its output into a file; print that output and fail if the tool failed or said anything.
quiet_or_fail() {
    local what=$1 out rc=0
    shift
    out="$work/$(printf '%s' "$what" | tr -c 'a-zA-Z0-9' '_').txt"
    "$@" >"$out" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$out" ]; then
        cat "$out" >&2
        die "$what failed (exit code $rc) or printed the messages above; fix the documentation"
    fi
}

write_sphinx_conf() {
    cat >"$1/conf.py" <<'PY'
# Written by scripts/docs.sh: a minimal Sphinx configuration for this collection's pages alone.
from docutils import nodes

project = "itflow.itflow"
extensions = ["sphinx_antsibull_ext"]
html_theme = "alabaster"
root_doc = "index"
html_show_sourcelink = False

ANSIBLE_DOCS = "https://docs.ansible.com/ansible/latest/"
OURS = "ansible_collections.itflow.itflow."


def ansible_docsite_reference(app, env, node, contnode):
    """A reference into the rest of the Ansible documentation, which this build does not contain."""
    target, kind = node.get("reftarget", ""), node.get("reftype")
    if kind == "envvar" and target.startswith("ANSIBLE_"):
        uri = ANSIBLE_DOCS + "reference_appendices/config.html#envvar-" + target
    elif kind == "ref" and target.startswith("ansible_collections.") and not target.startswith(OURS):
        parts = target.split(".", 3)
        page, _sep, anchor = parts[3].partition("__") if len(parts) == 4 else ("index", "", "")
        uri = ANSIBLE_DOCS + "collections/%s/%s/%s.html" % (parts[1], parts[2], page) + ("#" + anchor if anchor else "")
    elif kind == "ref" and not target.startswith(("ansible_collections.", "plugins_in_", "plugin_index_for_")):
        uri = ANSIBLE_DOCS + "search.html?q=" + target
    else:
        return None  # ours: it must resolve in this build, Sphinx warns otherwise
    reference = nodes.reference("", "", internal=False, refuri=uri)
    reference += contnode if contnode is not None else nodes.Text(target)
    return reference


def setup(app):
    app.connect("missing-reference", ansible_docsite_reference)
PY
}

if [ "$lint" -eq 1 ]; then
    log "linting the plugin documentation and docs/docsite (antsibull-docs lint-collection-docs --plugin-docs)"
    # The lint copies the collection into a temporary directory and documents that copy. With this
    # checkout also on ANSIBLE_COLLECTIONS_PATH (.cache/collections), the pages it checks got an
    # "Edit on GitHub" link through that temporary path (edit/main/../../tmp/antsibull-docs-xxxxxxxx/...),
    # and rstcheck read a name ending in "_" (one run in 37) as an unknown RST target. An empty
    # collections path leaves it the copy alone, whose links are right.
    mkdir -p "$work/no-collections"
    (quiet_or_fail "antsibull-docs lint-collection-docs" \
        env ANSIBLE_COLLECTIONS_PATH="$work/no-collections" \
        antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all \
        --disallow-unknown-collection-refs "$REPO") &
    lint_pid=$!
fi

# antsibull-docs insists on a destination only its owner can write to, and empties it itself.
rm -rf "$dest/rst" "$dest/html" "$dest/doctrees"
mkdir -p "$dest/rst"
chmod go-w "$dest/rst"
log "generating the reStructuredText pages (antsibull-docs collection) into $dest/rst"
quiet_or_fail "antsibull-docs collection" \
    antsibull-docs collection --use-current --squash-hierarchy --no-add-antsibull-docs-version \
    --fail-on-error --cleanup everything --dest-dir "$dest/rst" itflow.itflow
write_sphinx_conf "$dest/rst"
log "rendering them (sphinx-build -W) into $dest/html"
quiet_or_fail "sphinx-build" \
    sphinx-build -W --keep-going -q -b html -d "$dest/doctrees" "$dest/rst" "$dest/html"

if [ -n "$lint_pid" ]; then
    rc=0
    wait "$lint_pid" || rc=$?
    lint_pid=""
    [ "$rc" -eq 0 ] || exit "$rc"
fi
log "documentation built: $dest/html/index.html ($(find "$dest/rst" -name '*.rst' | wc -l) pages)"
