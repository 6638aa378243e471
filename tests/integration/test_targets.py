# -*- coding: utf-8 -*-
"""Run every integration target with ansible-playbook against each ITFlow server."""

from __future__ import absolute_import, division, print_function

import os
import shutil
import subprocess
import sys
import uuid

import pytest

from conftest import HERE, collections_path  # pylint: disable=import-error

TARGETS = sorted(
    name for name in os.listdir(os.path.join(HERE, "targets"))
    if not name.startswith("setup_") and os.path.isfile(os.path.join(HERE, "targets", name, "tasks", "main.yml"))
)


def ansible_bin(name):
    """The Ansible command of the Python running the tests (its venv), else the one on PATH."""
    local = os.path.join(os.path.dirname(sys.executable), name)
    return local if os.path.exists(local) else (shutil.which(name) or name)


def run_playbook(itflow, playbook, extra_vars=None, key="admin", check=False, extra_args=()):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": collections_path(),
        "ITFLOW_URL": itflow.url,
        "ITFLOW_API_KEY": itflow.keys[key]["api_key"],
        "ITFLOW_DECRYPT_PASSWORD": itflow.keys[key].get("decrypt_password") or "",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_STDOUT_CALLBACK": "default",
        "ANSIBLE_LOCALHOST_WARNING": "0",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
        "ANSIBLE_PYTHON_INTERPRETER": "auto_silent",
    })
    cmd = [ansible_bin("ansible-playbook"), playbook]
    for name, value in (extra_vars or {}).items():
        cmd += ["-e", "%s=%s" % (name, value)]
    if check:
        cmd.append("--check")
    cmd += list(extra_args)
    return subprocess.run(cmd, env=env, cwd=HERE, capture_output=True, text=True, timeout=900, check=False)


@pytest.mark.parametrize("target", TARGETS)
def test_target(itflow, target):
    result = run_playbook(itflow, "run_target.yml", {
        "target": target,
        "itflow_profile": itflow.profile,
        "prefix": "it-%s" % uuid.uuid4().hex[:8],
    })
    assert result.returncode == 0, "target %s failed on %s:\n%s\n%s" % (target, itflow.profile, result.stdout[-20000:], result.stderr[-5000:])
