# -*- coding: utf-8 -*-
"""Input validation before any request: column limits from ITFlow's schema, number ranges, bulk items,
connection options, and messages that name the option (issue #7)."""

from __future__ import absolute_import, division, print_function

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils._bulk import check_items, dry_run
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowAmbiguous, ITFlowInputError, ITFlowNotFound
from ansible_collections.itflow.itflow.plugins.module_utils._fields import INT_MAX, Field
from ansible_collections.itflow.itflow.plugins.module_utils._lookups import Lookups
from ansible_collections.itflow.itflow.plugins.module_utils._module import connection_problem
from ansible_collections.itflow.itflow.plugins.module_utils._resources.asset import ASSET
from ansible_collections.itflow.itflow.plugins.module_utils._resources.contact import CONTACT
from ansible_collections.itflow.itflow.plugins.module_utils._resources.ticket import TICKET
from ansible_collections.itflow.itflow.plugins.module_utils._resources.ticket_reply import TICKET_REPLY
from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES

from itflow_sim import schema  # pylint: disable=import-error

# Kinds whose values are checked as a whole (an address, a date, a duration), never longer than their column.
FORMATTED = ("ip", "mac", "cidr", "date", "hms", "int", "bool", "decimal")


def _columns(profile):
    return dict((c.name, c) for cols in schema.build(profile).values() for c in cols)


@pytest.mark.parametrize("profile", ["26.08", "26.04"])
def test_every_varchar_field_has_a_limit_within_its_column(profile):
    """A value longer than a varchar column crashes ITFlow (MariaDB strict mode): every such field is limited."""
    columns = _columns(profile)
    unlimited, too_big = [], []
    for res in RESOURCES.values():
        for field in res.fields:
            col = columns.get(field.column) or columns.get(field.send)
            if col is None or col.kind != "str" or field.kind in FORMATTED or field.choices:
                continue
            limit = field.max_len if field.max_len is not None else field.max_bytes  # bytes never exceed characters
            if limit is None:
                unlimited.append("%s.%s" % (res.name, field.option))
            elif limit > col.size:
                too_big.append("%s.%s (%d > %d)" % (res.name, field.option, limit, col.size))
    assert sorted(unlimited) == [], unlimited
    assert too_big == [], too_big


@pytest.mark.parametrize("option,size", [("name", 200), ("serial", 200), ("description", 255), ("uri", 500), ("uri_2", 500)])
def test_asset_text_limits_follow_the_schema(option, size):
    field = ASSET.field(option)
    assert field.validate("a" * size) == "a" * size
    with pytest.raises(ITFlowInputError) as err:
        field.validate("a" * (size + 1))
    text = str(err.value)
    assert option in text and "at most %d" % size in text and field.column in text and "shorten it by 1" in text


def test_length_is_measured_as_itflow_stores_it():
    """ITFlow strips tags and trims text, keeps phone digits and drops a website's scheme before storing."""
    assert Field("name", "c", "text", max_len=5).validate("<b>Acme</b>  ") == "<b>Acme</b>  "
    assert Field("phone", "c", "digits", max_len=5).validate("+1 (55) 12") == "+1 (55) 12"
    assert Field("website", "c", "website", max_len=12).validate("https://acme.example") == "https://acme.example"
    with pytest.raises(ITFlowInputError):
        Field("name", "c", "text", max_len=5).validate("Acme Corp")


def test_byte_limit_counts_utf8_bytes_and_never_shows_the_secret():
    field = Field("password", "credential_password", "secret", max_bytes=350, secret=True)
    assert field.validate("p" * 350)
    with pytest.raises(ITFlowInputError) as err:
        field.validate(u"\u00e9" * 176)  # 176 characters, 352 bytes
    assert "password" in str(err.value) and "352 bytes" in str(err.value) and u"\u00e9" not in str(err.value)


@pytest.mark.parametrize("value,words", [
    (INT_MAX + 1, "between"),
    (-INT_MAX - 2, "between"),
    ("30 days", "whole number"),
    (True, "whole number"),
    ([30], "single value"),
])
def test_int_fields_stay_in_the_column_range(value, words):
    with pytest.raises(ITFlowInputError) as err:
        Field("net_terms", "client_net_terms", "int").validate(value)
    assert "net_terms" in str(err.value) and words in str(err.value)


def test_int_field_range_of_the_record():
    vlan = RESOURCES["network"].field("vlan")
    assert vlan.validate(0) == 0 and vlan.validate("4094") == 4094
    for bad in (-1, 4095):
        with pytest.raises(ITFlowInputError) as err:
            vlan.validate(bad)
        assert "vlan must be between 0 and 4094" in str(err.value)
    # ITFlow keeps the vendor ticket number as a 64-bit PHP integer in a varchar column.
    assert TICKET.field("vendor_ticket_id").validate(2 ** 40) == 2 ** 40


@pytest.mark.parametrize("value,words", [
    ("nan", "finite"), (float("inf"), "finite"), (1e20, "between"), (False, "boolean"), ("cheap", "number")])
def test_decimal_fields(value, words):
    with pytest.raises(ITFlowInputError) as err:
        RESOURCES["client"].field("rate").validate(value)
    assert "rate" in str(err.value) and words in str(err.value)
    assert RESOURCES["client"].field("rate").validate("95.5") == 95.5


def test_ticket_details_and_reply_type_are_checked_before_any_request():
    with pytest.raises(ITFlowInputError) as err:
        TICKET.check_params({"details": "  "})
    assert "details" in str(err.value) and "Leave details out" in str(err.value)
    TICKET.check_params({"details": "Printer jam"})
    TICKET.check_params({})
    with pytest.raises(ITFlowInputError):
        TICKET_REPLY.check_params({"type": "Private"})
    TICKET_REPLY.check_params({"type": "public"})


# ---------------------------------------------------------------- connection options

@pytest.mark.parametrize("params,words", [
    ({"timeout": 0}, "timeout must be greater than 0"),
    ({"timeout": -1.5}, "timeout must be greater than 0"),
    ({"retries": -1}, "retries must be at least 0"),
    ({"retry_backoff": -0.5}, "retry_backoff must be at least 0"),
    ({"page_size": 0}, "page_size must be at least 1"),
    ({"ca_path": "/ca.pem", "validate_certs": False}, "ca_path and validate_certs=false"),
])
def test_connection_problems(params, words):
    assert words in connection_problem(params)


def test_good_connection_options_pass():
    assert connection_problem({"timeout": 30.0, "retries": 0, "retry_backoff": 0.0, "page_size": 1, "ca_path": "/ca.pem",
                               "validate_certs": True}) is None


# ---------------------------------------------------------------- references

class FakeClient(object):
    """Reads from in-memory tables; any write is a test failure."""

    has_decrypt_password = True

    def __init__(self, **tables):
        self.tables = tables

    def read(self, module, filters=None, paged=True, decrypt=False, op="read"):
        return [dict(r) for r in self.tables.get(module, [])]

    def write(self, module, op, payload, decrypt=False):
        raise AssertionError("write %s/%s before validation finished" % (module, op))


TABLES = dict(
    clients=[{"client_id": "1", "client_name": "Acme Corp"}, {"client_id": "2", "client_name": "Twin"},
             {"client_id": "3", "client_name": "twin "}],
    locations=[{"location_id": "1", "location_name": "HQ", "location_client_id": "1"},
               {"location_id": "2", "location_name": "Room", "location_client_id": "1"},
               {"location_id": "3", "location_name": "room", "location_client_id": "1"}],
    vendors=[],
    assets=[{"asset_id": "1", "asset_name": "SRV", "asset_client_id": "1"}, {"asset_id": "2", "asset_name": "DUP", "asset_client_id": "1"},
            {"asset_id": "3", "asset_name": "dup", "asset_client_id": "1"}],
)


def test_unknown_reference_names_the_option():
    with pytest.raises(ITFlowNotFound) as err:
        Lookups(FakeClient(**TABLES)).ref_id("vendor", "Registrar Inc", 1, "registrar")
    assert "registrar" in str(err.value) and "vendor" in str(err.value) and "Registrar Inc" in str(err.value)


def test_ambiguous_reference_lists_the_ids():
    with pytest.raises(ITFlowAmbiguous) as err:
        Lookups(FakeClient(**TABLES)).ref_id("location", "ROOM", 1, "location")
    assert "location=" in str(err.value) and "2, 3" in str(err.value) and "instead of the name" in str(err.value)
    with pytest.raises(ITFlowAmbiguous):
        Lookups(FakeClient(**TABLES)).client_id("Twin")


# ---------------------------------------------------------------- itflow_bulk items

@pytest.mark.parametrize("items,words", [
    ([{"name": "A", "hostname": "x"}], ["item 1", "hostname"]),
    ([{"type": "Server"}], ["item 1", "neither id nor name"]),
    ([{"name": "   "}], ["item 1", "name"]),
    ([{"name": "A"}, {"name": " a"}], ["item 2", "item 1"]),
    ([{"id": "seven"}], ["item 1", "id must be a whole number"]),
    ([{"id": True}], ["item 1", "id must be a whole number"]),
    ([{"name": "A", "location": {"name": "HQ"}}], ["item 1", "location", "name or an id"]),
    ([{"name": "A", "ip": "1.2.3"}], ["item 1", "ip"]),
    (["A"], ["item 1", "not a dictionary"]),
])
def test_bulk_items_checked_before_any_request(items, words):
    with pytest.raises(ITFlowInputError) as err:
        check_items(ASSET, items)
    for word in words:
        assert word in str(err.value)


def test_bulk_boolean_names_the_option():
    with pytest.raises(ITFlowInputError) as err:
        check_items(CONTACT, [{"email": "a@b.example", "important": "maybe"}])
    assert "item 1: important must be true or false" in str(err.value)
    assert check_items(CONTACT, [{"email": "a@b.example", "important": "yes"}])[0][1]["important"] is True


def test_bulk_id_is_converted():
    assert check_items(ASSET, [{"id": "7", "os": "x"}])[0][1]["id"] == 7


def test_bulk_dry_run_refuses_every_bad_item_without_writing():
    client = FakeClient(**TABLES)
    items = check_items(ASSET, [{"name": "NEW"}, {"name": "NEW2", "location": "Nowhere"}, {"name": "DUP"}, {"id": 99, "os": "x"},
                                {"name": "SRV", "location": "Room"}])
    with pytest.raises(ITFlowInputError) as err:
        dry_run(client, ASSET, items, Lookups(client), "Acme Corp", TABLES["assets"])
    text = str(err.value)
    assert "4 bad item(s); nothing was sent" in text
    assert "item 1" not in text
    assert "item 2 (name=NEW2)" in text and "Nowhere" in text
    assert "item 3 (name=DUP)" in text and "Give id" in text
    assert "item 4 (id=99)" in text
    assert "item 5 (name=SRV)" in text and "location=" in text


def test_bulk_dry_run_passes_good_items():
    client = FakeClient(**TABLES)
    items = check_items(ASSET, [{"name": "NEW"}, {"name": "SRV", "location": "HQ"}, {"id": 2, "name": "DUP-2"}])
    dry_run(client, ASSET, items, Lookups(client), "Acme Corp", TABLES["assets"])
