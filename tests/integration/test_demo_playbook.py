# -*- coding: utf-8 -*-
"""The README demo playbook: declares, re-runs with no change, and shows drift in check mode."""

from __future__ import absolute_import, division, print_function

import json
import os
import re

from itflow_integration import REPO  # pylint: disable=import-error
from test_targets import run_playbook  # pylint: disable=import-error

DEMO = os.path.join(REPO, "playbooks", "demo.yml")


def recap_changed(output):
    found = re.findall(r"localhost\s*:\s*ok=\d+\s+changed=(\d+)", output)
    assert found, output
    return int(found[-1])


def test_demo_playbook(itflow):
    first = run_playbook(itflow, DEMO)
    assert first.returncode == 0, first.stdout + first.stderr
    second = run_playbook(itflow, DEMO)
    assert second.returncode == 0, second.stdout + second.stderr
    assert recap_changed(second.stdout) == 0
    drift = run_playbook(itflow, DEMO, check=True, extra_args=["--diff", "-e", json.dumps({"demo_os": "Ubuntu 26.04"})])
    assert drift.returncode == 0, drift.stdout + drift.stderr
    assert '+    "os": "Ubuntu 26.04"' in drift.stdout
    assert recap_changed(drift.stdout) == 1
    again = run_playbook(itflow, DEMO)
    assert recap_changed(again.stdout) == 0  # check mode wrote nothing
