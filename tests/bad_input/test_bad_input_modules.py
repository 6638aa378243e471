# -*- coding: utf-8 -*-
"""Bad input to the single-record modules, against the 26.08 simulator (every case: refused, option named, no write)."""

from __future__ import absolute_import, division, print_function

import pytest

from badinput import LONG, api_create, case_ids  # pylint: disable=import-error

ACME = "Acme Corp"
DP = "__decrypt_password__"  # replaced by the admin key's decrypt password


def _setup(sim):
    # Two clients with the same name, two assets and two locations with the same name in Acme (client 1).
    for _copy in range(2):
        api_create(sim, "clients", {"client_name": "Twin Corp", "client_is_lead": 0})
        api_create(sim, "assets", {"client_id": 1, "asset_name": "TWIN-SRV", "asset_type": "Server"})
        api_create(sim, "locations", {"client_id": 1, "location_name": "Twin Room"})


@pytest.fixture(scope="module")
def runner(make_runner):
    run = make_runner("26.08", _setup)
    globex = [r for r in run.sim.table("assets") if r["asset_name"] == "GLOBEX-SRV01"]
    run.globex_asset_id = int(globex[0]["asset_id"])
    return run


def asset(**kw):
    return dict({"client": ACME, "name": "BAD-INPUT-01"}, **kw)


CASES = [
    # ---- wrong types, missing or unknown options (the argument spec)
    ("asset-id-not-a-number", "itflow_asset", {"client": ACME, "id": "abc"}, ["id", "int"]),
    ("asset-unknown-option", "itflow_asset", asset(hostname="srv01"), ["hostname", "Supported parameters"]),
    ("asset-state-not-offered", "itflow_asset", asset(state="archived"), ["state", "present, absent"]),
    ("client-rate-not-a-number", "itflow_client", {"name": "Bad Input Co", "rate": "cheap"}, ["rate", "float"]),
    ("client-is-lead-not-boolean", "itflow_client", {"name": "Bad Input Co", "is_lead": "maybe"}, ["is_lead", "bool"]),
    ("contact-neither-email-nor-id", "itflow_contact", {"client": ACME, "name": "No Mail"}, ["email", "id", "one of"]),
    ("ticket-reply-without-ticket", "itflow_ticket_reply", {"reply": "Done."}, ["ticket", "missing"]),
    ("ticket-reply-type-unknown", "itflow_ticket_reply", {"ticket": 1, "reply": "Done.", "type": "Private"},
     ["type", "Internal, Public"]),
    ("client-module-has-no-client-option", "itflow_client", {"name": "Bad Input Co", "client": ACME}, ["client", "Supported parameters"]),
    ("credential-update-password-unknown", "itflow_credential", {"client": ACME, "name": "Bad", "password": "pw",
                                                                 "update_password": "sometimes"}, ["update_password", "always, on_create"]),
    ("ticket-vendor-ticket-id-not-a-number", "itflow_ticket", {"client": ACME, "subject": "S", "vendor_ticket_id": "CASE-12"},
     ["vendor_ticket_id", "int"]),
    # ---- numbers out of ITFlow's column ranges
    ("client-net-terms-over-int-range", "itflow_client", {"name": "Bad Input Co", "net_terms": 99999999999},
     ["net_terms", "between"]),
    ("client-net-terms-negative", "itflow_client", {"name": "Bad Input Co", "net_terms": -30}, ["net_terms", "between 0"]),
    ("client-rate-not-finite", "itflow_client", {"name": "Bad Input Co", "rate": "nan"}, ["rate", "finite"]),
    ("client-rate-over-decimal-range", "itflow_client", {"name": "Bad Input Co", "rate": 1e20}, ["rate", "between"]),
    # ---- values longer than ITFlow's columns (MariaDB strict mode: ITFlow crashes, it does not cut)
    ("client-name-over-200", "itflow_client", {"name": LONG[:201]}, ["name", "at most 200", "shorten"]),
    ("client-type-over-200", "itflow_client", {"name": "Bad Input Co", "type": LONG[:201]}, ["type", "at most 200"]),
    ("client-website-over-200", "itflow_client", {"name": "Bad Input Co", "website": "https://" + LONG[:201]},
     ["website", "at most 200"]),
    ("client-tax-id-over-255", "itflow_client", {"name": "Bad Input Co", "tax_id_number": LONG[:256]},
     ["tax_id_number", "at most 255"]),
    ("client-abbreviation-over-6", "itflow_client", {"name": "Bad Input Co", "abbreviation": "TOOLONG"},
     ["abbreviation", "at most 6"]),
    ("client-currency-code-over-3", "itflow_client", {"name": "Bad Input Co", "currency_code": "EURO"},
     ["currency_code", "at most 3"]),
    ("asset-name-over-200", "itflow_asset", asset(name=LONG[:201]), ["name", "at most 200"]),
    ("asset-serial-over-200", "itflow_asset", asset(serial=LONG[:201]), ["serial", "at most 200"]),
    ("asset-description-over-255", "itflow_asset", asset(description=LONG[:256]), ["description", "at most 255"]),
    ("asset-uri-over-500", "itflow_asset", asset(uri="https://" + LONG[:500]), ["uri", "at most 500"]),
    ("contact-email-over-200", "itflow_contact", {"client": ACME, "email": LONG[:190] + "@example.com", "name": "L"},
     ["email", "at most 200"]),
    ("contact-phone-over-200-digits", "itflow_contact", {"client": ACME, "email": "new@acme.example", "name": "N",
                                                         "phone": "1" * 201}, ["phone", "at most 200"]),
    ("ticket-subject-over-500", "itflow_ticket", {"client": ACME, "subject": LONG[:501]}, ["subject", "at most 500"]),
    ("document-name-over-200", "itflow_document", {"client": ACME, "name": LONG[:201], "content": "c"},
     ["name", "at most 200"]),
    ("location-zip-over-200", "itflow_location", {"client": ACME, "name": "Bad Input Site", "zip": LONG[:201]},
     ["zip", "at most 200"]),
    ("credential-otp-secret-over-200", "itflow_credential", {"client": ACME, "name": "Bad", "password": "pw",
                                                             "otp_secret": "A" * 201, "decrypt_password": DP},
     ["otp_secret", "at most 200"]),
    ("credential-password-over-350-bytes", "itflow_credential", {"client": ACME, "name": "Bad", "password": "\u00e9" * 176,
                                                                 "decrypt_password": DP}, ["password", "350"]),
    # ---- dates, addresses, durations
    ("asset-date-not-iso", "itflow_asset", asset(purchase_date="15/01/2024"), ["purchase_date", "YYYY-MM-DD"]),
    ("asset-date-not-in-calendar", "itflow_asset", asset(warranty_expire="2024-02-30"), ["warranty_expire", "calendar"]),
    ("asset-ip-invalid", "itflow_asset", asset(ip="10.0.0.300"), ["ip", "IPv4 or IPv6"]),
    ("asset-ip-with-prefix-length", "itflow_asset", asset(ip="10.10.0.5/24"), ["ip", "without a /prefix"]),
    ("asset-mac-invalid", "itflow_asset", asset(mac="00:50:56:ZZ:00:01"), ["mac", "AA:BB:CC:DD:EE:FF"]),
    ("certificate-expire-not-a-date", "itflow_certificate", {"client": ACME, "name": "Bad cert", "domain": "bad.example",
                                                             "expire": "next year"}, ["expire", "YYYY-MM-DD"]),
    ("ticket-reply-time-worked-free-text", "itflow_ticket_reply", {"client": ACME, "ticket": 1, "reply": "Done.",
                                                                   "time_worked": "90 minutes"}, ["time_worked", "H:MM:SS"]),
    ("ticket-reply-time-worked-without-seconds", "itflow_ticket_reply", {"client": ACME, "ticket": 1, "reply": "Done.",
                                                                         "time_worked": "1:30"}, ["time_worked", "1:30:00"]),
    # ---- clients and references that do not resolve to exactly one record
    ("asset-unknown-client", "itflow_asset", asset(client="Nonexistent Corp"), ["client", "Nonexistent Corp", "spelling"]),
    ("asset-unknown-client-id", "itflow_asset", asset(client=9999), ["client", "9999"]),
    ("asset-ambiguous-client", "itflow_asset", asset(client="Twin Corp"), ["client", "Twin Corp", "ids", "instead of the name"]),
    ("asset-client-empty", "itflow_asset", asset(client=""), ["client", "empty"]),
    ("asset-client-a-list", "itflow_asset", asset(client=[ACME]), ["client", "name or an id", "list"]),
    ("asset-ambiguous-name", "itflow_asset", asset(name="TWIN-SRV"), ["name=", "TWIN-SRV", "Give id"]),
    ("asset-unknown-location", "itflow_asset", asset(location="Nowhere"), ["location", "Nowhere"]),
    ("asset-ambiguous-location", "itflow_asset", asset(location="Twin Room"), ["location", "Twin Room", "ids"]),
    ("asset-location-by-name-without-client", "itflow_asset", {"id": 1, "location": "Acme HQ"}, ["location", "client"]),
    ("asset-unknown-network", "itflow_asset", asset(network="10.99.0.0/24"), ["network", "10.99.0.0/24"]),
    ("ticket-unknown-contact", "itflow_ticket", {"client": ACME, "subject": "S", "contact": "nobody@acme.example"},
     ["contact", "nobody@acme.example"]),
    ("ticket-reply-unknown-ticket", "itflow_ticket_reply", {"client": ACME, "ticket": "No such subject", "reply": "Done."},
     ["ticket", "No such subject"]),
    ("asset-id-not-found", "itflow_asset", {"client": ACME, "id": 99999, "name": "X"}, ["id", "99999", "omit id"]),
    ("asset-id-of-another-client", "itflow_asset", {"client": ACME, "id": "__globex_asset__", "name": "X"},
     ["id", "in client 1", "check id and client"]),
    # ---- required for a create, conflicting with the state, or blank
    ("asset-name-blank", "itflow_asset", asset(name="   "), ["name", "required"]),
    ("location-without-client", "itflow_location", {"name": "Bad Input Site"}, ["client", "required"]),
    ("contact-create-without-name", "itflow_contact", {"client": ACME, "email": "new@acme.example"}, ["name", "create"]),
    ("certificate-create-without-domain", "itflow_certificate", {"client": ACME, "name": "Bad cert"}, ["domain", "create"]),
    ("document-create-without-content", "itflow_document", {"client": ACME, "name": "Bad doc"}, ["content", "create"]),
    ("credential-create-without-password", "itflow_credential", {"client": ACME, "name": "Bad", "decrypt_password": DP},
     ["password", "create"]),
    ("credential-without-decrypt-password", "itflow_credential", {"client": ACME, "name": "Bad", "password": "pw"},
     ["decrypt_password", "ITFLOW_DECRYPT_PASSWORD"]),
    ("contact-archived-but-important", "itflow_contact", {"client": ACME, "email": "alice@acme.example", "state": "archived",
                                                          "important": True}, ["important", "state=archived"]),
    ("ticket-details-empty", "itflow_ticket", {"client": ACME, "subject": "Printer jam", "details": ""},
     ["details", "empty", "Leave details out"]),
]


@pytest.mark.parametrize("module,args,words", [c[1:] for c in CASES], ids=case_ids(CASES))
def test_refused_before_any_write(runner, module, args, words):
    args = dict(args)
    if args.get("decrypt_password") == DP:
        args["decrypt_password"] = runner.sim.keys["admin"]["decrypt_password"]
    if args.get("id") == "__globex_asset__":
        args["id"] = runner.globex_asset_id
    result, _log = runner.refused(module, args, words)
    for secret in ("password", "otp_secret"):
        if args.get(secret):
            assert args[secret] not in result["msg"]
