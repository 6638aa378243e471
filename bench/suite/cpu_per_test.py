"""A pytest plugin for bench/suite/run.py: appends, per test, its wall time and the CPU it used.

CPU is the test's process's own (``RUSAGE_SELF``) plus that of the child processes it waited for
(``RUSAGE_CHILDREN``: ansible-playbook, molecule, ...), setup and teardown included, measured in the
process that runs the test (a pytest-xdist worker or pytest itself). One JSON object per line to the
file named by CPU_PER_TEST_OUT.
"""

import json
import os
import resource
import time

import pytest


def _cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):  # pylint: disable=unused-argument
    cpu, wall = _cpu(), time.time()
    yield
    line = {"id": item.nodeid, "wall": round(time.time() - wall, 3), "cpu": round(_cpu() - cpu, 3)}
    with open(os.environ["CPU_PER_TEST_OUT"], "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
