# -*- coding: utf-8 -*-
"""Run every integration target with ansible-playbook against each ITFlow server.

The targets are ansible-test targets (tests/integration/targets/<name>, with aliases and the
setup_itflow role): ansible-test integration runs them with the variables of
integration_config.yml (scripts/integration.sh); here run_target.yml runs each as a role with the
same variables, built by write_config.config_vars, as extra variables.
"""

from __future__ import absolute_import, division, print_function

import os
import subprocess
import uuid

import pytest

from itflow_integration import HERE, collections_path  # pylint: disable=import-error
from itflow_tests import venv_bin  # pylint: disable=import-error
from write_config import config_vars, write  # pylint: disable=import-error

TARGETS = sorted(
    name for name in os.listdir(os.path.join(HERE, "targets"))
    if not name.startswith("setup_") and os.path.isfile(os.path.join(HERE, "targets", name, "tasks", "main.yml"))
)


def ansible_bin(name):
    """The Ansible command of the Python running the tests (its venv), else the one on PATH."""
    return venv_bin(name) or name


def run_playbook(itflow, playbook, extra_vars=None, key="admin", check=False, extra_args=(), extra_env=None):
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
    env.update(extra_env or {})
    cmd = [ansible_bin("ansible-playbook"), playbook]
    for name, value in (extra_vars or {}).items():
        cmd += ["-e", "%s=%s" % (name, value)]
    if check:
        cmd.append("--check")
    cmd += list(extra_args)
    return subprocess.run(cmd, env=env, cwd=HERE, capture_output=True, text=True, timeout=900, check=False)


def target_vars(itflow, path, key="admin"):
    """Write the variables ansible-test would read from integration_config.yml for this server; the -e argument."""
    write(str(path), config_vars(itflow.url, itflow.keys[key]["api_key"], itflow.keys[key].get("decrypt_password") or "",
                                 itflow.profile))
    return "@%s" % path


def test_target_variables_are_those_of_integration_config(itflow, tmp_path):
    path = tmp_path / "integration_config.yml"
    target_vars(itflow, path)
    text = path.read_text()
    for name in ("itflow_url", "itflow_api_key", "itflow_decrypt_password", "itflow_profile", "itflow_validate_certs"):
        assert "\n%s: " % name in text
    assert '"%s"' % itflow.profile in text and oct(os.stat(str(path)).st_mode & 0o777) == "0o600"


# The simulator's "full" profile differs from 26.04 only in the endpoints these targets write or read.
FULL_PROFILE_TARGETS = ("itflow_domain", "itflow_info", "itflow_network", "itflow_software")


# The targets' deep steps (setup_itflow's itflow_deep) run by default on 26.08 and a real server only;
# ITFLOW_DEEP=true (or false) decides for every profile.
DEEP = os.environ.get("ITFLOW_DEEP", "").strip().lower()


@pytest.mark.parametrize("target", [
    pytest.param(t, marks=pytest.mark.profiles("26.08", "26.04", "full")) if t in FULL_PROFILE_TARGETS else t for t in TARGETS])
def test_target(itflow, target, tmp_path):
    extra_vars = {"target": target, "prefix": "it-%s" % uuid.uuid4().hex[:8]}
    if DEEP:
        extra_vars["itflow_deep"] = DEEP
    result = run_playbook(itflow, "run_target.yml", extra_vars,
                          extra_args=["-e", target_vars(itflow, tmp_path / "integration_config.yml")],
                          extra_env={"ANSIBLE_ROLES_PATH": os.path.join(HERE, "targets")})
    assert result.returncode == 0, "target %s failed on %s:\n%s\n%s" % (target, itflow.profile, result.stdout[-20000:], result.stderr[-5000:])
