# -*- coding: utf-8 -*-
"""Run every molecule scenario of the collection: ``molecule test -s <name>`` from the repository root.

Layout (checked with molecule 26.10 from .venv): with galaxy.yml at the repository root and no
``molecule/`` folder there, molecule runs in collection mode and finds the scenarios in
``extensions/molecule/<name>/molecule.yml``; ``extensions/molecule/shared`` holds what the scenarios
share (simulator_start.yml, simulator_stop.yml, see its README.md) and is not a scenario (no molecule.yml).

Each scenario found there is one test. It passes when molecule exits 0 and its output shows that the
idempotence step ran and passed (a scenario whose sequence lacks idempotence fails here), and that verify
passed. On failure the test prints the tail of molecule's output. Scenarios start their own ITFlow simulator
(profile ITFLOW_SIM_PROFILE, default 26.08), or use the real server given by ITFLOW_URL and ITFLOW_API_KEY.
"""

from __future__ import absolute_import, division, print_function

import os
import re
import subprocess
import sys
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO_ROOT = os.path.join(REPO, "extensions", "molecule")
NOT_SCENARIOS = ("shared",)
TIMEOUT = 900
TAIL_LINES = 150
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\")
from itflow_tests import collections_path, venv_bin  # pylint: disable=import-error,wrong-import-position


def scenarios():
    if not os.path.isdir(SCENARIO_ROOT):
        return []
    return sorted(name for name in os.listdir(SCENARIO_ROOT)
                  if name not in NOT_SCENARIOS and os.path.isfile(os.path.join(SCENARIO_ROOT, name, "molecule.yml")))


def molecule_env():
    env = dict(os.environ)
    env.update({
        # molecule runs ansible-playbook and ansible-config from PATH: the venv's first.
        "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
        "ANSIBLE_COLLECTIONS_PATH": collections_path(),
        "NO_COLOR": "1",
        "MOLECULE_NO_COLOR": "1",
        "PY_COLORS": "0",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "TERM": "dumb",
    })
    return env


def step_passed(output, scenario, step):
    """Whether molecule reported ``<scenario> > <step>: Executed: Successful`` (or its unicode arrow form)."""
    pattern = r"%s\s*(?:>|\u279c)\s*%s\]?:?\s+Executed: Successful" % (re.escape(scenario), re.escape(step))
    return re.search(pattern, output) is not None


def tail(text, lines=TAIL_LINES):
    return "\n".join(text.splitlines()[-lines:])


def test_scenarios_exist():
    """No scenario found is a failure, never a silent skip."""
    assert scenarios(), "no molecule scenario under %s" % SCENARIO_ROOT


@pytest.mark.parametrize("scenario", scenarios())
def test_molecule_scenario(scenario):
    started = time.time()
    try:
        result = subprocess.run([venv_bin("molecule"), "test", "-s", scenario], cwd=REPO, env=molecule_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout.decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        pytest.fail("molecule test -s %s did not finish within %d s; last output:\n%s" % (scenario, TIMEOUT, tail(ANSI.sub("", output))))
    output = ANSI.sub("", result.stdout)
    took = time.time() - started
    where = "molecule test -s %s (exit code %s, %.0f s); last %d lines:\n%s" % (scenario, result.returncode, took, TAIL_LINES, tail(output))
    assert result.returncode == 0, "failed: " + where
    assert step_passed(output, scenario, "idempotence"), "the idempotence step did not run and pass: " + where
    assert step_passed(output, scenario, "verify"), "the verify step did not run and pass: " + where
