"""Fixtures of the raw-HTTP simulator suite: one simulator per profile/seed and test module.

Helpers and the literal server messages live in sim_raw_helpers.py.
"""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SIM_DIR = os.path.dirname(HERE)
for path in (SIM_DIR, HERE):
    if path not in sys.path:
        sys.path.insert(0, path)

from sim_raw_helpers import Api  # noqa: E402


def _start(profile, seed):
    from itflow_sim.testing import start_simulator  # noqa: E402  (the simulator under test)

    return start_simulator(profile=profile, seed=seed)


@pytest.fixture(scope="module")
def sim2608():
    sim = _start("26.08", "demo")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def sim2608_empty():
    sim = _start("26.08", "empty")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def sim2604():
    sim = _start("26.04", "demo")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def sim_full():
    sim = _start("full", "demo")
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def api(sim2608):
    """26.08 demo simulator client."""
    return Api(sim2608)


@pytest.fixture(scope="module")
def api_empty(sim2608_empty):
    return Api(sim2608_empty)


@pytest.fixture(scope="module")
def api04(sim2604):
    return Api(sim2604)


@pytest.fixture(scope="module")
def apifull(sim_full):
    return Api(sim_full)
