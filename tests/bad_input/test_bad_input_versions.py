# -*- coding: utf-8 -*-
"""Bad input to the resources whose write endpoints only the 26.04 build has (the simulator's "full" profile: 26.04
with working domain, network and software writes), where a bad value would otherwise reach ITFlow and crash it."""

from __future__ import absolute_import, division, print_function

import pytest

from badinput import LONG, case_ids  # pylint: disable=import-error

ACME = "Acme Corp"


def named(**kw):
    return dict({"client": ACME, "name": "bad-input.example"}, **kw)


CASES = [
    ("domain-expire-not-a-date", "itflow_domain", named(expire="soon"), ["expire", "YYYY-MM-DD"]),
    ("domain-unknown-registrar", "itflow_domain", named(registrar="No Such Registrar"), ["registrar", "vendor", "No Such Registrar"]),
    ("domain-name-over-200", "itflow_domain", named(name=LONG[:201]), ["name", "at most 200"]),
    ("network-cidr-invalid", "itflow_network", named(name="Bad LAN", cidr="10.0.0.0/33"), ["cidr", "CIDR"]),
    ("network-gateway-invalid", "itflow_network", named(name="Bad LAN", cidr="10.9.0.0/24", gateway="10.9.0.256"),
     ["gateway", "IPv4"]),
    ("network-vlan-out-of-range", "itflow_network", named(name="Bad LAN", cidr="10.9.0.0/24", vlan=5000),
     ["vlan", "between 0 and 4094"]),
    ("network-vlan-not-a-number", "itflow_network", named(name="Bad LAN", vlan="ten"), ["vlan", "int"]),
    ("software-key-over-200", "itflow_software", named(name="Bad App", key="K" * 201, expire="2027-01-01"), ["key", "at most 200"]),
    ("software-seats-negative", "itflow_software", named(name="Bad App", seats=-1, expire="2027-01-01"), ["seats", "between 0"]),
    ("software-expire-not-iso", "itflow_software", named(name="Bad App", expire="31.12.2026"), ["expire", "YYYY-MM-DD"]),
    ("vendor-name-over-200", "itflow_vendor", named(name=LONG[:201]), ["name", "at most 200"]),
    ("vendor-website-over-200", "itflow_vendor", named(name="Bad Vendor", website=LONG[:201] + ".example"), ["website", "at most 200"]),
    ("location-hours-over-200", "itflow_location", named(name="Bad Site", hours=LONG[:201]), ["hours", "at most 200"]),
    ("ticket-priority-over-200", "itflow_ticket", {"client": ACME, "subject": "Bad", "priority": LONG[:201]},
     ["priority", "at most 200"]),
    ("credential-password-over-350-bytes", "itflow_credential", named(name="Bad", password="p" * 351, decrypt_password="__dp__"),
     ["password", "350"]),
]


@pytest.fixture(scope="module")
def runner(make_runner):
    return make_runner("full")


@pytest.mark.parametrize("module,args,words", [c[1:] for c in CASES], ids=case_ids(CASES))
def test_refused_before_any_write(runner, module, args, words):
    args = dict(args)
    if args.get("decrypt_password") == "__dp__":
        args["decrypt_password"] = runner.sim.keys["admin"]["decrypt_password"]
    result, _log = runner.refused(module, args, words)
    for secret in ("key", "password"):
        if module in ("itflow_software", "itflow_credential") and args.get(secret):
            assert args[secret] not in result["msg"]
