# -*- coding: utf-8 -*-
"""The read side (module_utils/_info.py): filter validation, what is sent to ITFlow, our-side filtering, typing."""
from __future__ import absolute_import, division, print_function

import pytest
import yaml

from ansible_collections.itflow.itflow.plugins.module_utils import _info
from ansible_collections.itflow.itflow.plugins.module_utils._typing import MASK, column_kind, converter, typed, typed_kind
from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    ITFlowEndpointMissing,
    ITFlowInputError,
    ITFlowNotFound,
)

CLIENTS = [
    {"client_id": "1", "client_name": "Acme Corp", "client_lead": "0", "client_rate": "100.00", "client_net_terms": "30",
     "client_archived_at": None, "client_created_at": "2026-01-02 03:04:05"},
    {"client_id": "2", "client_name": "Globex Inc", "client_lead": "1", "client_rate": None, "client_net_terms": "0",
     "client_archived_at": "2026-02-01 00:00:00", "client_created_at": "2026-01-02 03:04:05"},
]


def asset(asset_id, client_id, name, **extra):
    row = {"asset_id": str(asset_id), "asset_client_id": str(client_id), "asset_name": name, "asset_type": "Server",
           "asset_serial": "SN-%s" % asset_id, "asset_favorite": "0", "asset_purchase_date": "2024-01-15",
           "asset_warranty_expire": None, "asset_uri": None, "asset_uri_2": None, "asset_vendor_id": "0",
           "interface_ip": "10.0.0.%s" % asset_id, "interface_mac": "AA:BB:CC:DD:EE:0%s" % asset_id,
           "interface_primary": "1", "interface_network_id": "0", "asset_created_at": "2026-01-02 03:04:05"}
    row.update(extra)
    return row


ASSETS = [asset(1, 1, "ACME-SRV01"), asset(2, 2, "GLOBEX-SRV01"), asset(3, 1, "acme-ws01", asset_type="Workstation")]

CREDENTIALS = [
    {"credential_id": "1", "credential_client_id": "1", "credential_name": "Domain admin", "credential_username": "administrator",
     "credential_password": "S3cret!", "credential_otp_secret": "JBSWY3DPEHPK3PXP", "credential_favorite": "1"},
    {"credential_id": "2", "credential_client_id": "2", "credential_name": "Domain admin", "credential_username": False,
     "credential_password": False, "credential_otp_secret": None, "credential_favorite": "0"},
]


class FakeClient(object):
    """Stands in for ITFlowClient.read: rows by endpoint, every call recorded."""

    def __init__(self, tables=None, missing=()):
        self.tables = dict(tables or {})
        self.tables.setdefault("clients/read.php", CLIENTS)
        self.missing = missing
        self.calls = []

    def read(self, module, filters=None, paged=True, decrypt=False, op="read"):
        endpoint = "%s/%s.php" % (module, op)
        self.calls.append({"endpoint": endpoint, "filters": dict(filters or {}), "decrypt": decrypt})
        if endpoint in self.missing:
            raise ITFlowEndpointMissing("This ITFlow server has no %s endpoint (HTTP 404)." % endpoint, endpoint=endpoint, status=404)
        return [dict(r) for r in self.tables.get(endpoint, [])]

    def reads_of(self, endpoint):
        return [c for c in self.calls if c["endpoint"] == endpoint]


def reader(**tables):
    client = FakeClient(dict(("%s/read.php" % k, v) for k, v in tables.items()))
    return _info.Reader(client), client


# ------------------------------------------------------------------ the resource table

def test_every_resource_has_a_unique_endpoint_and_only_known_filter_options():
    assert len(_info.RESOURCE_NAMES) == 20
    assert _info.READS["time"].endpoint == "technicians/time.php"
    assert _info.READS["ticket_replies"].endpoint == "ticket_replies/read.php"
    for res in _info.READABLES:
        assert set(res.by_option) <= set(_info.FILTER_OPTIONS)


def test_unknown_resource_lists_the_valid_ones():
    with pytest.raises(ITFlowInputError) as err:
        _info.readable("asset")
    assert "'asset'" in str(err.value)
    assert "assets, certificates, clients" in str(err.value) and "time" in str(err.value)


def test_credentials_secrets_come_from_the_table_and_the_record():
    res = _info.READS["credentials"]
    assert set(res.secrets) == {"credential_password", "credential_otp_secret"}
    assert res.decrypt


# ------------------------------------------------------------------ validation

@pytest.mark.parametrize("resource, filters, text", [
    ("contacts", {"serial": "x"}, "serial does not apply to contacts; contacts can be filtered by: client, id, email, name"),
    ("invoices", {"name": "x"}, "name does not apply to invoices"),
    ("tickets", {"email": "a@b"}, "email does not apply to tickets"),
    ("assets", {"id": "abc"}, "id must be a whole number"),
    ("assets", {"id": True}, "not a boolean"),
    ("assets", {"mac": "not-a-mac"}, "MAC address"),
    ("assets", {"name": "  "}, "name must not be empty"),
    ("ticket_replies", {"type": "secret"}, "Internal, Public, Client"),
    ("time", {"month": 13}, "between 1 and 12"),
    ("invoice_items", {}, "needs invoice_id or id"),
])
def test_bad_filters_are_errors_not_ignored(resource, filters, text):
    with pytest.raises(ITFlowInputError) as err:
        _info.validate(_info.READS[resource], filters)
    assert text in str(err.value)


@pytest.mark.parametrize("resource", ["products", "payments", "invoice_items"])
def test_client_is_refused_where_records_have_no_client(resource):
    with pytest.raises(ITFlowInputError) as err:
        _info.validate(_info.READS[resource], {"id": 1}, client="Acme Corp")
    assert "client does not apply to %s" % resource in str(err.value)


def test_validation_normalises_values():
    assert _info.validate(_info.READS["assets"], {"id": "7", "mac": "aa-bb-cc-dd-ee-01", "name": None}) == {
        "id": 7, "mac": "AA:BB:CC:DD:EE:01"}
    assert _info.validate(_info.READS["ticket_replies"], {"type": "public"}) == {"type": "Public"}


# ------------------------------------------------------------------ what is sent

def test_only_one_read_filter_is_sent_the_rest_applied_on_our_side():
    rows = [{"contact_id": "1", "contact_client_id": "1", "contact_email": "a@x.example", "contact_name": "Ann"},
            {"contact_id": "2", "contact_client_id": "2", "contact_email": "A@X.example", "contact_name": "Bob"}]
    rdr, client = reader(contacts=rows)
    out = rdr.rows("contacts", {"email": "a@x.example", "name": "bob"})
    assert client.reads_of("contacts/read.php")[0]["filters"] == {"contact_email": "a@x.example"}
    assert [r["contact_id"] for r in out] == ["2"]


def test_ignored_and_crashing_filters_are_never_sent():
    rdr, client = reader(software=[{"software_id": "1", "software_client_id": "1", "software_name": "Office"}],
                         credentials=CREDENTIALS, vendors=[], locations=[], quotes=[])
    assert rdr.rows("software", {"name": "office"})
    rdr.rows("credentials", {"name": "Domain admin"})
    rdr.rows("quotes", {"id": 3})
    sent = dict((c["endpoint"], c["filters"]) for c in client.calls)
    assert sent["software/read.php"] == {}          # software_name: HTTP 500 on ITFlow
    assert sent["credentials/read.php"] == {}       # credential_name: ignored by ITFlow
    assert sent["quotes/read.php"] == {}            # quote_id: needs client_id on 26.04


def test_server_filters_that_work_are_sent():
    rdr, client = reader(domains=[], certificates=[], invoice_items=[], payments=[])
    rdr.rows("domains", {"name": "acme.example"})
    rdr.rows("certificates", {"id": 4})
    rdr.rows("invoice_items", {"invoice_id": 12})
    rdr.rows("payments", {"invoice_id": 12})
    sent = dict((c["endpoint"], c["filters"]) for c in client.calls)
    assert sent == {"domains/read.php": {"domain_name": "acme.example"}, "certificates/read.php": {"certificate_id": 4},
                    "invoice_items/read.php": {"invoice_id": 12}, "payments/read.php": {"payment_invoice_id": 12}}


def test_assets_are_always_read_as_the_list_which_alone_has_the_interface():
    rdr, client = reader(assets=ASSETS)
    out = rdr.rows("assets", {"name": "acme-srv01", "serial": "SN-1"})
    assert client.reads_of("assets/read.php")[0]["filters"] == {}
    assert [r["asset_id"] for r in out] == ["1"]
    assert rdr.rows("assets", {"mac": "aa-bb-cc-dd-ee-03"})[0]["asset_name"] == "acme-ws01"
    assert rdr.rows("assets", {"type": "workstation"})[0]["asset_id"] == "3"


def test_time_report_sends_every_filter_together():
    rows = [{"ticket_id": "1", "ticket_number": "TCK-1", "client_id": "1", "technician_id": "3", "time_worked": "01:45:00"},
            {"ticket_id": "2", "ticket_number": "TCK-2", "client_id": "1", "technician_id": "4", "time_worked": "00:10:00"}]
    client = FakeClient({"technicians/time.php": rows})
    rdr = _info.Reader(client)
    out = rdr.rows("time", {"year": 2026, "month": 3, "technician_id": 3})
    assert client.reads_of("technicians/time.php")[0]["filters"] == {"year": 2026, "month": 3, "technician_id": 3}
    assert [r["ticket_id"] for r in out] == ["1"]


# ------------------------------------------------------------------ client

def test_client_by_name_is_filtered_on_our_side_and_sent_where_it_helps():
    rdr, client = reader(assets=ASSETS)
    out = rdr.rows("assets", {}, client="acme corp")
    assert [r["asset_id"] for r in out] == ["1", "3"]
    assert client.reads_of("assets/read.php")[0]["filters"] == {"client_id": 1}


def test_client_id_is_not_sent_where_26_04_answers_nothing_to_it():
    rows = [{"expense_id": "1", "expense_client_id": "2", "expense_amount": "12.50"},
            {"expense_id": "2", "expense_client_id": "1", "expense_amount": "3"}]
    rdr, client = reader(expenses=rows)
    out = rdr.rows("expenses", {}, client=2)
    assert client.reads_of("expenses/read.php")[0]["filters"] == {}
    assert [r["expense_id"] for r in out] == ["1"]


def test_global_records_are_not_a_clients_records():
    rows = [{"vendor_id": "1", "vendor_client_id": "0", "vendor_name": "Dell"},
            {"vendor_id": "2", "vendor_client_id": "1", "vendor_name": "Local shop"}]
    rdr, _client = reader(vendors=rows)
    assert [r["vendor_id"] for r in rdr.rows("vendors", {}, client=1)] == ["2"]
    assert [r["vendor_id"] for r in rdr.rows("vendors", {})] == ["1", "2"]


def test_clients_filtered_by_client_or_id_are_that_client():
    rdr, _client = reader()
    assert [r["client_id"] for r in rdr.rows("clients", {"id": 2})] == ["2"]
    assert [r["client_id"] for r in rdr.rows("clients", {}, client="Acme Corp")] == ["1"]


def test_ticket_replies_belong_to_their_tickets_client():
    rows = [{"ticket_reply_id": "1", "ticket_reply_ticket_id": "5", "ticket_client_id": "2", "ticket_reply_type": "Public"},
            {"ticket_reply_id": "2", "ticket_reply_ticket_id": "6", "ticket_client_id": "1", "ticket_reply_type": "Internal"}]
    rdr, client = reader(ticket_replies=rows)
    assert [r["ticket_reply_id"] for r in rdr.rows("ticket_replies", {}, client="Globex Inc")] == ["1"]
    assert client.reads_of("ticket_replies/read.php")[0]["filters"] == {}
    assert [r["ticket_reply_id"] for r in rdr.rows("ticket_replies", {"type": "internal"})] == ["2"]


def test_unknown_client_is_a_clear_error():
    rdr, _client = reader(assets=ASSETS)
    with pytest.raises(ITFlowNotFound) as err:
        rdr.rows("assets", {}, client="Initech")
    assert "Initech" in str(err.value)


# ------------------------------------------------------------------ typing and naming

def test_rows_are_typed_and_lose_the_resource_prefix():
    rdr, _client = reader(assets=ASSETS)
    rows, raw = rdr.read("assets", {"id": 1})
    assert raw is None
    assert rows == [{
        "id": 1, "client_id": 1, "name": "ACME-SRV01", "type": "Server", "serial": "SN-1", "favorite": False,
        "purchase_date": "2024-01-15", "warranty_expire": None, "uri": None, "uri_2": None, "vendor_id": 0,
        "interface_ip": "10.0.0.1", "interface_mac": "AA:BB:CC:DD:EE:01", "interface_primary": True, "interface_network_id": 0,
        "created_at": "2026-01-02 03:04:05"}]


def test_clients_typed():
    rdr, _client = reader()
    rows, _raw = rdr.read("clients", {})
    assert rows[0] == {"id": 1, "name": "Acme Corp", "lead": False, "rate": 100.0, "net_terms": 30, "archived_at": None,
                       "created_at": "2026-01-02 03:04:05"}
    assert rows[1]["lead"] is True and rows[1]["rate"] is None and rows[1]["archived_at"] == "2026-02-01 00:00:00"


def test_columns_the_suffix_rules_miss_are_typed_by_the_table():
    rows = [{"domain_id": "1", "domain_client_id": "1", "domain_name": "acme.example", "domain_registrar": "3",
             "domain_webhost": "0", "domain_expire": "2027-01-01"}]
    rdr, _client = reader(domains=rows)
    got = rdr.read("domains", {})[0][0]
    assert got["registrar"] == 3 and got["webhost"] == 0 and got["expire"] == "2027-01-01"
    tickets = [{"ticket_id": "9", "ticket_client_id": "1", "ticket_number": "12", "ticket_prefix": "TCK-", "ticket_status": "1",
                "ticket_billable": "1", "ticket_status_name": "New"}]
    rdr, _client = reader(tickets=tickets)
    got = rdr.read("tickets", {"id": 9})[0][0]
    assert got == {"id": 9, "client_id": 1, "number": 12, "prefix": "TCK-", "status": 1, "billable": True, "status_name": "New"}


def test_unprefixed_columns_keep_their_name_and_never_collide():
    rows = [{"network_id": "1", "network_client_id": "1", "network_name": "LAN", "network": "10.0.0.0/24", "network_vlan": "20"}]
    rdr, _client = reader(networks=rows)
    assert rdr.read("networks", {})[0][0] == {"id": 1, "client_id": 1, "name": "LAN", "network": "10.0.0.0/24", "vlan": 20}
    res = _info.READS["ticket_replies"]
    row = {"ticket_reply_id": "1", "ticket_reply": "<p>done</p>", "ticket_reply_ticket_id": "5", "ticket_client_id": "2",
           "ticket_number": "7", "ticket_reply_time_worked": "01:02:03"}
    assert _info.typed_view(res, row) == {"id": 1, "ticket_reply": "<p>done</p>", "ticket_id": 5, "ticket_client_id": 2,
                                          "ticket_number": 7, "time_worked": "01:02:03", "time_worked_seconds": 3723}
    assert _info.strip_prefix(res, {"ticket_reply_x": 1, "x": 2}) == {"ticket_reply_x": 1, "x": 2}


def test_time_report_keeps_its_columns_and_adds_seconds():
    res = _info.READS["time"]
    row = {"ticket_id": "1", "ticket_number": "TCK-1", "client_id": "1", "company": "Acme Corp", "technician_id": "1",
           "technician": "Lab Admin", "time_worked": "101:45:00"}
    assert _info.typed_view(res, row) == {"ticket_id": 1, "ticket_number": "TCK-1", "client_id": 1, "company": "Acme Corp",
                                          "technician_id": 1, "technician": "Lab Admin", "time_worked": "101:45:00",
                                          "time_worked_seconds": 366300}


def test_money_is_a_number():
    rows = [{"invoice_id": "1", "invoice_client_id": "1", "invoice_amount": "260.00", "invoice_number": "4", "invoice_status": "Draft",
             "invoice_date": "2026-03-01", "invoice_due": "2026-03-31"}]
    rdr, _client = reader(invoices=rows)
    got = rdr.read("invoices", {}, client=1)[0][0]
    assert got["amount"] == 260.0 and got["number"] == 4 and got["status"] == "Draft" and got["date"] == "2026-03-01"


# ------------------------------------------------------------------ secrets

def test_secrets_are_masked_by_default_in_rows_and_raw():
    rdr, client = reader(credentials=CREDENTIALS)
    rows, raw = rdr.read("credentials", {}, raw=True)
    assert client.reads_of("credentials/read.php")[0]["decrypt"] is True
    assert rows[0]["password"] == "********" and rows[0]["otp_secret"] == "********" and rows[0]["username"] == "administrator"
    assert rows[1]["password"] is None and rows[1]["otp_secret"] is None and rows[1]["username"] is None
    assert raw[0]["credential_password"] == "********" and raw[0]["credential_otp_secret"] == "********"
    assert raw[0]["credential_favorite"] == "1"  # raw stays ITFlow's strings
    assert "S3cret!" not in repr((rows, raw))


def test_secrets_revealed_on_request():
    rdr, _client = reader(credentials=CREDENTIALS)
    rows, raw = rdr.read("credentials", {"name": "domain ADMIN"}, client="Acme Corp", reveal_secrets=True, raw=True)
    assert len(rows) == 1
    assert rows[0]["password"] == "S3cret!" and rows[0]["otp_secret"] == "JBSWY3DPEHPK3PXP"
    assert raw[0]["credential_password"] == "S3cret!"


def test_undecryptable_credentials_warn():
    rdr, _client = reader(credentials=CREDENTIALS)
    rdr.read("credentials", {}, client=2)
    assert rdr.warnings == ["ITFlow could not decrypt the password of some credentials (they read as false): the decrypt password "
                            "is wrong or belongs to another API key."]
    assert _info.undecryptable_column(_info.READS["credentials"]) == "credential_password"
    assert _info.undecryptable_column(_info.READS["software"]) is None
    rdr2, _client = reader(credentials=CREDENTIALS)
    rdr2.read("credentials", {}, client=1)
    assert rdr2.warnings == []


# ------------------------------------------------------------------ missing endpoints

def test_a_missing_endpoint_names_it_and_says_why():
    client = FakeClient(missing=("ticket_replies/read.php", "payments/read.php"))
    rdr = _info.Reader(client)
    with pytest.raises(ITFlowEndpointMissing) as err:
        rdr.read("ticket_replies", {"ticket_id": 1})
    assert "no ticket_replies/read.php endpoint" in str(err.value) and "26.08" in str(err.value)
    with pytest.raises(ITFlowEndpointMissing) as err:
        rdr.read("payments", {})
    assert "payments/read.php" in str(err.value) and "26.04" in str(err.value)


def test_software_license_keys_are_secret_as_in_the_software_module():
    rows = [{"software_id": "1", "software_client_id": "1", "software_name": "Office", "software_key": "KEY-1-AAAA", "software_seats": "5"}]
    rdr, _client = reader(software=rows)
    assert rdr.read("software", {})[0][0]["key"] == "********"
    assert rdr.read("software", {}, reveal_secrets=True)[0][0]["key"] == "KEY-1-AAAA"
    assert _info.secret_names(_info.READS["software"]) == ["key"]
    assert _info.masked(_info.READS["software"], rows[0])["software_key"] == MASK


# ------------------------------------------------------------------ the module's options and the typing

def test_itflow_info_filter_options_are_the_registry_ones_as_documented():
    from ansible_collections.itflow.itflow.plugins.modules import itflow_info
    spec = _info.filter_spec()
    assert sorted(spec) == _info.FILTER_OPTIONS
    documented = yaml.safe_load(itflow_info.DOCUMENTATION)["options"]
    for option, entry in spec.items():
        assert itflow_info.ARGUMENT_SPEC[option] == entry
        assert documented[option]["type"] == entry["type"], option
    assert spec["id"] == {"type": "int"} and spec["mac"] == {"type": "str"} and spec["year"] == {"type": "int"}


@pytest.mark.parametrize("column, value, expected", [
    ("asset_id", " 12 ", 12), ("asset_id", "", None), ("asset_id", "x7", "x7"), ("asset_id", None, None), ("asset_id", False, None),
    ("client_rate", "100.50", 100.5), ("client_rate", "n/a", "n/a"), ("client_rate", " ", None),
    ("asset_favorite", "0", False), ("asset_favorite", "", False), ("asset_favorite", "1", True), ("asset_favorite", " 0 ", False),
    ("asset_purchase_date", "2024-01-15", "2024-01-15"), ("asset_warranty_expire", "0000-00-00", None),
    ("asset_created_at", "2024-01-15 10:00:00", "2024-01-15 10:00:00"), ("asset_created_at", "", None),
    ("asset_install_date", "soon", "soon"), ("asset_uri_client", "1", "1"), ("client_tax_id_number", "007", "007"),
    ("time_worked_seconds", "90", 90), ("asset_name", " A ", " A "),
])
def test_typed_and_its_converter_agree(column, value, expected):
    assert typed(column, value) == expected and type(typed(column, value)) is type(expected)
    convert = converter(column_kind(column))
    if value is not None and value is not False:
        assert (value if convert is None else convert(value)) == expected


def test_typed_kind_overrides_the_column_name():
    assert typed_kind("int", "network", " 5 ") == 5 and typed_kind("int", "network", "") is None
    assert typed_kind("decimal", "x_seats", "2.5") == 2.5 and typed_kind("decimal", "x", "n/a") == "n/a"
    assert typed_kind("bool", "asset_name", "0") is False and typed_kind("bool", "asset_name", "yes") is True
    assert typed_kind("text", "asset_id", "7") == 7 and typed_kind("int", "asset_id", False) is None
    assert converter("text") is None and converter("mac") is None
