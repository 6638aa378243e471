# -*- coding: utf-8 -*-
"""Fixtures of the event source tests: a simulator per profile (26.08 and 26.04), re-seeded for each test."""

import pytest

from eda_harness import PROFILES, Api
from itflow_sim.testing import start_simulator


@pytest.fixture(scope="module", params=PROFILES)
def _simulator(request, tmp_path_factory):
    """One simulator per profile and test module (starting one takes a few seconds)."""
    path = str(tmp_path_factory.mktemp("itflow-%s" % request.param) / "itflow.sqlite")
    with start_simulator(profile=request.param, seed="demo", db=path) as handle:
        handle.db_path = path
        yield handle


@pytest.fixture
def sim(_simulator):
    """The module's simulator, seeded afresh (keys unchanged, revoked ones restored), without faults or log."""
    _simulator.clear_faults()
    _simulator.reset()
    _simulator.clear_log()
    yield _simulator
    _simulator.clear_faults()


@pytest.fixture
def api(sim):
    return Api(sim)


@pytest.fixture
def make_args(sim, tmp_path):
    def make(events, key="admin", **extra):
        args = {"url": sim.url, "api_key": sim.keys[key]["api_key"], "decrypt_password": sim.keys[key]["decrypt_password"],
                "events": list(events), "interval": 0.2, "max_backoff": 0.5, "retry_backoff": 0.05,
                "state_file": str(tmp_path / "state.json")}
        args.update(extra)
        return args
    return make
