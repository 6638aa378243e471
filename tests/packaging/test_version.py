# -*- coding: utf-8 -*-
"""The collection's version is stated once for the code (plugins/module_utils/_version.py) and once for
the packaging (galaxy.yml), and the two are equal. Nothing else repeats it: the client's User-Agent reads
_version.py, the execution environment files take the tarball that the build names after galaxy.yml
(tests/packaging/test_execution_environment.py), and a plugin states a version only as its
``version_added``."""

from __future__ import absolute_import, division, print_function

import ast
import glob
import io
import os
import re

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VERSION_PY = os.path.join(REPO, "plugins", "module_utils", "_version.py")


def galaxy_version():
    with io.open(os.path.join(REPO, "galaxy.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["version"]


def code_version():
    with io.open(VERSION_PY, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), VERSION_PY)
    values = [node.value for node in tree.body if isinstance(node, ast.Assign)
              and [getattr(target, "id", None) for target in node.targets] == ["COLLECTION_VERSION"]]
    assert len(values) == 1 and isinstance(values[0], ast.Constant), "_version.py must assign COLLECTION_VERSION a string once"
    return values[0].value


def test_galaxy_version_equals_code_version():
    assert galaxy_version() == code_version(), (
        "galaxy.yml says %s, plugins/module_utils/_version.py says %s: change both together" % (galaxy_version(), code_version()))


def test_version_is_semantic():
    """Galaxy only accepts semantic versions."""
    assert re.match(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", galaxy_version()), galaxy_version()


def test_user_agent_reads_the_version():
    with io.open(os.path.join(REPO, "plugins", "module_utils", "_client.py"), encoding="utf-8") as handle:
        source = handle.read()
    assert "module_utils._version import COLLECTION_VERSION" in source
    match = re.search(r"^USER_AGENT = (.+)$", source, re.MULTILINE)
    assert match and "COLLECTION_VERSION" in match.group(1) and galaxy_version() not in match.group(1), match and match.group(0)


def test_plugins_state_the_version_only_as_version_added():
    version = galaxy_version()
    stated = []
    for path in glob.glob(os.path.join(REPO, "plugins", "**", "*.py"), recursive=True):
        if os.path.samefile(path, VERSION_PY):
            continue
        with io.open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if re.search(r"(?<![\d.])%s(?![\d.])" % re.escape(version), line) and "version_added" not in line:
                    stated.append("%s:%d: %s" % (os.path.relpath(path, REPO), number, line.strip()))
    assert not stated, "the version is written here too; read COLLECTION_VERSION from _version.py instead:\n" + "\n".join(stated)
