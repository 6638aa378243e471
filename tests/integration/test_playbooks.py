# -*- coding: utf-8 -*-
"""The playbooks under playbooks/, run with ansible-playbook against each ITFlow server, twice, and read back.

- client_docs.yml (the role itflow.itflow.client_docs) with vars/client_docs.example.yml: where the server cannot
  create some of its resources (26.08: vendors, networks, domains, software; the 26.04 build: networks, domains) the
  whole example must fail naming them, after applying the rest; the part the server can write must converge
  (second run changed=0) and be in ITFlow as declared; check mode with --diff shows drift and purges and writes nothing.
- The role's argument spec: bad declarations fail with a message naming the option, before any request.
- provision_from_itflow.yml with playbooks/inventory/itflow.yml: targets exactly the client's non-retired servers.
- drift_report.yml on what client_docs.yml declared: no drift, twice.

Each test does its own ansible-playbook runs (no fixture shared between tests), so that pytest-xdist can run them
on different workers without repeating the slow part.
"""

from __future__ import absolute_import, division, print_function

import copy
import glob
import json
import os
import re
import sys
import uuid

import yaml

from ansible_collections.itflow.itflow.plugins.module_utils._client import ITFlowClient
from itflow_integration import REPO  # pylint: disable=import-error
from test_targets import run_playbook  # pylint: disable=import-error

PLAYBOOKS = os.path.join(REPO, "playbooks")
CLIENT_DOCS = os.path.join(PLAYBOOKS, "client_docs.yml")
PROVISION = os.path.join(PLAYBOOKS, "provision_from_itflow.yml")
DRIFT_REPORT = os.path.join(PLAYBOOKS, "drift_report.yml")
INVENTORY = os.path.join(PLAYBOOKS, "inventory", "itflow.yml")
EXAMPLE = os.path.join(PLAYBOOKS, "vars", "client_docs.example.yml")

# What each ITFlow cannot create (docs/versions.md); "full" is the simulator profile that can create everything.
CANNOT_CREATE = {"26.08": ("vendors", "networks", "domains", "software"), "26.04": ("networks", "domains"), "full": ()}
# The endpoint each failing resource must be named by (26.08 fails domains earlier: their registrar is a vendor).
FAILING_ENDPOINT = {"26.08": ("vendors/create.php", "networks/create.php", "software/create.php"),
                    "26.04": ("networks/create.php", "domains/create.php"), "full": ()}
# Options naming a record of another resource: left out when that resource is.
REFERENCES = {"assets": {"network": "networks", "vendor": "vendors"}, "software": {"vendor": "vendors"},
              "domains": {"registrar": "vendors", "webhost": "vendors", "dnshost": "vendors", "mailhost": "vendors"}}
# The natural key of each resource's records, and its ITFlow endpoint folder and column prefix.
KEYS = {"contacts": "email"}
ENDPOINTS = {"locations": "location", "vendors": "vendor", "contacts": "contact", "networks": "network", "assets": "asset",
             "domains": "domain", "certificates": "certificate", "software": "software", "documents": "document",
             "credentials": "credential"}
WRITE_OPS = ("create", "update", "delete", "archive", "unarchive", "resolve")


# ------------------------------------------------------------------ helpers

def recap(output):
    """{host: {"ok": n, "changed": n, "failed": n, ...}} from the PLAY RECAP."""
    hosts = {}
    for host, counts in re.findall(r"^(\S+)\s*:\s*(ok=\d+.*)$", output, re.M):
        hosts[host] = dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", counts))
    assert hosts, output
    return hosts


def show(result):
    return "%s\n%s" % (result.stdout[-15000:], result.stderr[-3000:])


def write_yaml(path, data):
    with open(str(path), "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    return str(path)


def example(tag):
    """The example declaration, its client renamed so that each run (and a real server) has its own."""
    with open(EXAMPLE, encoding="utf-8") as handle:
        declaration = yaml.safe_load(handle)["client_docs_declaration"]
    declaration["client"]["name"] = "Riverbend Dental %s" % tag
    return declaration


def writable(declaration, profile):
    """The part of a declaration the server can create: no resource it cannot, and no reference to one."""
    out = copy.deepcopy(declaration)
    for resource in CANNOT_CREATE[profile]:
        out.pop(resource, None)
    for resource, refs in REFERENCES.items():
        for item in out.get(resource, []):
            for option, target in refs.items():
                if target in CANNOT_CREATE[profile]:
                    item.pop(option, None)
    return out


def connection(itflow):
    key = itflow.admin
    return ITFlowClient(itflow.url, key["api_key"], decrypt_password=key.get("decrypt_password") or None, retries=0)


def client_records(itflow, name):
    """The client's row and {resource: rows} as ITFlow holds them, read with the collection's client."""
    api = connection(itflow)
    try:
        clients = [r for r in api.read("clients") if r["client_name"] == name and not r.get("client_archived_at")]
        assert len(clients) == 1, clients
        client_id = str(clients[0]["client_id"])
        out = {}
        for resource, prefix in ENDPOINTS.items():
            rows = api.read(prefix + "s" if resource != "software" else "software", decrypt=resource == "credentials")
            out[resource] = [r for r in rows if str(r.get(prefix + "_client_id")) == client_id]
        return clients[0], out
    finally:
        api.close()


def writes_since_clear(itflow):
    """The write requests the simulator received since its log was cleared (None against a real server)."""
    if itflow.sim is None:
        return None
    # POSTs only: check mode asks a write endpoint whether it exists with a GET, which writes nothing.
    return [e for e in itflow.sim.log() if e["method"] == "POST" and e["path"].rsplit("/", 1)[-1].split(".")[0] in WRITE_OPS]


def snapshot(itflow, name):
    """The client's records as ITFlow holds them, without the columns a read itself changes (``*_accessed_at``)."""
    client, records = client_records(itflow, name)
    return json.loads(json.dumps([client, records], sort_keys=True, default=str),
                      object_hook=lambda row: dict((k, v) for k, v in row.items() if not k.endswith("_accessed_at")))


def assert_nothing_written(itflow, name, before):
    """No write since ``before`` (a snapshot): on the simulator no write request at all; on a real server, whose
    requests we cannot see, the client's records read back exactly as they were."""
    if itflow.sim is not None:
        assert writes_since_clear(itflow) == []
    assert snapshot(itflow, name) == before


def resources_written(itflow):
    """The endpoint folders (clients, assets, ...) the simulator received a write for since its log was cleared."""
    return set(e["path"].split("/")[-2] for e in writes_since_clear(itflow))


def apply(itflow, path, *extra):
    return run_playbook(itflow, CLIENT_DOCS, extra_args=["-e", "client_docs_file=%s" % path] + list(extra))


# ------------------------------------------------------------------ client_docs.yml

def test_client_docs_playbook(itflow, tmp_path):
    profile = itflow.profile
    tag = uuid.uuid4().hex[:8]
    declaration = example(tag)
    name = declaration["client"]["name"]
    part = writable(declaration, profile)

    if CANNOT_CREATE[profile]:
        # The whole example: the resources this server cannot create fail, each named; the others are applied.
        whole = apply(itflow, write_yaml(tmp_path / "whole.yml", {"client_docs_declaration": declaration}))
        assert whole.returncode != 0, show(whole)
        assert recap(whole.stdout)["localhost"]["failed"] == 1, show(whole)
        final = re.search(r"fatal: \[localhost\]: FAILED! => (\{\"assertion\".*)$", whole.stdout, re.M)
        assert final, show(whole)
        message = json.loads(final.group(1))["msg"]
        assert "resources of client %s failed; the others were applied." % name in message
        failed = set(re.findall(r"(?:applied\. |\| )(\w+): ", message))
        assert set(CANNOT_CREATE[profile]) <= failed, message
        for endpoint in FAILING_ENDPOINT[profile]:
            assert endpoint in message, message
        assert {"locations", "contacts", "certificates", "documents"}.isdisjoint(failed), message
        records = client_records(itflow, name)[1]
        for resource in ("locations", "contacts", "certificates", "documents"):
            assert len(records[resource]) == len(declaration[resource]), (resource, records[resource])
        for resource in CANNOT_CREATE[profile]:
            assert records[resource] == [], resource

    part_file = write_yaml(tmp_path / "part.yml", {"client_docs_declaration": part})
    if itflow.sim is not None:
        itflow.sim.clear_log()
    first = apply(itflow, part_file)
    assert first.returncode == 0, show(first)
    if itflow.sim is not None:
        # The role writes each resource with one task: as many tasks changed as resources were written to ITFlow.
        written = resources_written(itflow)
        assert written and recap(first.stdout)["localhost"]["changed"] == len(written), (sorted(written), show(first))
    else:
        assert recap(first.stdout)["localhost"]["changed"] >= 1, show(first)
    second = apply(itflow, part_file)
    assert second.returncode == 0, show(second)
    assert recap(second.stdout)["localhost"]["changed"] == 0, show(second)

    client, records = client_records(itflow, name)
    assert (client["client_website"], client["client_abbreviation"], str(client["client_net_terms"])) == ("riverbend-dental.example", "RBD", "30")
    for resource, prefix in ENDPOINTS.items():
        key = KEYS.get(resource, "name")
        held = sorted(r["%s_%s" % (prefix, key)] for r in records[resource])
        assert held == sorted(i[key] for i in part.get(resource, [])), resource
    ids = dict(("%s/%s" % (resource, r["%s_%s" % (ENDPOINTS[resource], KEYS.get(resource, "name"))]), str(r[ENDPOINTS[resource] + "_id"]))
               for resource in ENDPOINTS for r in records[resource])
    assets = dict((r["asset_name"], r) for r in records["assets"])
    assert assets["RBD-SRV01"]["asset_os"] == "Windows Server 2022" and assets["RBD-SRV01"]["interface_ip"] == "10.20.0.10"
    assert assets["RBD-SRV01"]["interface_mac"].upper() == "00:1A:2B:3C:4D:10"
    assert str(assets["RBD-SRV00"]["asset_location_id"]) == ids["locations/East Branch"]
    assert str(assets["RBD-FRONT01"]["asset_contact_id"]) == ids["contacts/maria.lopez@riverbend-dental.example"]
    network = str(assets["RBD-SRV01"]["interface_network_id"] or 0)
    assert network == (ids["networks/Clinic LAN"] if "networks" in part else "0")
    contacts = dict((r["contact_email"], r) for r in records["contacts"])
    assert contacts["maria.lopez@riverbend-dental.example"]["contact_phone"] == "2175550142"
    assert str(contacts["alex.kim@riverbend-dental.example"]["contact_location_id"]) == ids["locations/Main Clinic"]
    credentials = dict((r["credential_name"], r) for r in records["credentials"])
    firewall = credentials["RBD-FW01 web admin"]
    assert (str(firewall["credential_asset_id"]), str(firewall["credential_contact_id"])) == (
        ids["assets/RBD-FW01"], ids["contacts/alex.kim@riverbend-dental.example"])
    if itflow.admin.get("decrypt_password"):
        assert firewall["credential_password"] == "Change-me-RBD-FW01"  # the example's default, read decrypted
    if "software" in part:
        assert (records["software"][0]["software_version"], str(records["software"][0]["software_seats"])) == ("G7.4", "12")
    if "domains" in part:
        assert str(records["domains"][0]["domain_registrar"]) == ids["vendors/NameHost"]

    # Check mode with --diff: an OS changed, a title changed, a document dropped with purge. Shown, not written.
    drift = copy.deepcopy(part)
    [a for a in drift["assets"] if a["name"] == "RBD-SRV02"][0]["os"] = "Ubuntu 26.04"
    [c for c in drift["contacts"] if c["name"] == "Sam Patel"][0]["title"] = "Lead Dentist"
    drift["documents"] = [d for d in drift["documents"] if d["name"] != "New staff onboarding"]
    drift_file = write_yaml(tmp_path / "drift.yml", {"client_docs_declaration": drift, "client_docs_purge": ["documents"]})
    before = snapshot(itflow, name)
    if itflow.sim is not None:
        itflow.sim.clear_log()
    check = apply(itflow, drift_file, "--check", "--diff")
    assert check.returncode == 0, show(check)
    assert_nothing_written(itflow, name, before)
    assert recap(check.stdout)["localhost"]["changed"] == 3, show(check)
    # The diff's values, whatever layout the ansible-core release's default callback gives it.
    assert re.search(r'"os":\s*"Ubuntu 24\.04"', check.stdout) and re.search(r'"os":\s*"Ubuntu 26\.04"', check.stdout), show(check)
    assert re.search(r'"title":\s*"Lead Dentist"', check.stdout), show(check)
    assert re.search(r"before: document \d+/New staff onboarding", check.stdout), show(check)
    assert "Change-me" not in check.stdout + check.stderr
    again = client_records(itflow, name)[1]
    assert sorted(r["document_name"] for r in again["documents"]) == ["Backup policy", "New staff onboarding"]
    assert [a["asset_os"] for a in again["assets"] if a["asset_name"] == "RBD-SRV02"] == ["Ubuntu 24.04"]


# ------------------------------------------------------------------ the role's argument spec

BAD_INPUTS = [
    ("no declaration", {}, "missing required arguments: client_docs_declaration"),
    ("no client", {"client_docs_declaration": {"assets": [{"name": "X"}]}},
     "missing required arguments: client found in client_docs_declaration"),
    ("asset without name or id", {"client_docs_declaration": {"client": {"name": "C"}, "assets": [{"type": "Server"}]}},
     "one of the following is required: name, id found in client_docs_declaration -> assets"),
    ("unknown contact option", {"client_docs_declaration": {"client": {"name": "C"}, "contacts": [{"email": "a@b.example", "phone_no": "1"}]}},
     "client_docs_declaration.contacts.phone_no"),
    ("client set on a record", {"client_docs_declaration": {"client": {"name": "C"}, "locations": [{"name": "HQ", "client": "Other"}]}},
     "client_docs_declaration.locations.client"),
    ("bad state", {"client_docs_declaration": {"client": {"name": "C"}, "assets": [{"name": "X", "state": "archived"}]}},
     "value of state must be one of: present, absent, got: archived found in client_docs_declaration -> assets"),
    ("bad type", {"client_docs_declaration": {"client": {"name": "C", "net_terms": "thirty"}}}, "net_terms"),
    ("records not a list of dicts", {"client_docs_declaration": {"client": {"name": "C"}, "documents": "Backup policy"}},
     "Elements value for option 'documents' found in 'client_docs_declaration' is of type str"),
    ("bad purge choice", {"client_docs_declaration": {"client": {"name": "C"}}, "client_docs_purge": ["clients"]},
     "value of client_docs_purge must be one or more of: locations, vendors"),
    ("purge of an undeclared resource", {"client_docs_declaration": {"client": {"name": "C"}, "assets": []}, "client_docs_purge": ["contacts"]},
     "client_docs_purge lists contacts, which client_docs_declaration does not declare"),
    ("purge of a resource declared empty",
     {"client_docs_declaration": {"client": {"name": "C"}, "assets": [], "contacts": None}, "client_docs_purge": ["assets", "contacts"]},
     "client_docs_purge lists assets, contacts, declared with no record"),
]


def test_client_docs_rejects_bad_input_before_any_request(itflow, tmp_path):
    """Each bad input fails the role with a message naming the option, and nothing is sent to ITFlow."""
    out = tmp_path / "messages.json"
    tasks = [{"name": "Collect", "ansible.builtin.set_fact": {"bad_messages": {}}}]
    for label, role_vars, _expected in BAD_INPUTS:
        tasks.append({"name": label, "block": [
            {"name": "Apply", "ansible.builtin.include_role": {"name": "itflow.itflow.client_docs"}, "vars": role_vars},
            {"name": "Accepted", "ansible.builtin.set_fact": {"bad_messages": "{{ bad_messages | combine({%s: 'ACCEPTED'}) }}" % json.dumps(label)}},
        ], "rescue": [
            {"name": "Rejected", "ansible.builtin.set_fact": {
                "bad_messages": "{{ bad_messages | combine({%s: ansible_failed_result.msg}) }}" % json.dumps(label)}},
        ]})
    tasks.append({"name": "Write", "ansible.builtin.copy": {"dest": str(out), "content": "{{ bad_messages | to_json }}", "mode": "0600"}})
    play = {"name": "Bad inputs", "hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}
    playbook = write_yaml(tmp_path / "bad.yml", [play])
    if itflow.sim is not None:
        itflow.sim.clear_log()
    result = run_playbook(itflow, playbook)
    assert result.returncode == 0, show(result)
    if itflow.sim is not None:
        assert itflow.sim.log() == []  # not even a read
    with open(str(out), encoding="utf-8") as handle:
        messages = json.load(handle)
    for label, _role_vars, expected in BAD_INPUTS:
        assert expected in messages[label], (label, messages[label])


# ------------------------------------------------------------------ provision_from_itflow.yml and drift_report.yml

def test_provision_targets_the_clients_servers_and_drift_report_finds_no_drift(itflow, tmp_path, monkeypatch):
    tag = uuid.uuid4().hex[:8]
    full = example(tag)
    name = full["client"]["name"]
    declaration = {"client": full["client"], "locations": full["locations"], "contacts": full["contacts"],
                   "assets": [dict((k, v) for k, v in a.items() if k not in ("network", "vendor")) for a in full["assets"]]}
    applied = apply(itflow, write_yaml(tmp_path / "declaration.yml", {"client_docs_declaration": declaration}))
    assert applied.returncode == 0, show(applied)

    # Another client's server, with a name a careless match on the client would take for Riverbend's.
    api = connection(itflow)
    try:
        other = api.write("clients", "create", {"client_name": name + " East", "client_is_lead": 0})["data"][0]["insert_id"]
        api.write("assets", "create", {"client_id": other, "asset_name": "RBD-SRV03", "asset_type": "Server", "asset_status": "Deployed"})
    finally:
        api.close()
    servers = dict((r["asset_name"], r["asset_id"]) for r in client_records(itflow, name)[1]["assets"]
                   if r["asset_type"] == "Server" and r["asset_status"] != "Retired")
    assert sorted(servers) == ["RBD-SRV01", "RBD-SRV02"]

    reports = tmp_path / "reports"
    reports.mkdir()
    args = ["-i", INVENTORY, "-e", json.dumps({"provision_client": name}), "-e", "ansible_connection=local",
            "-e", "ansible_python_interpreter=%s" % sys.executable, "-e", "provision_report_dir=%s" % reports]
    runs = [run_playbook(itflow, PROVISION, extra_args=args) for _run in range(2)]
    for run in runs:
        assert run.returncode == 0, show(run)
    hosts = recap(runs[0].stdout)
    assert len(hosts) == 3 and "localhost" in hosts, hosts  # the two servers, and the play that checks the input
    assert all(counts["failed"] == 0 and counts["unreachable"] == 0 for counts in hosts.values()), hosts
    assert sum(counts["changed"] for counts in recap(runs[1].stdout).values()) == 0, show(runs[1])
    written = []
    for path in glob.glob(str(reports / "*.json")):
        with open(path, encoding="utf-8") as handle:
            written.append(json.load(handle))
    assert sorted(str(r["itflow_asset_id"]) for r in written) == sorted(str(v) for v in servers.values())
    assert set(r["itflow_client"] for r in written) == {name} and set(r["itflow_type"] for r in written) == {"Server"}
    assert set(r["host"] for r in written) == set(hosts) - {"localhost"}

    # drift_report.yml, on what client_docs.yml declared: in sync, twice; nothing written.
    drift_declaration = {"itflow_declaration": {
        "clients": [declaration["client"]],
        "assets": [dict(i, client=name) for i in declaration["assets"]] + [{"client": name, "name": "RBD-SRV99", "state": "absent"}],
    }}
    drift_file = write_yaml(tmp_path / "drift_declaration.yml", drift_declaration)
    monkeypatch.setenv("ANSIBLE_CALLBACKS_ENABLED", "itflow.itflow.drift_report")
    monkeypatch.setenv("ITFLOW_DRIFT_REPORT_DIR", str(tmp_path))
    for variable in ("ITFLOW_DRIFT_REPORT_BASE_NAME", "ITFLOW_DRIFT_REPORT_FORMATS", "ANSIBLE_CONFIG"):
        monkeypatch.delenv(variable, raising=False)
    before = snapshot(itflow, name)
    if itflow.sim is not None:
        itflow.sim.clear_log()
    for _run in range(2):
        run = run_playbook(itflow, DRIFT_REPORT, extra_args=["-e", "drift_declaration_file=%s" % drift_file])
        assert run.returncode == 0, show(run)
        assert recap(run.stdout)["localhost"]["changed"] == 0, show(run)
        with open(str(tmp_path / "itflow-drift-report.json"), encoding="utf-8") as handle:
            report = json.load(handle)
        summary = report["summary"]
        records = sum(len(v) for v in drift_declaration["itflow_declaration"].values())
        assert (summary["drifting"], summary["errors"], summary["in_sync"]) == (0, 0, records), summary
    assert_nothing_written(itflow, name, before)


# ------------------------------------------------------------------ every playbook has a test

def test_every_playbook_is_exercised_by_a_test():
    """Each playbooks/*.yml is named by at least one test file under tests/ (this one names its three)."""
    sources = []
    for path in glob.glob(os.path.join(REPO, "tests", "**", "*.py"), recursive=True):
        if os.sep + "output" + os.sep not in path:
            with open(path, encoding="utf-8") as handle:
                sources.append(handle.read())
    playbooks = sorted(os.path.basename(p) for p in glob.glob(os.path.join(PLAYBOOKS, "*.yml")))
    assert playbooks
    untested = [p for p in playbooks if not any(p in text for text in sources)]
    assert untested == [], "playbooks no test under tests/ runs: %s" % ", ".join(untested)
