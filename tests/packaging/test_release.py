# -*- coding: utf-8 -*-
"""The release command works end to end on every test run: scripts/release.sh builds the tarball,
galaxy-importer accepts it with no warning, and the demo playbook runs from the installed tarball
(changed, then changed=0, then the drift of a changed declaration in check mode).

It writes to a temporary directory (ITFLOW_RELEASE_DIR), never over build/release/. The first run on a
machine also makes galaxy-importer's own virtual environment in .cache/galaxy-importer/venv."""

from __future__ import absolute_import, division, print_function

import io
import json
import os
import re
import subprocess
import tarfile

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RELEASE = os.path.join(REPO, "scripts", "release.sh")
TIMEOUT = 1500

pytestmark = pytest.mark.slow  # builds, imports and installs the tarball: about half a minute


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    if not os.path.isfile(RELEASE):
        pytest.skip("scripts/release.sh is not in an installed collection")
    out = tmp_path_factory.mktemp("release")
    env = dict(os.environ)
    env["ITFLOW_RELEASE_DIR"] = str(out)
    for name in ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_CONFIG", "ITFLOW_URL", "ITFLOW_API_KEY", "ITFLOW_DECRYPT_PASSWORD"):
        env.pop(name, None)  # the script's demo runs against its own simulator, with the installed collection only
    result = subprocess.run([RELEASE], cwd=REPO, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    return {"code": result.returncode, "output": result.stdout + result.stderr, "dir": str(out)}


def galaxy():
    with io.open(os.path.join(REPO, "galaxy.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_release_command_passes(release):
    assert release["code"] == 0, release["output"][-6000:]
    output = release["output"]
    assert "galaxy-importer: no warnings" in output, output[-6000:]
    assert re.search(r"demo, first run: +localhost : .*changed=[1-9]", output), output[-3000:]
    assert re.search(r"demo, second run: +localhost : .*changed=0 ", output), output[-3000:]
    assert re.search(r"drifted declaration in check mode: +localhost : .*changed=[1-9]", output), output[-3000:]


def test_release_leaves_the_tarball_and_the_importer_result(release):
    assert release["code"] == 0, release["output"][-3000:]
    meta = galaxy()
    tarball = os.path.join(release["dir"], "%s-%s-%s.tar.gz" % (meta["namespace"], meta["name"], meta["version"]))
    with tarfile.open(tarball) as archive:
        manifest = json.load(archive.extractfile("MANIFEST.json"))
    assert manifest["collection_info"]["version"] == meta["version"]
    assert manifest["collection_info"]["license"] == ["GPL-3.0-or-later"]
    with io.open(os.path.join(release["dir"], "importer.log"), encoding="utf-8") as handle:
        log = handle.read()
    assert "Importer processing completed successfully" in log
    assert not re.search(r"^(WARNING|ERROR|CRITICAL)", log, re.MULTILINE), log
    with io.open(os.path.join(release["dir"], "importer_result.json"), encoding="utf-8") as handle:
        result = json.load(handle)
    kinds = {item["content_type"] for item in result["contents"]}
    assert {"module", "inventory", "lookup", "callback", "role", "playbook"} <= kinds, kinds
    # Every module's documentation reached Galaxy.
    documented = {item["content_name"] for item in result["docs_blob"]["contents"]
                  if item["content_type"] == "module" and item.get("doc_strings")}
    with io.open(os.path.join(REPO, "meta", "runtime.yml"), encoding="utf-8") as handle:
        modules = set(yaml.safe_load(handle)["action_groups"]["itflow"])
    assert modules <= documented, "no documentation for %s" % sorted(modules - documented)
