# -*- coding: utf-8 -*-
"""The plugin reference (docs/reference/) builds without a single warning and is what the build gives,
and every relative link of the Markdown documentation leads to a file that exists.

The build is scripts/docs.sh's: antsibull-docs in its "simplified RST" form (pages GitHub renders),
plus antsibull-docs lint-collection-docs --plugin-docs. Both run here in a temporary directory, at
the same time (about 15 s together), and any output from either, a warning included, fails."""

from __future__ import absolute_import, division, print_function

import glob
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap

try:
    from urllib.parse import unquote
except ImportError:  # Python 2
    from urllib import unquote

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE = os.path.join(REPO, "docs", "reference")
# Written by hand in docs/reference/; everything else there is generated.
HANDWRITTEN = {"README.md"}
TIMEOUT = 600

BUILD_ARGS = ["collection", "--use-current", "--output-format", "simplified-rst", "--squash-hierarchy",
              "--no-add-antsibull-docs-version", "--fail-on-error", "--cleanup", "everything"]
LINT_ARGS = ["lint-collection-docs", "--plugin-docs", "--validate-collection-refs", "all", "--disallow-unknown-collection-refs"]


def antsibull_docs():
    local = os.path.join(os.path.dirname(sys.executable), "antsibull-docs")
    return local if os.path.exists(local) else (shutil.which("antsibull-docs") or "antsibull-docs")


def collections_path():
    root = os.path.join(REPO, ".cache", "collections")
    link = os.path.join(root, "ansible_collections", "itflow", "itflow")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(os.path.relpath(REPO, os.path.dirname(link)), link)
    return root


def tool_env():
    env = dict(os.environ)
    # Only this checkout: never document or lint another installed itflow.itflow.
    env["ANSIBLE_COLLECTIONS_PATH"] = collections_path()
    env["ANSIBLE_NOCOLOR"] = "1"
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


class Run(object):
    """One tool run in the background: ``finish()`` gives (exit code, everything it printed)."""

    def __init__(self, args, cwd):
        self.log = io.open(os.path.join(cwd, "output-%s.txt" % args[0]), "w+", encoding="utf-8")  # pylint: disable=consider-using-with
        self.process = subprocess.Popen([antsibull_docs()] + args, cwd=cwd, env=tool_env(),  # pylint: disable=consider-using-with
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def finish(self):
        try:
            code = self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        self.log.seek(0)
        output = self.log.read()
        self.log.close()
        return code, output.strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build the reference into a temporary directory while the lint runs beside it."""
    work = tmp_path_factory.mktemp("docs-build")
    dest = work / "reference"
    dest.mkdir(mode=0o755)  # antsibull-docs wants a destination only its owner can write to
    lint = Run(LINT_ARGS + [REPO], str(work))
    build = Run(BUILD_ARGS + ["--dest-dir", str(dest), "itflow.itflow"], str(work))
    try:
        build_result = build.finish()
    finally:
        lint_result = lint.finish()
    return {"dest": str(dest), "build": build_result, "lint": lint_result}


def files_under(top):
    found = {}
    for path in glob.glob(os.path.join(top, "**", "*"), recursive=True):
        if os.path.isfile(path):
            with io.open(path, encoding="utf-8") as handle:
                found[os.path.relpath(path, top)] = handle.read()
    return found


def test_reference_builds_without_any_message(built):
    code, output = built["build"]
    assert code == 0 and output == "", "antsibull-docs collection (exit code %s) said:\n%s" % (code, output)
    pages = files_under(built["dest"])
    assert "index.rst" in pages
    # One page per plugin and role: the modules of meta/runtime.yml's action group, the other plugins, the roles.
    with io.open(os.path.join(REPO, "meta", "runtime.yml"), encoding="utf-8") as handle:
        modules = yaml.safe_load(handle)["action_groups"]["itflow"]
    expected = ["%s_module.rst" % name for name in modules]
    expected += ["itflow_inventory.rst", "itflow_lookup.rst", "drift_report_callback.rst"]
    for spec in glob.glob(os.path.join(REPO, "roles", "*", "meta", "argument_specs.yml")):
        expected.append("%s_role.rst" % os.path.basename(os.path.dirname(os.path.dirname(spec))))
    missing = sorted(set(expected) - set(pages))
    assert not missing, "no reference page for %s" % missing
    for name in expected:
        assert "<%s>" % name in pages["index.rst"], "index.rst does not link %s" % name


def test_plugin_docs_lint_clean(built):
    code, output = built["lint"]
    assert code == 0 and output == "", "antsibull-docs lint-collection-docs --plugin-docs (exit code %s) said:\n%s" % (code, output)


def test_reference_pages_render_without_warnings(built):
    """GitHub renders the .rst pages with docutils: any docutils warning is a broken page. YAML examples must parse."""
    import docutils.core  # pylint: disable=import-outside-toplevel
    import docutils.utils  # pylint: disable=import-outside-toplevel

    problems = []
    for name, text in sorted(files_under(built["dest"]).items()):
        messages = io.StringIO()
        settings = {"report_level": 2, "halt_level": 5, "warning_stream": messages, "file_insertion_enabled": False,
                    "raw_enabled": True, "syntax_highlight": "none", "input_encoding": "unicode"}
        try:
            docutils.core.publish_doctree(text, source_path=name, settings_overrides=settings)
        except docutils.utils.SystemMessage as exc:
            messages.write(str(exc))
        if messages.getvalue().strip():
            problems.append("%s: %s" % (name, messages.getvalue().strip()))
        for block in yaml_blocks(text):
            try:
                list(yaml.load_all(block, Loader=AnsibleYamlLoader))
            except yaml.YAMLError as exc:
                problems.append("%s: a YAML example does not parse: %s" % (name, exc))
        for target in re.findall(r"<([^<>\s]+\.rst)>`_", text):
            if not os.path.exists(os.path.join(built["dest"], target)):
                problems.append("%s: link to %s, which was not generated" % (name, target))
    assert not problems, "\n".join(problems)


class AnsibleYamlLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """YAML as Ansible reads it: ``!vault`` and ``!unsafe`` values are strings."""


for ansible_tag in ("!vault", "!unsafe"):
    AnsibleYamlLoader.add_constructor(ansible_tag, lambda loader, node: loader.construct_scalar(node))


def yaml_blocks(text):
    """The bodies of the ``.. code-block:: yaml`` blocks of an RST page."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if re.match(r"^\s*\.\. code-block:: yaml\s*$", lines[index]):
            indent = len(lines[index]) - len(lines[index].lstrip())
            index += 1
            body = []
            while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
                body.append(lines[index])
                index += 1
            yield textwrap.dedent("\n".join(body))
        else:
            index += 1


def test_committed_reference_is_current(built):
    generated = files_under(built["dest"])
    committed = {name: text for name, text in files_under(REFERENCE).items() if name not in HANDWRITTEN}
    stale = sorted(name for name in set(generated) & set(committed) if generated[name] != committed[name])
    missing = sorted(set(generated) - set(committed))
    extra = sorted(set(committed) - set(generated))
    assert not (stale or missing or extra), (
        "docs/reference/ is out of date (differs: %s; missing: %s; no longer generated: %s): run ./scripts/docs.sh and commit the result"
        % (stale, missing, extra))


# -- relative links of the Markdown documentation -----------------------------------------------

MARKDOWN_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1\s*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def markdown_files():
    files = [os.path.join(REPO, "README.md")]
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
