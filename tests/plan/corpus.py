# -*- coding: utf-8 -*-
"""The declarations tests/plan/test_plan_equals_apply.py plans and applies, and the ITFlow state seeded before.

Each declaration is one client, so that a report's records tell them apart by client:

- ``example``: the shipped playbooks/vars/client_docs.example.yml (a new client, everything the server can write);
- ``whole`` (26.08 only): the same example as it is, vendors, networks, domains and software included, which that
  server cannot create: the plan names the records the real run fails on;
- ``partial``: a client that partly exists, with drifted fields, new records naming existing and new ones, a record
  declared absent, and purge (assets and contacts: the undeclared ones are deleted; documents: reported only);
- ``acme``: the shipped playbooks/vars/declaration.example.yml, planned by playbooks/drift_report.yml and applied
  by the role (its client exists in the simulator's seed, its records do not);
- ``demo``: playbooks/demo.yml with a client name that does not exist yet.
"""

from __future__ import absolute_import, division, print_function

import copy
import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
VARS = os.path.join(REPO, "playbooks", "vars")

# What each simulator profile cannot create (docs/versions.md): 26.08 has no such endpoint; the 26.04 build's
# networks and domains create.php always crash (no check can foresee that: the endpoint exists).
CANNOT_CREATE = {"26.08": ("vendors", "networks", "domains", "software"), "26.04": ("networks", "domains"), "full": ()}
REFERENCES = {"assets": {"network": "networks", "vendor": "vendors"}, "software": {"vendor": "vendors"},
              "domains": {"registrar": "vendors", "webhost": "vendors", "dnshost": "vendors", "mailhost": "vendors"}}

PARTIAL = "Partial Clinic"
DEMO = "Plan Demo"
SECRETS = ("Plan-Secret-Old", "Plan-Secret-New", "Change-me-RBD-SRV01", "Change-me-RBD-FW01", "change-me")


def load(name):
    with open(os.path.join(VARS, name), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def writable(declaration, profile):
    """The part of a role declaration the server can create: no resource it cannot, and no reference to one."""
    out = copy.deepcopy(declaration)
    for resource in CANNOT_CREATE[profile]:
        out.pop(resource, None)
    for resource, refs in REFERENCES.items():
        for item in out.get(resource) or []:
            for option, target in refs.items():
                if target in CANNOT_CREATE[profile]:
                    item.pop(option, None)
    return dict((k, v) for k, v in out.items() if v != [])


WHOLE = "Riverbend Dental Whole"


def example(profile):
    return {"client_docs_declaration": writable(load("client_docs.example.yml")["client_docs_declaration"], profile)}


def whole_example():
    """The shipped example as it is, for a server that cannot write all of it (26.08): the plan must name each record
    the real run fails on, as that run's failures do."""
    declaration = load("client_docs.example.yml")["client_docs_declaration"]
    declaration["client"]["name"] = WHOLE
    declaration["client"]["abbreviation"] = "RBDW"
    return {"client_docs_declaration": declaration}


def acme(profile):
    """declaration.example.yml (drift_report.yml's format) and the same records as a role declaration."""
    declared = load("declaration.example.yml")["itflow_declaration"]
    role = {"client": dict(declared["clients"][0])}
    for kind, items in declared.items():
        if kind != "clients" and items:
            role[kind] = [dict((k, v) for k, v in i.items() if k != "client") for i in items]
    role = writable(role, profile)
    drift = {"clients": declared["clients"]}
    for kind, items in role.items():
        if kind != "client":
            drift[kind] = [dict(i, client=role["client"]["name"]) for i in items]
    return {"itflow_declaration": drift}, {"client_docs_declaration": role}


def partial(profile):
    """Partly existing, drifted, purged: only operations every profile has for the records touched."""
    declaration = {
        "client": {"name": PARTIAL, "type": "Company", "website": "partial.example", "notes": "Declared by tests/plan"},
        "locations": [{"name": "Front Office", "city": "Springfield"},                   # exists, in sync
                      {"name": "Back Office", "city": "Springfield"}],                   # new
        "contacts": [{"name": "Pat Partial", "email": "pat@partial.example", "title": "Director", "location": "Back Office"},
                     {"name": "Quinn New", "email": "quinn@partial.example", "location": "Front Office"}],
        "assets": [{"name": "PC-SRV01", "type": "Server", "os": "Ubuntu 24.04", "ip": "10.30.0.10", "mac": "52:54:00:30:00:10"},
                   {"name": "PC-WS01", "type": "Workstation", "location": "Back Office", "contact": "quinn@partial.example"},
                   {"name": "PC-OLD01", "state": "absent"}],
        "certificates": [{"name": "Partial portal", "domain": "portal.partial.example", "expire": "2027-01-31"}],
        "documents": [{"name": "Runbook", "content": "<p>Restart the server on Mondays.</p>"},
                      {"name": "Network plan", "content": "<p>One LAN.</p>"}],
        "credentials": [{"name": "PC-SRV01 root", "username": "root", "password": "Plan-Secret-New", "asset": "PC-SRV01"},
                        {"name": "PC-WS01 admin", "username": "admin", "password": "Plan-Secret-Old", "asset": "PC-WS01",
                         "contact": "quinn@partial.example"}],
    }
    return {"client_docs_declaration": declaration, "client_docs_purge": ["assets", "contacts"]}


def seed_partial(api, decrypt_password):
    """What ITFlow holds of the partial client before the first plan (API calls with the collection's client)."""
    client = api.write("clients", "create", {"client_name": PARTIAL, "client_type": "Company", "client_website": "partial.example",
                                             "client_notes": "Seeded", "client_is_lead": 0})["data"][0]["insert_id"]
    api.write("locations", "create", {"client_id": client, "location_name": "Front Office", "location_city": "Springfield"})
    api.write("contacts", "create", {"client_id": client, "contact_name": "Pat Partial", "contact_email": "pat@partial.example",
                                     "contact_title": "Manager"})
    api.write("contacts", "create", {"client_id": client, "contact_name": "Gone Person", "contact_email": "gone@partial.example"})
    api.write("assets", "create", {"client_id": client, "asset_name": "PC-SRV01", "asset_type": "Server", "asset_os": "Ubuntu 22.04",
                                   "asset_ip": "10.30.0.10", "asset_mac": "52:54:00:30:00:10"})
    asset_old = api.write("assets", "create", {"client_id": client, "asset_name": "PC-OLD01", "asset_type": "Workstation"})
    api.write("assets", "create", {"client_id": client, "asset_name": "PC-TEMP", "asset_type": "Laptop"})
    api.write("documents", "create", {"client_id": client, "document_name": "Runbook", "document_content": "<p>Old text.</p>"})
    api.write("documents", "create", {"client_id": client, "document_name": "Scratch notes", "document_content": "<p>x</p>"})
    api.write("credentials", "create", {"client_id": client, "credential_name": "PC-SRV01 root", "credential_username": "root",
                                        "credential_password": "Plan-Secret-Old", "api_key_decrypt_password": decrypt_password})
    return int(client), int(asset_old["data"][0]["insert_id"])


# What the first plan must say about the partial client, beyond what the real run must agree with.
PARTIAL_PLAN = {
    ("client", PARTIAL): ("update", {"notes"}),
    ("location", "Front Office"): ("none", set()),
    ("location", "Back Office"): ("create", {"name", "city"}),
    ("contact", "pat@partial.example"): ("update", {"title", "location"}),
    ("contact", "quinn@partial.example"): ("create", {"name", "email", "location"}),
    ("asset", "PC-SRV01"): ("update", {"os"}),
    ("asset", "PC-WS01"): ("create", {"name", "type", "location", "contact"}),
    ("asset", "PC-OLD01"): ("delete", {"exists"}),
    ("certificate", "Partial portal"): ("create", {"name", "domain", "expire"}),
    ("document", "Runbook"): ("update", {"content"}),
    ("document", "Network plan"): ("create", {"name", "content"}),
    ("credential", "PC-SRV01 root"): ("update", {"password", "asset"}),
    ("credential", "PC-WS01 admin"): ("create", {"name", "username", "password", "asset", "contact"}),
}
# Undeclared records: purged (assets, contacts), or only reported (documents).
PARTIAL_EXTRA = {("asset", "PC-TEMP"): "delete", ("contact", "gone@partial.example"): "delete", ("document", "Scratch notes"): None}
