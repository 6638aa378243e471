# -*- coding: utf-8 -*-
"""Bad itflow_bulk input (26.08 simulator): refused before the first write, naming each bad item by its number."""

from __future__ import absolute_import, division, print_function

import pytest

from badinput import LONG, api_create, case_ids  # pylint: disable=import-error

ACME = "Acme Corp"
GOOD = {"name": "BULK-OK-01", "type": "Server", "ip": "10.10.0.61"}


def _setup(sim):
    for _copy in range(2):
        api_create(sim, "clients", {"client_name": "Twin Corp", "client_is_lead": 0})
        api_create(sim, "assets", {"client_id": 1, "asset_name": "TWIN-SRV", "asset_type": "Server"})


@pytest.fixture(scope="module")
def runner(make_runner):
    return make_runner("26.08", _setup)


def assets(*items, **task):
    return dict({"resource": "asset", "client": ACME, "items": list(items)}, **task)


CASES = [
    # ---- the task's own options
    ("resource-unknown", assets(GOOD, resource="widget"), ["resource", "asset, certificate"]),
    ("items-missing", {"resource": "asset", "client": ACME}, ["items", "missing"]),
    ("items-not-dictionaries", assets("ACME-SRV01", "ACME-WS01"), ["items", "dict"]),
    ("client-missing", {"resource": "asset", "items": [GOOD]}, ["client", "required"]),
    ("client-given-for-clients", {"resource": "client", "client": ACME, "items": [{"name": "X Corp"}]},
     ["client", "does not apply", "leave it out"]),
    ("client-unknown", assets(GOOD, client="Nonexistent Corp"), ["client", "Nonexistent Corp"]),
    ("client-ambiguous", assets(GOOD, client="Twin Corp"), ["client", "Twin Corp", "ids"]),
    ("purge-with-no-items", assets(purge=True), ["purge", "empty items", "every asset of this client"]),
    ("items-null", dict(assets(purge=True), items=None), ["items", "list"]),
    # ---- items checked one by one before anything is read
    ("item-unknown-option", assets(GOOD, {"name": "BULK-02", "hostname": "srv02"}), ["item 2", "hostname", "allowed"]),
    ("item-without-natural-key", assets(GOOD, {"name": "BULK-02"}, {"type": "Server"}), ["item 3", "neither id nor name"]),
    ("item-blank-natural-key", assets({"name": "  ", "type": "Server"}), ["item 1", "name"]),
    ("items-duplicate", assets(GOOD, {"name": "BULK-02"}, {"name": "bulk-ok-01 "}), ["item 3", "same asset as item 1"]),
    ("items-duplicate-id", assets({"id": 1, "os": "a"}, {"id": "1", "os": "b"}), ["item 2", "item 1"]),
    ("item-bad-ip", assets(GOOD, {"name": "BULK-02", "ip": "10.0.0.300"}), ["item 2", "ip", "IPv4"]),
    ("item-bad-date", assets({"name": "BULK-02", "purchase_date": "01/02/2024"}), ["item 1", "purchase_date", "YYYY-MM-DD"]),
    ("item-over-column-length", assets(GOOD, {"name": "BULK-02", "serial": LONG[:201]}), ["item 2", "serial", "at most 200"]),
    ("item-bad-state", assets(GOOD, {"name": "BULK-02", "state": "archived"}), ["item 2", "state", "present, absent"]),
    ("item-id-not-a-number", assets(GOOD, {"id": "abc", "os": "x"}), ["item 2", "id", "whole number"]),
    ("item-boolean-not-boolean", {"resource": "contact", "client": ACME,
                                  "items": [{"email": "alice@acme.example", "important": "maybe"}]},
     ["item 1", "important", "true or false"]),
    ("item-reference-a-list", assets({"name": "BULK-02", "location": ["Acme HQ"]}), ["item 1", "location", "name or an id"]),
    ("several-bad-items-all-named", assets(GOOD, {"name": "B2", "mac": "nope"}, {"name": "B3", "colour": "red"}),
     ["2 bad item", "item 2", "mac", "item 3", "colour"]),
    # ---- items that only reading ITFlow shows to be bad: still refused before the first write
    ("item-unknown-reference", assets(GOOD, {"name": "BULK-02", "location": "Nowhere"}),
     ["item 2", "location", "Nowhere", "nothing was sent"]),
    ("item-matches-two-records", assets(GOOD, {"name": "TWIN-SRV", "os": "Linux"}), ["item 2", "TWIN-SRV", "Give id"]),
    ("item-id-not-found", assets(GOOD, {"id": 99999, "os": "Linux"}), ["item 2", "99999"]),
    ("item-contact-archived-but-important", {"resource": "contact", "client": ACME,
                                             "items": [{"email": "bob@acme.example", "state": "archived", "important": True}]},
     ["item 1", "important", "state=archived"]),
    ("item-create-without-required-field", {"resource": "contact", "client": ACME,
                                            "items": [{"email": "new1@acme.example", "name": "New One"},
                                                      {"email": "new2@acme.example"}]},
     ["item 2", "name"]),
]


@pytest.mark.parametrize("args,words", [c[1:] for c in CASES], ids=case_ids(CASES))
def test_refused_before_any_write(runner, args, words):
    runner.refused("itflow_bulk", args, words)


def test_good_items_are_not_written_when_one_reference_is_bad(runner):
    """The first item alone would be created; with a bad second item nothing is, and the task says so."""
    result, _log = runner.refused("itflow_bulk", assets(GOOD, {"name": "BULK-03", "vendor": "No Such Vendor"}), ["item 2", "vendor"])
    assert "item 1" not in result["msg"]
    assert not [r for r in runner.sim.table("assets") if r["asset_name"] == GOOD["name"]]
