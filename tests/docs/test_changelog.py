# -*- coding: utf-8 -*-
"""The changelog is managed with antsibull-changelog, in its normal flow: every user-visible change adds a
fragment to changelogs/fragments/, and a release moves the fragments into changelogs/changelog.yaml and
regenerates CHANGELOG.rst.

So at any time: the unreleased fragments lint clean, and releasing them (rehearsed here in a temporary
copy) gives a changelog that renders without a warning; changelog.yaml lints clean and records
galaxy.yml's version with a release summary; CHANGELOG.rst is exactly what the tool generates from the
released entries (unreleased fragments do not appear in it until the release)."""

from __future__ import absolute_import, division, print_function

import glob
import io
import os
import shutil
import subprocess
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FRAGMENTS = os.path.join(REPO, "changelogs", "fragments")


def antsibull_changelog():
    local = os.path.join(os.path.dirname(sys.executable), "antsibull-changelog")
    return local if os.path.exists(local) else (shutil.which("antsibull-changelog") or "antsibull-changelog")


def run(args, cwd):
    env = dict(os.environ)
    env["PYTHONWARNINGS"] = "ignore"  # Python deprecation warnings of the tool's imports are not changelog problems
    result = subprocess.run([antsibull_changelog()] + args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
                            check=False)
    return result.returncode, (result.stdout + result.stderr).strip()


def load(path):
    with io.open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def galaxy_version():
    return load(os.path.join(REPO, "galaxy.yml"))["version"]


def unreleased_fragments():
    return sorted(os.path.basename(path) for path in glob.glob(os.path.join(FRAGMENTS, "*")) if os.path.isfile(path)
                  and not os.path.basename(path).startswith("."))


def copy_changelog_tree(dest):
    for name in ("galaxy.yml", "CHANGELOG.rst"):
        shutil.copy(os.path.join(REPO, name), str(dest / name))
    shutil.copytree(os.path.join(REPO, "changelogs"), str(dest / "changelogs"),
                    ignore=shutil.ignore_patterns(".plugin-cache.yaml"))


def docutils_messages(text, name):
    """What docutils (which renders the changelog on GitHub and Galaxy) warns about in an RST text."""
    import docutils.core  # pylint: disable=import-outside-toplevel
    import docutils.utils  # pylint: disable=import-outside-toplevel

    messages = io.StringIO()
    settings = {"report_level": 2, "halt_level": 5, "warning_stream": messages, "file_insertion_enabled": False,
                "raw_enabled": False, "syntax_highlight": "none", "input_encoding": "unicode"}
    try:
        docutils.core.publish_doctree(text, source_path=name, settings_overrides=settings)
    except docutils.utils.SystemMessage as exc:
        messages.write(str(exc))
    return messages.getvalue().strip()


def test_fragments_folder_exists():
    """changelogs/fragments/ is kept in git (its .keep file) even when no change is waiting for a release."""
    assert os.path.isfile(os.path.join(FRAGMENTS, ".keep")), "changelogs/fragments/.keep is missing"
    config = load(os.path.join(REPO, "changelogs", "config.yaml"))
    assert config["notesdir"] == "fragments" and config["keep_fragments"] is False, config


def test_fragments_lint_clean():
    """Every unreleased fragment: valid YAML, known sections, valid RST (antsibull-changelog lint)."""
    code, output = run(["lint"], REPO)
    assert code == 0 and output == "", output


def test_fragment_names():
    """Fragments are YAML files named after their change; antsibull-changelog ignores anything else silently."""
    wrong = [name for name in unreleased_fragments() if not name.endswith((".yml", ".yaml"))]
    assert not wrong, "changelogs/fragments/ holds files that are not fragments (*.yml): %s" % wrong


def test_changelog_yaml_lint_clean():
    code, output = run(["lint-changelog-yaml", os.path.join("changelogs", "changelog.yaml")], REPO)
    assert code == 0 and output == "", output


def test_release_of_galaxy_version_is_recorded():
    version = galaxy_version()
    releases = load(os.path.join(REPO, "changelogs", "changelog.yaml"))["releases"] or {}
    assert version in releases, "galaxy.yml's version %s has no release in changelogs/changelog.yaml" % version
    assert releases[version].get("release_date"), releases[version]
    assert releases[version].get("changes", {}).get("release_summary"), "release %s has no release summary" % version


def test_first_release_is_a_summary():
    """The first release lists what the collection is, not fixes of work that was never released."""
    releases = load(os.path.join(REPO, "changelogs", "changelog.yaml"))["releases"]
    first = releases[sorted(releases, key=lambda version: [int(part) for part in version.split(".")[:3]])[0]]
    changes = first.get("changes", {})
    assert changes.get("release_summary"), first
    never_released = sorted(set(changes) & {"bugfixes", "security_fixes", "breaking_changes", "deprecated_features",
                                            "removed_features"})
    assert not never_released, "the first release lists %s of work that was never released" % never_released


def test_changelog_rst_is_generated_and_current(tmp_path):
    copy_changelog_tree(tmp_path)
    code, output = run(["generate"], str(tmp_path))
    assert code == 0, output
    with io.open(os.path.join(REPO, "CHANGELOG.rst"), encoding="utf-8") as handle:
        committed = handle.read()
    generated = (tmp_path / "CHANGELOG.rst").read_text(encoding="utf-8")
    assert committed == generated, "CHANGELOG.rst is stale: run `antsibull-changelog generate` and commit the result"
    assert "v%s" % galaxy_version() in committed
    messages = docutils_messages(committed, "CHANGELOG.rst")
    assert not messages, messages


def test_unreleased_fragments_release_cleanly(tmp_path):
    """Rehearse the next release in a copy: the fragments move into changelog.yaml, and the changelog still renders."""
    copy_changelog_tree(tmp_path)
    fragments = unreleased_fragments()
    code, output = run(["release", "--version", "9999.0.0", "--date", "2099-12-31"], str(tmp_path))
    assert code == 0, output
    # The one message allowed: a real release adds a release_summary fragment, the rehearsal does not.
    unexpected = [line for line in output.splitlines()
                  if line.strip() and "release_summary" not in line and "cryptography" not in line.lower()]
    assert not unexpected, output
    released = load(str(tmp_path / "changelogs" / "changelog.yaml"))["releases"]
    if fragments:
        assert sorted(released["9999.0.0"].get("fragments", [])) == fragments, released.get("9999.0.0")
    assert not unreleased_fragments_in(tmp_path), "antsibull-changelog release left fragments behind"
    text = (tmp_path / "CHANGELOG.rst").read_text(encoding="utf-8")
    messages = docutils_messages(text, "CHANGELOG.rst")
    assert not messages, messages


def unreleased_fragments_in(root):
    folder = root / "changelogs" / "fragments"
    return sorted(path.name for path in folder.iterdir() if path.is_file() and not path.name.startswith(".")) if folder.is_dir() else []
