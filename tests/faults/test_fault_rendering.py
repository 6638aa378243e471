# -*- coding: utf-8 -*-
"""What a user sees when a module meets a fault in ansible-playbook: one line, the traceback only with -vvv."""

from __future__ import absolute_import, division, print_function

import json
import sys

import pytest

from fault_harness import CONNECTION, bin_path, run_cli  # pylint: disable=import-error

PLAY = """- hosts: localhost
  gather_facts: false
  tasks:
    - name: An asset while assets/read.php answers 403
      itflow.itflow.itflow_asset: %s
"""


@pytest.mark.parametrize("verbosity", ["", "traceback"])
def test_module_failure_is_one_line_without_traceback(fresh, tmp_path, verbosity):
    """ansible-core 2.19 shows a module's traceback only with ANSIBLE_DISPLAY_TRACEBACK=error (-vvv before 2.19)."""
    sim = fresh
    sim.fault("assets/read.php", "status_403", times=-1)
    args = dict(CONNECTION, url=sim.url, api_key=sim.keys["admin"]["api_key"], client=1, name="ACME-SRV01")
    path = tmp_path / "play.yml"
    path.write_text(PLAY % json.dumps(args))
    argv = [bin_path("ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=" + sys.executable, str(path)]
    env = {"ANSIBLE_LOCALHOST_WARNING": "false"}
    if verbosity:
        argv.append("-vvv")
        env["ANSIBLE_DISPLAY_TRACEBACK"] = "error"
    run = run_cli(argv, env=env, cwd=str(tmp_path))
    assert run.rc == 2, run
    assert sim.keys["admin"]["api_key"] not in run.output
    if verbosity:  # the result is printed over several lines there
        assert "assets/read.php (HTTP 403)" in run.output, run
        assert "Traceback" in run.output or "traceback" in run.output, run
    else:
        line = run.line("fatal: [localhost]: FAILED!")
        assert "assets/read.php (HTTP 403)" in line and "Give the key's user a role" in line, run
        assert "Traceback" not in run.output and "traceback" not in run.output, run
