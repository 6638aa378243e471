# -*- coding: utf-8 -*-
"""The decision environment definition (extensions/eda/decision-environment.yml) is one ansible-builder 3
accepts, and its build context has what an EDA controller activation of the source needs: ansible-rulebook,
Java 17 with JAVA_HOME, ansible-core, and this collection's tarball (whatever its version: the file names none)."""

import os
import shutil
import subprocess
import sys

import yaml

from eda_harness import REPO

DEFINITION = os.path.join(REPO, "extensions", "eda", "decision-environment.yml")


def test_ansible_builder_writes_the_build_context(tmp_path):
    with open(os.path.join(REPO, "galaxy.yml"), encoding="utf-8") as handle:
        meta = yaml.safe_load(handle)
    tarball = "%s-%s-%s.tar.gz" % (meta["namespace"], meta["name"], meta["version"])
    with open(DEFINITION, encoding="utf-8") as handle:
        text = handle.read()
    assert meta["version"] not in text, "the definition names no version (galaxy.yml is the one place)"
    # The repository layout the definition's relative paths expect, with a stand-in tarball (create copies it, never opens it).
    (tmp_path / "extensions" / "eda").mkdir(parents=True)
    (tmp_path / "build" / "release").mkdir(parents=True)
    shutil.copy(DEFINITION, tmp_path / "extensions" / "eda")
    (tmp_path / "build" / "release" / tarball).write_bytes(b"stand-in")
    builder = os.path.join(os.path.dirname(sys.executable), "ansible-builder")
    result = subprocess.run([builder, "create", "-f", "extensions/eda/decision-environment.yml", "--context", str(tmp_path / "ctx"),
                             "--output-filename", "Containerfile"],
                            cwd=str(tmp_path), capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    build = tmp_path / "ctx" / "_build"
    assert "ansible-rulebook==" in (build / "requirements.txt").read_text()
    assert "java-17-openjdk-headless" in (build / "bindep.txt").read_text()
    containerfile = (tmp_path / "ctx" / "Containerfile").read_text()
    assert "ENV JAVA_HOME=" in containerfile and "ansible-core==2.19" in containerfile
    assert "ansible-galaxy collection install --offline" in containerfile
    assert (build / "collections" / tarball).exists()
