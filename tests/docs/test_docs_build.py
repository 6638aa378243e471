# -*- coding: utf-8 -*-
"""The collection's documentation as the Ansible documentation site shows it (the plugin reference and the
guides of docs/docsite/) builds and renders without a single warning, and every relative link of the
Markdown documentation leads to a file that exists.

The build is scripts/docs.sh, run here into a temporary directory: antsibull-docs generates the
reStructuredText of every plugin, role and guide, Sphinx renders it with -W, and antsibull-docs
lint-collection-docs --plugin-docs checks the plugin docs and docs/docsite/ beside them; the script fails
on any output of any of them. Nothing generated is committed: docs/reference/ is gone from git, and
scripts/docs.sh builds into build/docs/, which git ignores."""

from __future__ import absolute_import, division, print_function

import glob
import io
import os
import re
import subprocess
import textwrap

try:
    from urllib.parse import unquote
except ImportError:  # Python 2
    from urllib import unquote

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCSITE = os.path.join(REPO, "docs", "docsite")
TIMEOUT = 900
LABEL_PREFIX = "ansible_collections.itflow.itflow.docsite."


def load(path):
    with io.open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """scripts/docs.sh --dest <temporary directory>: exit code, what it printed, and the directory."""
    if not os.path.isfile(os.path.join(REPO, "scripts", "docs.sh")):
        pytest.skip("scripts/docs.sh is not in an installed collection")
    dest = tmp_path_factory.mktemp("docs") / "out"
    env = dict(os.environ)
    env.pop("ANSIBLE_COLLECTIONS_PATH", None)  # the script sets its own: this checkout only
    # A temporary folder whose name ends in "_": RST reads "name_" as a link to a target, so a temporary
    # path that leaks into a checked page fails the build every time, not one run in 37 (tempfile's
    # random names end in "_" that often; the lint's edit links did so until stop 21).
    tmp = tmp_path_factory.mktemp("docs-tmp") / "tmp_"
    tmp.mkdir()
    env["TMPDIR"] = str(tmp)
    result = subprocess.run([os.path.join(REPO, "scripts", "docs.sh"), "--dest", str(dest)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=TIMEOUT, check=False)
    return {"code": result.returncode, "output": (result.stdout + result.stderr).strip(), "dest": str(dest)}


def files_under(top, pattern="*"):
    found = {}
    for path in glob.glob(os.path.join(top, "**", pattern), recursive=True):
        if os.path.isfile(path):
            with io.open(path, encoding="utf-8") as handle:
                found[os.path.relpath(path, top)] = handle.read()
    return found


def expected_pages():
    """One page per module of meta/runtime.yml's action group, per other plugin and per role with an argument spec."""
    modules = load(os.path.join(REPO, "meta", "runtime.yml"))["action_groups"]["itflow"]
    pages = ["%s_module" % name for name in modules]
    pages += ["itflow_inventory", "itflow_lookup", "drift_report_callback"]
    for spec in glob.glob(os.path.join(REPO, "roles", "*", "meta", "argument_specs.yml")):
        pages.append("%s_role" % os.path.basename(os.path.dirname(os.path.dirname(spec))))
    return sorted(pages)


def guides():
    """The guides extra-docs.yml lists, in order."""
    names = []
    for section in load(os.path.join(DOCSITE, "extra-docs.yml"))["sections"]:
        names.extend(section["toctree"])
    return names


@pytest.mark.slow  # builds the docs site
def test_docs_build_without_any_message(built):
    """Every line the script prints is its own progress ("docs: ..." or setup's); any tool output fails it."""
    assert built["code"] == 0, "scripts/docs.sh (exit code %s) said:\n%s" % (built["code"], built["output"])
    foreign = [line for line in built["output"].splitlines() if not line.startswith(("docs: ", "setup: "))]
    assert not foreign, "scripts/docs.sh printed:\n%s" % "\n".join(foreign)


@pytest.mark.slow  # builds the docs site
def test_every_plugin_role_and_guide_has_a_rendered_page(built):
    assert built["code"] == 0, built["output"]
    rst = os.path.join(built["dest"], "rst")
    html = os.path.join(built["dest"], "html")
    with io.open(os.path.join(rst, "index.rst"), encoding="utf-8") as handle:
        index = handle.read()
    missing = []
    for page in expected_pages():
        if not os.path.isfile(os.path.join(rst, page + ".rst")) or not os.path.isfile(os.path.join(html, page + ".html")):
            missing.append(page)
        elif not re.search(r"^\s+%s$" % re.escape(page), index, re.MULTILINE):
            missing.append(page + " (not in the index)")
    for guide in guides():
        if not os.path.isfile(os.path.join(html, "docsite", guide + ".html")):
            missing.append("docsite/" + guide)
        elif not re.search(r"^\s+docsite/%s$" % re.escape(guide), index, re.MULTILINE):
            missing.append("docsite/%s (not in the index)" % guide)
    assert not missing, "no rendered page for %s" % missing
    # The links of docs/docsite/links.yml are on the collection's index page.
    with io.open(os.path.join(html, "index.html"), encoding="utf-8") as handle:
        page = handle.read()
    for link in load(os.path.join(DOCSITE, "links.yml")).get("extra_links", []):
        assert link["url"] in page, "links.yml's %s is not on the index page" % link["url"]


@pytest.mark.slow  # builds the docs site
def test_yaml_examples_parse(built):
    """The EXAMPLES and the guides' YAML blocks are YAML Ansible can load."""
    assert built["code"] == 0, built["output"]
    problems = []
    for name, text in sorted(files_under(os.path.join(built["dest"], "rst"), "*.rst").items()):
        for block in yaml_blocks(text):
            try:
                list(yaml.load_all(block, Loader=AnsibleYamlLoader))
            except yaml.YAMLError as exc:
                problems.append("%s: a YAML example does not parse: %s" % (name, exc))
    assert not problems, "\n".join(problems)


class AnsibleYamlLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """YAML as Ansible reads it: ``!vault`` and ``!unsafe`` values are strings."""


for ansible_tag in ("!vault", "!unsafe"):
    AnsibleYamlLoader.add_constructor(ansible_tag, lambda loader, node: loader.construct_scalar(node))


def yaml_blocks(text):
    """The bodies of the ``.. code-block:: yaml`` (and ``yaml+jinja``) blocks of an RST page."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if re.match(r"^\s*\.\. code-block:: yaml(\+jinja)?\s*$", lines[index]):
            indent = len(lines[index]) - len(lines[index].lstrip())
            index += 1
            body = []
            while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
                body.append(lines[index])
                index += 1
            yield textwrap.dedent("\n".join(body))
        else:
            index += 1


# -- docs/docsite -------------------------------------------------------------------------------------

def test_docsite_layout():
    """links.yml, extra-docs.yml and one guide per listed name, each with the label antsibull-docs expects."""
    links = load(os.path.join(DOCSITE, "links.yml"))
    assert links["edit_on_github"]["repository"] == "itflow-ansible/itflow.itflow", links
    listed = guides()
    assert "guide_getting_started" in listed, listed
    on_disk = sorted(os.path.splitext(os.path.basename(path))[0] for path in glob.glob(os.path.join(DOCSITE, "rst", "*.rst")))
    assert sorted(listed) == on_disk, "extra-docs.yml lists %s, docs/docsite/rst/ holds %s" % (sorted(listed), on_disk)
    for name in listed:
        with io.open(os.path.join(DOCSITE, "rst", name + ".rst"), encoding="utf-8") as handle:
            first = handle.readline().strip()
        assert first == ".. _%s%s:" % (LABEL_PREFIX, name), "docs/docsite/rst/%s.rst must start with its label, not %r" % (name, first)


def test_generated_docs_are_not_committed():
    """The reference is built, never committed: docs/reference/ is not in git, and the build folder is ignored."""
    tracked = subprocess.run(["git", "ls-files", "docs/reference", "build"], cwd=REPO, capture_output=True, text=True,
                             check=False)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout (an installed collection): %s" % tracked.stderr.strip())
    assert tracked.stdout.strip() == "", "generated documentation is committed:\n%s" % tracked.stdout
    ignored = subprocess.run(["git", "check-ignore", "-q", "build/docs/html/index.html"], cwd=REPO, check=False)
    assert ignored.returncode == 0, "build/ (where scripts/docs.sh writes) must be in .gitignore"


# -- relative links of the Markdown documentation -----------------------------------------------

MARKDOWN_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def markdown_files():
    files = glob.glob(os.path.join(REPO, "*.md"))  # README.md, CONTRIBUTING.md, CODE_OF_CONDUCT.md
    files += glob.glob(os.path.join(REPO, "docs", "**", "*.md"), recursive=True)
    return sorted(path for path in files if os.path.isfile(path))


def relative_links(text):
    """Link targets of a Markdown text that are paths in this repository: no URL, no mail, no pure #anchor."""
    text = INLINE_CODE.sub("", FENCE.sub("", text))
    for target in MARKDOWN_LINK.findall(text) + REFERENCE_LINK.findall(text):
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith(("#", "//")):
            continue
        yield target


def test_markdown_files_found():
    found = [os.path.relpath(path, REPO) for path in markdown_files()]
    assert "README.md" in found and os.path.join("docs", "dev", "testing.md") in found, found


@pytest.mark.parametrize("path", markdown_files(), ids=lambda path: os.path.relpath(path, REPO))
def test_relative_links_resolve(path):
    with io.open(path, encoding="utf-8") as handle:
        text = handle.read()
    broken = []
    for target in relative_links(text):
        file_part = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not file_part:
            continue
        if file_part.startswith("/"):
            resolved = os.path.join(REPO, file_part.lstrip("/"))  # GitHub: relative to the repository root
        else:
            resolved = os.path.join(os.path.dirname(path), file_part)
        resolved = os.path.normpath(resolved)
        if not os.path.exists(resolved):
            broken.append(target)
        elif not (resolved + os.sep).startswith(REPO + os.sep) and resolved != REPO:
            broken.append(target + " (outside the repository)")
    assert not broken, "%s links to files that do not exist: %s" % (os.path.relpath(path, REPO), broken)
