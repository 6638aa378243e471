# -*- coding: utf-8 -*-
"""itflow_bulk purge over clients archives the undeclared ones on every ITFlow version.

ITFlow has no working clients/delete.php (26.08: none; 26.04: it never succeeds), so a purge that tried
to delete would fail; check mode must predict the archive that a real run does. Simulator only: on a
real server this would archive every other client.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import re

import pytest

from itflow_integration import HERE, PROFILES, Server, real_server  # pylint: disable=import-error
from test_targets import run_playbook  # pylint: disable=import-error

PLAYBOOK = os.path.join(HERE, "playbooks", "purge_clients.yml")


def operations(output):
    found = re.findall(r'"msg": "PURGE (\[.*?\])"', output)
    assert found, output
    return json.loads(found[-1].replace('\\"', '"'))


@pytest.fixture(params=PROFILES)
def itflow_own(request):
    """A simulator of its own: the purge archives every client but one."""
    if real_server() is not None:
        pytest.skip("would archive every other client of a real server")
    from itflow_sim.testing import start_simulator  # pylint: disable=import-error
    sim = start_simulator(profile=request.param, seed="empty")
    try:
        yield Server(sim.url, sim.keys, sim.profile, sim)
    finally:
        sim.stop()


def test_purge_archives_clients(itflow_own):
    itflow = itflow_own
    names = sorted(row["client_name"] for row in itflow.sim.table("clients") if not row.get("client_archived_at"))
    assert len(names) >= 2, names
    kept, others = names[0], names[1:]

    check = run_playbook(itflow, PLAYBOOK, check=True, extra_args=["-e", json.dumps({"kept": kept})])
    assert check.returncode == 0, check.stdout + check.stderr
    assert operations(check.stdout) == ["archive"] * len(others)
    assert all(not row.get("client_archived_at") for row in itflow.sim.table("clients"))

    real = run_playbook(itflow, PLAYBOOK, extra_args=["-e", json.dumps({"kept": kept})])
    assert real.returncode == 0, real.stdout + real.stderr
    assert operations(real.stdout) == ["archive"] * len(others)
    rows = dict((row["client_name"], row) for row in itflow.sim.table("clients"))
    assert set(names) <= set(rows), "a client was deleted"
    assert not rows[kept].get("client_archived_at")
    assert all(rows[name].get("client_archived_at") for name in others)

    again = run_playbook(itflow, PLAYBOOK, extra_args=["-e", json.dumps({"kept": kept})])
    assert again.returncode == 0 and operations(again.stdout) == []
