# -*- coding: utf-8 -*-
"""The engine's main path against an in-memory ITFlow: find, diff, check mode, write, verify.

Every test reads the fake server's tables and request log afterwards: what was sent, and what the
server holds, not only what the engine answered.
"""

from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils._engine import Engine
from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    ITFlowAmbiguous,
    ITFlowEndpointMissing,
    ITFlowInputError,
    ITFlowNotFound,
)
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_itflow import FakeITFlow, run  # pylint: disable=import-error,wrong-import-position

pytestmark = pytest.mark.usefixtures("engine_env")

ASSET = {"client": "Acme", "name": "web01", "type": "Server", "os": "Ubuntu 24.04", "ip": "10.0.0.5",
         "mac": "aa:bb:cc:dd:ee:01", "purchase_date": "2024-01-15"}


@pytest.fixture
def fake():
    server = FakeITFlow()
    server.add("clients", client_id=1, client_name="Acme", client_lead="0")
    server.add("clients", client_id=2, client_name="Globex", client_lead="0")
    return server


def add_asset(fake, client_id=1, name="web01", **columns):
    row = dict(asset_client_id=client_id, asset_name=name, asset_type="Server", asset_os="Ubuntu 24.04",
               interface_ip="10.0.0.5", interface_mac="AA:BB:CC:DD:EE:01", interface_network_id="0",
               asset_purchase_date="2024-01-15")
    row.update(columns)
    return fake.add("assets", **row)


def shapes(requests):
    """(kind, module, op, sorted filter or body names) of each request."""
    return [(r.kind, r.module, r.op, tuple(sorted(r.data))) for r in requests]


# ------------------------------------------------------------------------------------ create


def test_check_mode_create_writes_nothing_and_predicts_the_real_run(fake):
    planned = run(fake, "asset", ASSET, check=True)
    assert fake.writes() == [] and fake.tables["assets"] == []
    assert planned["changed"] and planned["operation"] == "create"
    assert planned["diff"]["before"] == {}
    assert set(d["field"] for d in planned["drift"]) == set(ASSET) - {"client"}

    done = run(fake, "asset", ASSET)
    assert done["changed"] and done["operation"] == "create"
    assert [(w.module, w.op) for w in fake.writes()] == [("assets", "create")]
    for option in set(ASSET) - {"client"}:
        assert planned["diff"]["after"][option] == done["diff"]["after"][option], option
    assert planned["drift"] == done["drift"]


def test_create_sends_columns_and_the_client_and_returns_what_was_read_back(fake):
    result = run(fake, "asset", ASSET)
    body = fake.writes()[0].data
    assert body["client_id"] == 1
    assert body["asset_ip"] == "10.0.0.5" and body["asset_mac"] == "AA:BB:CC:DD:EE:01"
    assert body["asset_purchase_date"] == "2024-01-15"
    [row] = fake.tables["assets"]
    assert result["asset"]["id"] == int(row["asset_id"]) and result["asset"]["client_id"] == 1
    assert row["interface_ip"] == "10.0.0.5" and row["asset_os"] == "Ubuntu 24.04"
    assert result["asset"]["mac"] == "AA:BB:CC:DD:EE:01"


def test_a_field_ITFlow_ignores_on_create_is_sent_by_an_update_right_after(fake):
    result = run(fake, "asset", ASSET, uri_2="https://idrac.example")
    ops = [(w.op, sorted(w.data)) for w in fake.writes()]
    assert ops[0][0] == "create" and "asset_uri_2" not in ops[0][1]
    assert ops[1][0] == "update" and "asset_uri_2" in ops[1][1]
    assert fake.tables["assets"][0]["asset_uri_2"] == "https://idrac.example"
    assert result["operation"] == "create"


def test_create_again_changes_nothing_and_sends_nothing(fake):
    run(fake, "asset", ASSET)
    fake.clear()
    again = run(fake, "asset", ASSET, mac="AA-BB-CC-DD-EE-01", ip=" 10.0.0.5")  # any MAC spelling
    assert not again["changed"] and again["operation"] == "none" and again["drift"] == []
    assert fake.writes() == []
    assert again["diff"]["before"] == again["diff"]["after"]


def test_the_name_is_matched_without_regard_to_case_and_a_case_change_is_an_update(fake):
    run(fake, "asset", ASSET)
    result = run(fake, "asset", ASSET, name="WEB01")
    assert result["operation"] == "update" and result["drift"] == [{"field": "name", "current": "web01", "desired": "WEB01"}]
    assert [r["asset_name"] for r in fake.tables["assets"]] == ["WEB01"]


def test_a_required_natural_key_or_client_is_refused_before_any_request(fake):
    with pytest.raises(ITFlowInputError, match="name is required"):
        run(fake, "asset", client="Acme", os="x")
    with pytest.raises(ITFlowInputError, match="client is required"):
        run(fake, "asset", name="web01")
    with pytest.raises(ITFlowInputError, match="To create a contact ITFlow needs name"):
        run(fake, "contact", client="Acme", email="a@example.com")
    assert fake.writes() == []


# ------------------------------------------------------------------------------------ find


def test_found_by_the_name_filter_and_the_mac_filter_without_reading_the_list(fake):
    add_asset(fake)
    fake.clear()
    result = run(fake, "asset", ASSET)
    assert not result["changed"]
    assert shapes(fake.requests) == [
        ("read", "clients", "read", ("client_name",)),
        ("read", "assets", "read", ("asset_name",)),
        ("read", "assets", "read", ("asset_mac",)),
    ]


def test_without_a_mac_the_list_is_read_for_the_interface(fake):
    add_asset(fake)
    fake.clear()
    params = dict(ASSET)
    del params["mac"]
    result = run(fake, "asset", **params)
    assert not result["changed"], result["drift"]  # the IP is compared with the list's interface column
    assert ("read", "assets", "read", ("client_id",)) in shapes(fake.requests)


def test_a_drifting_mac_falls_back_to_the_list_and_updates(fake):
    record = add_asset(fake)
    result = run(fake, "asset", ASSET, mac="aa:bb:cc:dd:ee:02")
    assert result["changed"] and result["drift"] == [{"field": "mac", "current": "AA:BB:CC:DD:EE:01", "desired": "AA:BB:CC:DD:EE:02"}]
    assert ("read", "assets", "read", ("client_id",)) in shapes(fake.reads("assets"))
    assert fake.row("assets", record)["interface_mac"] == "AA:BB:CC:DD:EE:02"


@pytest.mark.parametrize("name", ["Café 01", "web 01 ", "<b>web01</b>"])
def test_a_name_the_filter_cannot_be_trusted_with_is_found_in_the_list(fake, name):
    add_asset(fake, name=name.strip())
    fake.clear()
    result = run(fake, "asset", ASSET, name=name)
    assert not any("asset_name" in r.data for r in fake.reads("assets"))
    assert result["operation"] in ("none", "update")
    assert len(fake.tables["assets"]) == 1


def test_records_of_other_clients_are_not_matched(fake):
    add_asset(fake, client_id=2)
    run(fake, "asset", ASSET)
    assert sorted(r["asset_client_id"] for r in fake.tables["assets"]) == ["1", "2"]


def test_an_ambiguous_name_fails_listing_the_candidates_and_writes_nothing(fake):
    one, two = add_asset(fake, interface_mac="AA:BB:CC:DD:EE:09"), add_asset(fake)
    with pytest.raises(ITFlowAmbiguous) as err:
        run(fake, "asset", ASSET, os="other")
    assert "Candidate ids: %d, %d" % (one, two) in str(err.value) and "Give id" in str(err.value)
    assert fake.writes() == []


def test_an_id_picks_the_record_and_may_rename_it(fake):
    record = add_asset(fake)
    result = run(fake, "asset", id=record, name="web02")
    assert result["changed"] and fake.row("assets", record)["asset_name"] == "web02"


def test_an_unknown_id_or_one_of_another_client_is_refused(fake):
    record = add_asset(fake, client_id=2)
    with pytest.raises(ITFlowNotFound, match="No asset with id 999"):
        run(fake, "asset", id=999, os="x")
    # Assets are read by id through the client's list: another client's asset is not there.
    with pytest.raises(ITFlowNotFound, match="No asset with id %d is visible to this API key in client 1" % record):
        run(fake, "asset", id=record, client="Acme", os="x")
    # Contacts have a read by id: the record is found, and its client does not match.
    contact = fake.add("contacts", contact_client_id=2, contact_name="Ann", contact_email="ann@example.com")
    with pytest.raises(ITFlowInputError, match="Contact id %d belongs to client 2, not to the client given" % contact):
        run(fake, "contact", id=contact, client="Acme", title="x")
    assert fake.writes() == []


def test_an_unknown_client_fails_in_a_real_run(fake):
    with pytest.raises(ITFlowNotFound, match="No client 'Initech'"):
        run(fake, "asset", ASSET, client="Initech")
    assert fake.writes() == []


def test_a_missing_read_endpoint_is_an_error_in_a_real_run_and_nothing_in_check_mode(fake):
    missing = ITFlowEndpointMissing("No assets/read.php.", endpoint="assets/read.php", status=404)
    fake.fault("read", "assets", error=missing, times=-1)
    planned = run(fake, "asset", ASSET, check=True, name="Café")
    assert planned["operation"] == "create"
    with pytest.raises(ITFlowEndpointMissing) as err:
        run(fake, "asset", ASSET, name="Café")
    assert "cannot read assets" in str(err.value) and "Check mode" in str(err.value)
    assert fake.writes() == []


# ------------------------------------------------------------------------------------ update and diff


def test_check_mode_update_reports_the_diff_a_real_run_reports(fake):
    record = add_asset(fake, asset_notes="")
    change = dict(client="Acme", name="web01", os="Ubuntu 26.04", notes="rack B")
    planned = run(fake, "asset", check=True, **change)
    assert fake.writes() == []
    assert fake.row("assets", record)["asset_os"] == "Ubuntu 24.04"
    assert planned["operation"] == "update"
    assert planned["diff"]["before"]["os"] == "Ubuntu 24.04" and planned["diff"]["after"]["os"] == "Ubuntu 26.04"
    assert planned["asset"] == planned["diff"]["after"]  # in check mode, the predicted record

    done = run(fake, "asset", **change)
    assert done["diff"] == planned["diff"] and done["drift"] == planned["drift"]
    assert [w.op for w in fake.writes()] == ["update"]
    assert fake.row("assets", record)["asset_os"] == "Ubuntu 26.04"


def test_an_update_sends_only_the_changes_and_the_ids(fake):
    record = add_asset(fake, asset_notes="old")
    run(fake, "asset", client="Acme", name="web01", notes="new", os="Ubuntu 24.04")
    [write] = fake.writes()
    assert write.data["asset_id"] == record and write.data["client_id"] == 1
    assert write.data["asset_notes"] == "new" and "asset_os" not in write.data


def test_only_declared_options_are_compared(fake):
    add_asset(fake, asset_notes="kept", asset_make="Dell")
    result = run(fake, "asset", client="Acme", name="web01", make="Dell")
    assert not result["changed"] and result["asset"]["notes"] == "kept"


# ------------------------------------------------------------------------------------ absent


def test_delete_in_check_mode_then_for_real_then_again(fake):
    record = add_asset(fake)
    planned = run(fake, "asset", check=True, client="Acme", name="web01", state="absent")
    assert planned["changed"] and planned["operation"] == "delete" and fake.writes() == []
    assert planned["asset"]["id"] == record and planned["diff"]["after"] == {}

    done = run(fake, "asset", client="Acme", name="web01", state="absent")
    assert done["changed"] and done["asset"] == planned["asset"]
    assert fake.tables["assets"] == []
    [write] = fake.writes()
    assert write.op == "delete" and write.data == {"asset_id": record, "client_id": 1}

    again = run(fake, "asset", client="Acme", name="web01", state="absent")
    assert not again["changed"] and len(fake.writes()) == 1


# ------------------------------------------------------------------------------------ references


def test_references_resolve_by_name_in_the_records_client(fake):
    location = fake.add("locations", location_client_id=1, location_name="HQ")
    fake.add("locations", location_client_id=2, location_name="HQ")
    run(fake, "asset", ASSET, location="hq")
    assert fake.tables["assets"][0]["asset_location_id"] == str(location)


def test_check_mode_plans_a_missing_client_as_new_without_reading_its_records(fake):
    result = run(fake, "asset", ASSET, check=True, client="Initech", location="HQ")
    assert result["changed"] and result["operation"] == "create"
    assert result["new_references"] == [{"resource": "client", "option": "client", "value": "Initech"},
                                        {"resource": "location", "option": "location", "value": "HQ"}]
    assert len(result["warnings"]) == 2 and "earlier task of this run creates it" in result["warnings"][0]
    assert result["diff"]["after"]["location"] == "HQ (new)"
    assert fake.writes() == [] and fake.reads("assets") == []


def test_check_mode_plans_a_missing_reference_in_an_existing_client_as_new_and_a_real_run_refuses_it(fake):
    add_asset(fake)
    planned = run(fake, "asset", check=True, client="Acme", name="web01", vendor="Dell Inc")
    assert planned["operation"] == "update"
    assert planned["drift"] == [{"field": "vendor", "current": None, "desired": "Dell Inc (new)"}]
    with pytest.raises(ITFlowNotFound, match="No vendor 'Dell Inc' in client 1"):
        run(fake, "asset", client="Acme", name="web01", vendor="Dell Inc")
    with pytest.raises(ITFlowNotFound):
        Engine(fake, RESOURCES["asset"], check_mode=True, plan_new_refs=False).run(
            dict(client="Acme", name="web01", vendor="Dell Inc"))
    assert fake.writes() == []


# ------------------------------------------------------------------------------------ itflow_bulk's interface


def test_preloaded_rows_are_found_without_reads_and_writes_are_verified_together(fake):
    record = add_asset(fake)
    engine = Engine(fake, RESOURCES["asset"])
    engine.preload(fake.read("assets", {}))
    fake.clear()
    assert not engine.run(dict(ASSET))["changed"]
    engine.run(dict(ASSET, os="Debian 13"))
    engine.run(dict(ASSET, name="web02", mac="aa:bb:cc:dd:ee:02"))
    assert fake.reads("assets") == []
    assert [w.op for w in fake.writes()] == ["update", "create"]
    assert [(p[0], p[1]) for p in engine.writer.pending][0] == ("update", record)
    assert engine.writer.verify_pending(fake.read("assets", {})) == {}

    fake.row("assets", record)["asset_os"] = "Windows"  # another hand changed it before the verifying read
    errors = engine.writer.verify_pending(fake.read("assets", {}))
    assert list(errors) == [record] and "os not as requested" in errors[record]
