# -*- coding: utf-8 -*-
"""Integration tests: real ansible-playbook runs against an ITFlow server.

By default each simulator profile (26.08, 26.04, full) is started in turn. With
ITFLOW_URL and ITFLOW_API_KEY set, the same targets run against that server instead
(ITFLOW_PROFILE says which kind it is: 26.08 or 26.04; ITFLOW_DECRYPT_PASSWORD for
credentials).
"""

from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

# From tests/conftest.py; the integration tests import them from here.
from itflow_tests import REPO, collections_path  # noqa: F401 pylint: disable=import-error,unused-import

HERE = os.path.dirname(os.path.abspath(__file__))

PROFILES = ["26.08", "26.04", "full"]

# Which simulator profiles a test runs on, unless it says otherwise with @pytest.mark.profiles(...):
# the two kinds of real server. The simulator's "full" profile is 26.04 with a few more working write
# endpoints (domains, networks, software, sales): only the tests of those mark it.
DEFAULT_PROFILES = ("26.08", "26.04")


class Server(object):
    def __init__(self, url, keys, profile, sim=None):
        self.url = url
        self.keys = keys
        self.profile = profile
        self.sim = sim

    @property
    def admin(self):
        return self.keys["admin"]


def real_server():
    if os.environ.get("ITFLOW_URL") and os.environ.get("ITFLOW_API_KEY"):
        keys = {"admin": {"api_key": os.environ["ITFLOW_API_KEY"], "decrypt_password": os.environ.get("ITFLOW_DECRYPT_PASSWORD", ""),
                          "client_id": None}}
        return Server(os.environ["ITFLOW_URL"], keys, os.environ.get("ITFLOW_PROFILE", "26.08"))
    return None


def server_params():
    if real_server() is not None:
        return ["real"]
    return PROFILES


@pytest.fixture(scope="session", params=server_params())
def itflow(request):
    """One ITFlow server per profile for the whole session (or the real one)."""
    if request.param == "real":
        yield real_server()
        return
    from itflow_sim.testing import start_simulator  # pylint: disable=import-error
    sim = start_simulator(profile=request.param, seed="empty")
    try:
        yield Server(sim.url, sim.keys, sim.profile, sim)
    finally:
        sim.stop()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "profiles(*names): the simulator profiles (26.08, 26.04, full) this test runs on; default 26.08 and 26.04. "
        "Against a real server (ITFLOW_URL) every test runs.")


def item_profiles(item):
    """The simulator profiles ``item`` runs on: its ``profiles`` marker (on the test, on one of its parametrised
    cases, or ``pytestmark`` of its module), else DEFAULT_PROFILES. Mark one of these places, not several."""
    marker = item.get_closest_marker("profiles")
    return tuple(marker.args) if marker is not None else DEFAULT_PROFILES


def pytest_collection_modifyitems(config, items):
    """Deselect the simulator profiles a test does not run on (see DEFAULT_PROFILES)."""
    keep, drop = [], []
    for item in items:
        if not str(item.fspath).startswith(HERE + os.sep):
            keep.append(item)
            continue
        callspec = getattr(item, "callspec", None)
        profile = callspec.params.get("itflow") if callspec is not None else None
        if profile in PROFILES and profile not in item_profiles(item):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


# Test modules import this file as ``itflow_integration``: ``from conftest import`` gets whichever folder's
# conftest.py pytest loaded last (tests/eda's, tests/faults'... when one run names several folders).
sys.modules["itflow_integration"] = sys.modules[__name__]
