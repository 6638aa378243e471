# -*- coding: utf-8 -*-
"""Bad itflow_info input (26.08 simulator): refused with the option named, and of course nothing written."""

from __future__ import absolute_import, division, print_function

import pytest

from badinput import case_ids  # pylint: disable=import-error

CASES = [
    ("resource-unknown", {"resource": "widgets"}, ["resource", "assets, certificates"]),
    ("resource-singular", {"resource": "asset"}, ["resource", "assets"]),
    ("filter-not-for-this-resource", {"resource": "clients", "serial": "SN-1"}, ["serial", "clients", "filtered by"]),
    ("filter-id-not-a-number", {"resource": "assets", "id": "ACME-SRV01"}, ["id", "int"]),
    ("month-out-of-range", {"resource": "time", "year": 2026, "month": 13}, ["month", "between 1 and 12"]),
    ("invoice-items-without-invoice", {"resource": "invoice_items"}, ["invoice_id", "needs"]),
    ("client-for-products", {"resource": "products", "client": "Acme Corp"}, ["client", "products"]),
    ("mac-filter-invalid", {"resource": "assets", "mac": "00:50:56"}, ["mac", "AA:BB:CC:DD:EE:FF"]),
    ("reveal-secrets-without-no-log", {"resource": "credentials", "reveal_secrets": True}, ["reveal_secrets", "no_log"]),
    ("client-unknown", {"resource": "assets", "client": "Nonexistent Corp"}, ["client", "Nonexistent Corp"]),
    ("filter-empty", {"resource": "assets", "name": "  "}, ["name", "empty"]),
]


@pytest.fixture(scope="module")
def runner(make_runner):
    return make_runner("26.08")


@pytest.mark.parametrize("args,words", [c[1:] for c in CASES], ids=case_ids(CASES))
def test_refused(runner, args, words):
    runner.refused("itflow_info", args, words)
