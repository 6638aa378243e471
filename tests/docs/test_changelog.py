# -*- coding: utf-8 -*-
"""The changelog is managed with antsibull-changelog: fragments and changelog.yaml lint clean,
and CHANGELOG.rst is exactly what antsibull-changelog generates from them (it cannot rot)."""

from __future__ import absolute_import, division, print_function

import os
import shutil
import subprocess
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def antsibull_changelog():
    local = os.path.join(os.path.dirname(sys.executable), "antsibull-changelog")
    return local if os.path.exists(local) else (shutil.which("antsibull-changelog") or "antsibull-changelog")


def run(args, cwd):
    result = subprocess.run([antsibull_changelog()] + args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    return result.returncode, (result.stdout + result.stderr).strip()


def test_fragments_lint_clean():
    code, output = run(["lint"], REPO)
    assert code == 0 and output == "", output


def test_changelog_yaml_lint_clean():
    code, output = run(["lint-changelog-yaml", os.path.join("changelogs", "changelog.yaml")], REPO)
    assert code == 0 and output == "", output


def test_release_of_galaxy_version_is_recorded():
    with open(os.path.join(REPO, "galaxy.yml")) as handle:
        version = yaml.safe_load(handle)["version"]
    with open(os.path.join(REPO, "changelogs", "changelog.yaml")) as handle:
        releases = yaml.safe_load(handle)["releases"] or {}
    assert version in releases, "galaxy.yml's version %s has no release in changelogs/changelog.yaml" % version
    assert releases[version].get("release_date"), releases[version]
    assert releases[version].get("changes", {}).get("release_summary"), "release %s has no release summary" % version


def test_changelog_rst_is_generated_and_current(tmp_path):
    for name in ("galaxy.yml", "CHANGELOG.rst"):
        shutil.copy(os.path.join(REPO, name), str(tmp_path / name))
    shutil.copytree(os.path.join(REPO, "changelogs"), str(tmp_path / "changelogs"))
    code, output = run(["generate"], str(tmp_path))
    assert code == 0, output
    with open(os.path.join(REPO, "CHANGELOG.rst")) as handle:
        committed = handle.read()
    generated = (tmp_path / "CHANGELOG.rst").read_text()
    assert committed == generated, "CHANGELOG.rst is stale: run `antsibull-changelog generate` and commit the result"
    with open(os.path.join(REPO, "galaxy.yml")) as handle:
        version = yaml.safe_load(handle)["version"]
    assert "v%s" % version in committed
