# -*- coding: utf-8 -*-
"""The writer's rules, through the engine, against an in-memory ITFlow with injected failures.

A write is sent once and never again; every write is confirmed by reading back; an answer ITFlow
gets wrong either way is judged by what the read shows; a failed read after a write is "may have
been applied" (ITFlowOutcomeUnknown, a change); a create that cannot be completed is undone where
ITFlow can delete, else named.
"""

from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    ITFlowAmbiguous,
    ITFlowConnectionError,
    ITFlowEndpointMissing,
    ITFlowOutcomeUnknown,
    ITFlowServerError,
    ITFlowVerifyError,
    ITFlowWriteFailed,
)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_itflow import FakeITFlow, run  # pylint: disable=import-error,wrong-import-position

pytestmark = pytest.mark.usefixtures("engine_env")

ASSET = {"client": "Acme", "name": "web01", "os": "Ubuntu 24.04", "ip": "10.0.0.5", "mac": "aa:bb:cc:dd:ee:01"}
DROPPED = ITFlowConnectionError("Connection to ITFlow dropped.", endpoint="assets/create.php")


@pytest.fixture
def fake():
    server = FakeITFlow()
    server.add("clients", client_id=1, client_name="Acme", client_lead="0")
    return server


@pytest.fixture
def asset(fake):
    return fake.add("assets", asset_client_id=1, asset_name="web01", asset_os="Ubuntu 24.04", interface_ip="10.0.0.5",
                    interface_mac="AA:BB:CC:DD:EE:01", interface_network_id="0")


def ops(fake):
    return [(w.module, w.op) for w in fake.writes()]


# ------------------------------------------------------------------------------------ create: never re-sent


def test_a_create_whose_answer_was_lost_is_found_by_its_key_and_not_sent_again(fake):
    fake.fault("write", "assets", "create", error=DROPPED, apply=True)
    result = run(fake, "asset", ASSET)
    assert ops(fake) == [("assets", "create")]
    [row] = fake.tables["assets"]
    assert result["changed"] and result["asset"]["id"] == int(row["asset_id"])


def test_a_create_whose_answer_was_lost_and_that_did_not_land_fails_once(fake):
    fake.fault("write", "assets", "create", error=DROPPED)
    with pytest.raises(ITFlowWriteFailed) as err:
        run(fake, "asset", ASSET)
    assert "no new asset (it was sent once and not again" in str(err.value)
    assert ops(fake) == [("assets", "create")] and fake.tables["assets"] == []


def test_an_empty_500_on_create_names_the_build_when_nothing_landed(fake):
    fake.fault("write", "assets", "create", error=ITFlowServerError("HTTP 500.", endpoint="assets/create.php", status=500))
    with pytest.raises(ITFlowServerError, match="This ITFlow build's assets/create.php fails for this request"):
        run(fake, "asset", ASSET)
    assert ops(fake) == [("assets", "create")]


def test_two_records_landing_after_an_unclear_create_are_ambiguous(fake):
    def twice(_body):
        fake.add("assets", asset_client_id=1, asset_name="web01")  # another writer's, at the same moment
        return True
    fake.fault("write", "assets", "create", error=DROPPED, apply=True, when=twice)
    with pytest.raises(ITFlowAmbiguous, match="2 new matching records exist"):
        run(fake, "asset", ASSET)
    assert ops(fake) == [("assets", "create")]


def test_a_refused_create_says_what_ITFlow_leaves_unsaid(fake):
    fake.fault("write", "contacts", "create", error=ITFlowWriteFailed("ITFlow refused contacts/create.php.", endpoint="contacts/create.php"))
    with pytest.raises(ITFlowWriteFailed, match="a contact e-mail already used in this client"):
        run(fake, "contact", client="Acme", name="Ann", email="ann@example.com")
    assert ops(fake) == [("contacts", "create")]


def test_a_missing_create_endpoint_is_explained_with_the_resources_words(fake):
    fake.fault("write", "ticket_replies", "create", error=ITFlowEndpointMissing("404.", endpoint="ticket_replies/create.php", status=404))
    ticket = fake.add("tickets", ticket_client_id=1, ticket_subject="Printer", ticket_status="1")
    with pytest.raises(ITFlowEndpointMissing) as err:
        run(fake, "ticket_reply", ticket=ticket, reply="on it")
    text = str(err.value)
    assert "no ticket_replies/create.php endpoint, so it cannot create a ticket reply" in text
    assert "before 26.08 has no ticket replies API" in text and "Check mode" in text


# ------------------------------------------------------------------------------------ outcome unknown


def list_reads(filters):
    return "asset_name" not in filters and "asset_mac" not in filters


def test_a_create_applied_but_not_readable_is_reported_as_applied_but_unconfirmed(fake):
    fake.fault("read", "assets", error=ITFlowConnectionError("timed out"), times=-1, when=list_reads)
    with pytest.raises(ITFlowOutcomeUnknown) as err:
        run(fake, "asset", ASSET)
    assert err.value.changed is True
    assert "ITFlow said it applied it" in str(err.value) and "Re-run the task" in str(err.value)
    assert ops(fake) == [("assets", "create")] and len(fake.tables["assets"]) == 1


def test_an_update_whose_read_back_fails_may_have_been_applied(fake, asset):
    fake.fault("read", "assets", error=ITFlowConnectionError("timed out"), times=-1, when=list_reads)
    fake.fault("write", "assets", "update", error=DROPPED, apply=True)
    with pytest.raises(ITFlowOutcomeUnknown, match="it may have been applied"):
        run(fake, "asset", client="Acme", name="web01", mac="aa:bb:cc:dd:ee:01", os="Debian 13")  # found without the list
    assert ops(fake) == [("assets", "update")]
    assert fake.row("assets", asset)["asset_os"] == "Debian 13"


# ------------------------------------------------------------------------------------ answers judged by reading back


def test_an_update_answered_failure_but_applied_is_the_change_it_was(fake, asset):
    # ITFlow 26.08 answers failure to an IP-only asset update, and applies it.
    fake.fault("write", "assets", "update", error=ITFlowWriteFailed("ITFlow refused assets/update.php: failed", endpoint="assets/update.php"),
               apply=True)
    result = run(fake, "asset", client="Acme", name="web01", ip="10.0.0.6")
    assert result["changed"] and result["asset"]["ip"] == "10.0.0.6"
    assert ops(fake) == [("assets", "update")]


def test_an_update_answered_success_but_not_applied_fails_without_a_second_write(fake, asset):
    fake.fault("write", "assets", "update")
    with pytest.raises(ITFlowVerifyError) as err:
        run(fake, "asset", client="Acme", name="web01", os="Debian 13")
    assert "answered success on assets/update.php, but reading back shows os not as requested" in str(err.value)
    assert ops(fake) == [("assets", "update")]


def test_an_update_answered_500_and_not_applied_names_the_build(fake, asset):
    fake.fault("write", "assets", "update", error=ITFlowServerError("HTTP 500 on assets/update.php.", status=500))
    with pytest.raises(ITFlowServerError, match="Reading back shows os not as requested"):
        run(fake, "asset", client="Acme", name="web01", os="Debian 13")
    assert ops(fake) == [("assets", "update")]


def test_a_delete_answered_failure_but_applied_is_a_change_and_the_next_run_none(fake, asset):
    fake.fault("write", "assets", "delete", error=ITFlowWriteFailed("refused", endpoint="assets/delete.php"), apply=True)
    assert run(fake, "asset", client="Acme", name="web01", state="absent")["changed"]
    assert not run(fake, "asset", client="Acme", name="web01", state="absent")["changed"]
    assert ops(fake) == [("assets", "delete")]


def test_a_delete_answered_success_but_not_applied_fails(fake, asset):
    fake.fault("write", "assets", "delete")
    with pytest.raises(ITFlowVerifyError, match="the asset still exists"):
        run(fake, "asset", client="Acme", name="web01", state="absent")
    assert fake.row("assets", asset) is not None


def test_a_flag_not_set_by_its_endpoint_fails(fake):
    fake.add("clients", client_id=5, client_name="Old", client_lead="0")
    fake.fault("write", "clients", "archive")
    with pytest.raises(ITFlowVerifyError, match="the client is not archived"):
        run(fake, "client", name="Old", state="archived")
    assert ops(fake) == [("clients", "archive")]


# ------------------------------------------------------------------------------------ undo of a failed create


def test_a_create_the_server_stores_wrongly_is_deleted_again(fake):
    fake.drops[("assets", "create")] = {"asset_os"}
    with pytest.raises(ITFlowVerifyError) as err:
        run(fake, "asset", ASSET)
    text = str(err.value)
    assert "reading back shows os not as requested" in text and "was deleted again, so nothing is left behind" in text
    assert ops(fake) == [("assets", "create"), ("assets", "delete")]
    assert fake.tables["assets"] == []


def test_a_failed_create_whose_delete_fails_is_named_and_left(fake):
    fake.drops[("assets", "create")] = {"asset_os"}
    fake.fault("write", "assets", "delete", error=ITFlowEndpointMissing("404.", endpoint="assets/delete.php", status=404))
    with pytest.raises(ITFlowVerifyError) as err:
        run(fake, "asset", ASSET)
    [row] = fake.tables["assets"]
    assert "asset id %s (web01) this task created is left in ITFlow" % row["asset_id"] in str(err.value)


def test_a_failed_create_of_a_record_ITFlow_cannot_delete_is_left_without_trying(fake):
    ticket = fake.add("tickets", ticket_client_id=1, ticket_subject="Printer", ticket_status="1")
    fake.drops[("ticket_replies", "create")] = {"ticket_reply_time_worked"}
    with pytest.raises(ITFlowVerifyError, match="this task created is left in ITFlow"):
        run(fake, "ticket_reply", ticket=ticket, reply="on it", time_worked="00:10:00")
    assert ops(fake) == [("ticket_replies", "create")]


def test_a_failed_update_after_a_create_is_undone_with_the_updates_error(fake):
    fake.fault("write", "assets", "update", error=ITFlowServerError("HTTP 500.", status=500))
    with pytest.raises(ITFlowServerError) as err:
        run(fake, "asset", ASSET, uri_2="https://idrac.example")
    assert "was deleted again" in str(err.value)
    assert ops(fake) == [("assets", "create"), ("assets", "update"), ("assets", "delete")]
    assert fake.tables["assets"] == []


def test_a_create_answered_with_an_id_that_cannot_be_read_back_fails(fake):
    fake.fault("write", "assets", "create")  # answered success with an id, stored nothing
    with pytest.raises(ITFlowVerifyError, match="but no such asset can be read back"):
        run(fake, "asset", ASSET)
