# -*- coding: utf-8 -*-
"""Each resource definition's quirks, as the engine applies them, against an in-memory ITFlow.

asset: interface carry and check_update; client: its own id as client_id, client_is_lead carried,
archive flag; contact: archive refusal; ticket: open-ticket candidates, the resolved flag, details
normalised; ticket reply: parent and its client; certificate: prepare_write; credential: decrypt
password, normalise_row, the index behind key_rows; document: carry and escaped text.
"""

from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowInputError, ITFlowServerError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_itflow import FakeITFlow, run, sql_escape  # pylint: disable=import-error,wrong-import-position

pytestmark = pytest.mark.usefixtures("engine_env")


@pytest.fixture
def fake():
    server = FakeITFlow()
    server.add("clients", client_id=1, client_name="Acme", client_lead="1")
    server.add("clients", client_id=2, client_name="Globex", client_lead="0")
    return server


def writes(fake):
    return [(w.module, w.op) for w in fake.writes()]


# ------------------------------------------------------------------------------------ asset


def test_asset_update_re_sends_the_interface_ITFlow_would_wipe(fake):
    record = fake.add("assets", asset_client_id=1, asset_name="web01", asset_os="Ubuntu 24.04", interface_ip="10.0.0.5",
                      interface_mac="AA:BB:CC:DD:EE:01", interface_network_id="7")
    run(fake, "asset", client="Acme", name="web01", os="Ubuntu 26.04")
    [write] = fake.writes()
    assert (write.data["asset_ip"], write.data["asset_mac"], write.data["asset_network_id"]) == ("10.0.0.5", "AA:BB:CC:DD:EE:01", 7)
    row = fake.row("assets", record)
    assert (row["interface_ip"], row["interface_mac"], row["interface_network_id"]) == ("10.0.0.5", "AA:BB:CC:DD:EE:01", "7")


def test_asset_update_of_the_interface_sends_the_new_value_and_carries_the_rest(fake):
    record = fake.add("assets", asset_client_id=1, asset_name="web01", interface_ip="10.0.0.5", interface_mac="AA:BB:CC:DD:EE:01",
                      interface_network_id="0")
    run(fake, "asset", client="Acme", name="web01", ip="10.0.0.6")
    [write] = fake.writes()
    assert write.data["asset_ip"] == "10.0.0.6" and write.data["asset_mac"] == "AA:BB:CC:DD:EE:01"
    assert fake.row("assets", record)["interface_mac"] == "AA:BB:CC:DD:EE:01"


def test_asset_without_an_interface_row_refuses_interface_changes_before_writing(fake):
    record = fake.add("assets", asset_client_id=1, asset_name="web01", asset_os="x")
    fake.row("assets", record)["interface_id"] = None
    with pytest.raises(ITFlowInputError, match="no primary interface row.*ip, mac cannot be set"):
        run(fake, "asset", client="Acme", name="web01", ip="10.0.0.6", mac="aa:bb:cc:dd:ee:02")
    assert fake.writes() == []
    run(fake, "asset", client="Acme", name="web01", os="y")  # other fields still change
    assert writes(fake) == [("assets", "update")]


# ------------------------------------------------------------------------------------ client


def test_client_writes_carry_its_own_id_and_is_lead(fake):
    run(fake, "client", name="Acme", notes="vip")
    [write] = fake.writes()
    assert write.data["client_id"] == 1 and write.data["client_is_lead"] == 1  # carried: its update crashes without it
    assert fake.row("clients", 1)["client_notes"] == "vip" and fake.row("clients", 1)["client_lead"] == "1"


def test_client_archive_and_unarchive_through_its_flag(fake):
    planned = run(fake, "client", check=True, name="Globex", state="archived")
    assert planned["operation"] == "archive" and fake.writes() == []
    done = run(fake, "client", name="Globex", state="archived")
    assert done["operation"] == "archive" and done["client"]["archived"] is True
    assert done["diff"] == planned["diff"]
    assert [(w.op, w.data) for w in fake.writes()] == [("archive", {"client_id": 2})]
    assert not run(fake, "client", name="Globex", state="archived")["changed"]
    back = run(fake, "client", name="Globex", notes="back", state="present")
    assert back["operation"] == "unarchive+update" and writes(fake)[1:] == [("clients", "unarchive"), ("clients", "update")]
    assert fake.row("clients", 2)["client_archived_at"] is None


def test_a_new_client_is_created_without_a_client_id(fake):
    result = run(fake, "client", name="Initech", is_lead=True)
    [write] = fake.writes()
    assert "client_id" not in write.data and write.data["client_is_lead"] == 1
    assert result["client"]["is_lead"] is True


# ------------------------------------------------------------------------------------ contact


@pytest.mark.parametrize("flag", ["important", "billing", "technical"])
def test_contact_archived_with_a_flag_ITFlow_clears_is_refused_before_any_request(fake, flag):
    with pytest.raises(ITFlowInputError, match="%s cannot be true with state=archived" % flag):
        run(fake, "contact", client="Acme", email="ann@example.com", state="archived", **{flag: True})
    assert fake.requests == []


def test_contact_is_found_by_its_email_filter(fake):
    fake.add("contacts", contact_client_id=1, contact_name="Ann", contact_email="ann@example.com", contact_archived_at=None)
    fake.clear()
    assert not run(fake, "contact", client="Acme", email="ann@example.com", name="Ann")["changed"]
    assert [r.data for r in fake.reads("contacts")] == [{"contact_email": "ann@example.com"}]
    # Another case is the same contact (ITFlow's collation), with its e-mail to correct.
    result = run(fake, "contact", client="Acme", email="ANN@example.com")
    assert result["operation"] == "update" and len(fake.tables["contacts"]) == 1


# ------------------------------------------------------------------------------------ ticket


def test_ticket_subject_is_matched_among_open_tickets_only(fake):
    fake.add("tickets", ticket_client_id=1, ticket_subject="Printer", ticket_status="5", ticket_resolved_at="2026-01-01")
    result = run(fake, "ticket", client="Acme", subject="Printer", details="again")
    assert result["operation"] == "create" and len(fake.tables["tickets"]) == 2


def test_ticket_state_resolved_accepts_the_resolved_one_when_none_is_open(fake):
    record = fake.add("tickets", ticket_client_id=1, ticket_subject="Printer", ticket_status="5", ticket_resolved_at="2026-01-01")
    result = run(fake, "ticket", client="Acme", subject="Printer", state="resolved")
    assert not result["changed"] and result["ticket"]["id"] == record and fake.writes() == []


def test_ticket_resolve_flag_and_no_way_back(fake):
    record = fake.add("tickets", ticket_client_id=1, ticket_subject="Printer", ticket_status="1", ticket_details="x<br>")
    planned = run(fake, "ticket", check=True, client="Acme", subject="Printer", state="resolved")
    assert planned["operation"] == "resolve" and planned["diff"]["after"]["resolved"] is True and fake.writes() == []
    done = run(fake, "ticket", client="Acme", subject="Printer", state="resolved")
    assert done["operation"] == "resolve" and writes(fake) == [("tickets", "resolve")]
    assert done["ticket"]["resolved"] is True
    # ITFlow cannot reopen a ticket: present leaves a resolved ticket as it is.
    assert not run(fake, "ticket", id=record, state="present")["changed"]
    assert writes(fake) == [("tickets", "resolve")]


def test_ticket_details_are_compared_without_the_br_ITFlow_appends(fake):
    run(fake, "ticket", client="Acme", subject="Printer", details="It jams")
    assert fake.tables["tickets"][0]["ticket_details"] == "It jams<br>"
    assert not run(fake, "ticket", client="Acme", subject="Printer", details="It jams")["changed"]
    fake.add("tickets", ticket_client_id=1, ticket_subject="Blank", ticket_status="1", ticket_details="< blank ><br>")
    result = run(fake, "ticket", client="Acme", subject="Blank")
    assert result["ticket"]["details"] == ""


def test_ticket_empty_details_are_refused(fake):
    with pytest.raises(ITFlowInputError, match="details cannot be empty"):
        run(fake, "ticket", client="Acme", subject="Printer", details="  ")
    assert fake.requests == []


def test_ticket_update_carries_the_vendor_ticket_number(fake):
    record = fake.add("tickets", ticket_client_id=1, ticket_subject="Printer", ticket_status="1", ticket_priority="Low",
                      ticket_vendor_ticket_number="4711")
    run(fake, "ticket", client="Acme", subject="Printer", priority="High")
    [write] = fake.writes()
    assert write.data["ticket_vendor_ticket_id"] == 4711
    assert fake.row("tickets", record)["ticket_vendor_ticket_number"] == "4711"


# ------------------------------------------------------------------------------------ ticket reply


def test_ticket_reply_is_sent_with_its_ticket_and_the_tickets_client(fake):
    ticket = fake.add("tickets", ticket_client_id=2, ticket_subject="Printer", ticket_status="1")
    result = run(fake, "ticket_reply", ticket=ticket, reply="on it", type="Public")
    [write] = fake.writes()
    assert write.data["ticket_id"] == ticket and write.data["client_id"] == 2
    assert "ticket_reply_id" not in write.data
    assert result["changed"] and fake.tables["ticket_replies"][0]["ticket_reply_ticket_id"] == str(ticket)
    again = run(fake, "ticket_reply", ticket=ticket, reply="on it", type="Public")
    assert not again["changed"] and len(fake.writes()) == 1
    assert [r.data for r in fake.reads("ticket_replies")][-1] == {"ticket_id": ticket}


def test_ticket_reply_finds_its_ticket_by_subject_in_the_client(fake):
    ticket = fake.add("tickets", ticket_client_id=1, ticket_subject="Printer", ticket_status="1")
    fake.add("tickets", ticket_client_id=2, ticket_subject="Printer", ticket_status="1")
    run(fake, "ticket_reply", client="Acme", ticket="Printer", reply="on it")
    assert fake.writes()[0].data["ticket_id"] == ticket
    with pytest.raises(ITFlowInputError, match="ticket is given by name .* which needs client"):
        run(fake, "ticket_reply", ticket="Printer", reply="again")


def test_ticket_reply_in_check_mode_for_a_new_ticket_reads_no_replies(fake):
    result = run(fake, "ticket_reply", check=True, client="Acme", ticket="New one", reply="hello")
    assert result["operation"] == "create" and result["new_references"][0]["resource"] == "ticket"
    assert fake.reads("ticket_replies") == [] and fake.writes() == []


def test_ticket_reply_type_is_refused_unless_internal_or_public(fake):
    with pytest.raises(ITFlowInputError, match="type must be Internal or Public"):
        run(fake, "ticket_reply", ticket=1, reply="x", type="Client")
    assert fake.requests == []


# ------------------------------------------------------------------------------------ certificate


def test_certificate_update_re_sends_stored_text_with_a_quote(fake):
    record = fake.add("certificates", certificate_client_id=1, certificate_name="www", certificate_domain="example.com",
                      certificate_notes="it's the main one", certificate_issued_by="Let's Encrypt", certificate_description="plain")
    run(fake, "certificate", client="Acme", name="www", expire="2027-01-01")
    [write] = fake.writes()
    assert write.data["certificate_notes"] == "it's the main one" and write.data["certificate_issued_by"] == "Let's Encrypt"
    assert "certificate_description" not in write.data and "certificate_domain" not in write.data
    assert fake.row("certificates", record)["certificate_expire"] == "2027-01-01"


def test_certificate_create_requires_a_domain_before_any_write(fake):
    with pytest.raises(ITFlowInputError, match="To create a certificate ITFlow needs domain"):
        run(fake, "certificate", client="Acme", name="www")
    assert fake.writes() == []


# ------------------------------------------------------------------------------------ credential


def test_credential_without_a_decrypt_password_is_refused_before_any_request(fake):
    fake.has_decrypt_password = False
    with pytest.raises(ITFlowInputError, match="decrypt password"):
        run(fake, "credential", client="Acme", name="root", password="s3cret")
    assert fake.requests == []


def test_credential_reads_and_writes_ask_for_decryption(fake):
    run(fake, "credential", client="Acme", name="root", password="s3cret", credential_index=False)
    assert all(r.decrypt for r in fake.requests if r.module == "credentials")
    assert fake.tables["credentials"][0]["credential_password"] == "s3cret"


def test_a_credential_ITFlow_cannot_decrypt_is_refused_not_overwritten(fake):
    fake.add("credentials", credential_client_id=1, credential_name="root", credential_password=False)
    with pytest.raises(ITFlowInputError, match="cannot decrypt credential .* nothing was changed"):
        run(fake, "credential", client="Acme", name="root", password="new", credential_index=False)
    assert fake.writes() == []


def test_credential_update_password_on_create_leaves_an_existing_password(fake):
    record = fake.add("credentials", credential_client_id=1, credential_name="root", credential_password="old")
    result = run(fake, "credential", client="Acme", name="root", password="new", update_password="on_create", credential_index=False)
    assert not result["changed"] and fake.row("credentials", record)["credential_password"] == "old"
    result = run(fake, "credential", client="Acme", name="root", password="new", credential_index=False)
    assert result["changed"] and fake.row("credentials", record)["credential_password"] == "new"
    assert result["diff"]["after"]["password"] != "new"  # masked


def credential_list_reads(fake):
    return [r for r in fake.reads("credentials") if "credential_id" not in r.data]


def test_a_credential_seen_before_is_found_by_one_read_by_id(fake):
    run(fake, "credential", client="Acme", name="root", password="s3cret")
    record = int(fake.tables["credentials"][0]["credential_id"])
    fake.clear()
    result = run(fake, "credential", client="Acme", name="root", password="s3cret")
    assert not result["changed"]
    assert credential_list_reads(fake) == []
    assert [r.data for r in fake.reads("credentials")] == [{"credential_id": record}]


def test_a_stale_index_entry_falls_back_to_the_list(fake):
    run(fake, "credential", client="Acme", name="root", password="s3cret")
    fake.tables["credentials"][0]["credential_name"] = "renamed in ITFlow"
    fake.clear()
    result = run(fake, "credential", client="Acme", name="root", password="s3cret")
    first, second = fake.reads("credentials")[:2]
    assert "credential_id" in first.data and second.data == {"client_id": 1}  # the hit is not trusted: the list is read
    assert result["operation"] == "create"
    assert sorted(r["credential_name"] for r in fake.tables["credentials"]) == ["renamed in ITFlow", "root"]


def test_a_failing_read_by_id_fails_the_task_without_reading_the_list(fake):
    """A server failing the hit's read by id would fail the list read too: the task fails once, nothing more is read."""
    run(fake, "credential", client="Acme", name="root", password="s3cret")
    fake.fault("read", "credentials", error=ITFlowServerError("500", status=500), when=lambda f: "credential_id" in f)
    fake.clear()
    with pytest.raises(ITFlowServerError):
        run(fake, "credential", client="Acme", name="root", password="s3cret")
    assert credential_list_reads(fake) == []


def test_a_list_read_fills_the_index_and_credential_index_false_ignores_it(fake):
    fake.add("credentials", credential_client_id=1, credential_name="root", credential_password="pw")
    run(fake, "credential", client="Acme", name="root", password="pw")  # the list is read and remembered
    fake.clear()
    run(fake, "credential", client="Acme", name="root", password="pw")
    assert credential_list_reads(fake) == []
    fake.clear()
    run(fake, "credential", client="Acme", name="root", password="pw", credential_index=False)
    assert len(credential_list_reads(fake)) == 1


# ------------------------------------------------------------------------------------ document


def test_document_text_is_compared_through_ITFlows_escaping(fake):
    name, content = "O'Brien's \\\\fs01 share", 'He said "hi"\nthen left'
    run(fake, "document", client="Acme", name=name, content=content)
    row = fake.tables["documents"][0]
    assert row["document_name"] == sql_escape(name) and row["document_content"] == sql_escape(content)
    again = run(fake, "document", client="Acme", name=name, content=content)
    assert not again["changed"] and again["document"]["content"] == content


def test_document_update_re_sends_name_and_description_clean(fake):
    name = "O'Brien's notes"
    record = fake.add("documents", document_client_id=1, document_name=sql_escape(sql_escape(name)),
                      document_description=sql_escape("it's"), document_content="x", document_folder_id="0")
    run(fake, "document", id=record, folder=3)
    [write] = fake.writes()
    assert write.data["document_name"] == name and write.data["document_description"] == "it's"
    assert fake.row("documents", record)["document_name"] == sql_escape(name)
    run(fake, "document", client="Acme", name=name, folder=4)  # declared: the declared name is sent as it is
    assert fake.writes()[1].data["document_name"] == name
    assert not run(fake, "document", client="Acme", name=name, description="it's", folder=4)["changed"]
