# -*- coding: utf-8 -*-
"""The engine against the simulator's fault injection: no duplicate or lost writes, transient reads recover.

These run only against the simulator (they need its fault control endpoints).
"""

from __future__ import absolute_import, division, print_function

import uuid

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils._client import ITFlowClient
from ansible_collections.itflow.itflow.plugins.module_utils._engine import Engine
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowAuthError, ITFlowError, ITFlowServerError
from ansible_collections.itflow.itflow.plugins.module_utils._resources.asset import ASSET
from ansible_collections.itflow.itflow.plugins.module_utils._resources.client import CLIENT


@pytest.fixture
def sim(itflow):
    if itflow.sim is None:
        pytest.skip("fault injection needs the bundled simulator")
    itflow.sim.clear_faults()
    itflow.sim.clear_log()
    yield itflow.sim
    itflow.sim.clear_faults()


def engine(sim, resource, key="admin", **kw):
    client = ITFlowClient(sim.url, sim.keys[key]["api_key"], retries=2, retry_backoff=0, timeout=kw.pop("timeout", 5), **kw)
    return Engine(client, resource)


def assets_named(sim, name):
    return [r for r in sim.table("assets") if r["asset_name"] == name]


@pytest.mark.parametrize("kind", ["drop", "status_500_empty"])
def test_create_whose_answer_is_lost_is_not_duplicated(sim, kind):
    name = "fault-%s" % uuid.uuid4().hex[:8]
    sim.fault("assets/create.php", kind, after_write=True)
    result = engine(sim, ASSET).run({"client": 1, "name": name, "ip": "10.9.0.1", "state": "present"})
    assert result["changed"] is True
    assert len(assets_named(sim, name)) == 1
    creates = [e for e in sim.log() if e["path"].endswith("assets/create.php")]
    assert len(creates) == 1  # read back first: the record was there, so no second POST


def test_create_that_did_not_land_is_not_sent_again(sim):
    """A write is sent once (issue #13): the read-back shows nothing landed, the task fails saying so, a re-run creates it."""
    name = "fault-%s" % uuid.uuid4().hex[:8]
    sim.clear_log()
    sim.fault("assets/create.php", "drop")
    with pytest.raises(ITFlowError) as failure:
        engine(sim, ASSET).run({"client": 1, "name": name, "state": "present"})
    assert "sent once and not again" in str(failure.value)
    assert assets_named(sim, name) == []
    assert len([e for e in sim.log() if e["path"].endswith("assets/create.php")]) == 1
    assert engine(sim, ASSET).run({"client": 1, "name": name, "state": "present"})["changed"] is True
    assert len(assets_named(sim, name)) == 1


def test_update_whose_answer_is_lost_is_confirmed_by_reading_back(sim):
    name = "fault-%s" % uuid.uuid4().hex[:8]
    eng = engine(sim, ASSET)
    eng.run({"client": 1, "name": name, "ip": "10.9.0.2", "mac": "AA:BB:CC:09:00:02", "state": "present"})
    sim.fault("assets/update.php", "drop", after_write=True)
    result = engine(sim, ASSET).run({"client": 1, "name": name, "notes": "after fault", "state": "present"})
    assert result["changed"] is True
    row = assets_named(sim, name)[0]
    assert row["asset_notes"] == "after fault"


@pytest.mark.parametrize("kind", ["status_500_empty", "status_502_html", "malformed_json", "truncated_json", "drop"])
def test_transient_read_faults_are_retried(sim, kind):
    sim.fault("clients/read.php", kind, times=2)
    result = engine(sim, CLIENT).run({"name": "Acme Corp", "state": "present"})
    assert result["changed"] is False


def test_persistent_500_is_reported_without_writing(sim):
    sim.clear_log()
    sim.fault("clients/read.php", "status_500_empty", times=-1)
    with pytest.raises(ITFlowServerError) as err:
        engine(sim, CLIENT).run({"name": "Nobody %s" % uuid.uuid4().hex[:6], "state": "present"})
    assert "clients/read.php" in str(err.value)
    assert not [e for e in sim.log() if e["method"] == "POST"]


def test_bad_key_is_a_clear_error(sim):
    client = ITFlowClient(sim.url, "x" * 32, retries=0)
    with pytest.raises(ITFlowAuthError) as err:
        Engine(client, CLIENT).run({"name": "Acme Corp", "state": "present"})
    assert "401" in str(err.value)
