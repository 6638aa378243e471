# -*- coding: utf-8 -*-
"""End to end: the drift report callback and playbooks/drift_report.yml against a seeded simulator.

The simulator (ITFlow 26.08, empty seed: clients Acme Corp and Globex Inc) is seeded through its
API with known state; the declarations (check.yml, declaration.yml) differ from it in known ways:
missing records, changed fields, a record declared absent, a secret that differs, one record
ITFlow cannot check. Every report format is compared with that. Then playbooks/drift_report.yml
runs twice with ticket opening on, and exactly one open ticket per drifting client must exist.

Three ansible-playbook runs: check.yml (--check) and the first drift_report.yml run at the same
time (both only read the declared records), then the second drift_report.yml run (that one without
ITFLOW_DRIFT_REPORT_DIR: callback and playbook both use the directory it starts in).
"""

from __future__ import absolute_import, division, print_function

import html
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "simulator"))

from itflow_tests import collections_path, venv_bin  # pylint: disable=import-error,wrong-import-position
from itflow_sim.testing import start_simulator  # pylint: disable=import-error,wrong-import-position

SUBJECT = "ITFlow documentation drift"
SECRETS = ("Seeded-Secret-1", "Declared-Secret-2")
STALE = "<pre>## Globex Inc (an earlier drift)</pre>"
SECRET = "secret"
# (client, resource, name) -> (status, {field: (ITFlow value, declared value) or SECRET})
EXPECTED = {
    ("Acme Corp", "client", "Acme Corp"): ("in_sync", {}),
    ("Acme Corp", "asset", "ACME-FW01"): ("in_sync", {}),
    ("Acme Corp", "asset", "ACME-SRV01"): ("update", {"os": ("Ubuntu 22.04", "Ubuntu 24.04")}),
    ("Acme Corp", "asset", "ACME-NEW"): ("create", {"name": (None, "ACME-NEW"), "type": (None, "Laptop"), "make": (None, "Lenovo")}),
    ("Acme Corp", "asset", "ACME-OLD"): ("delete", {"exists": (True, False)}),
    ("Acme Corp", "credential", "ACME-SRV01 admin"): ("update", {"password": SECRET}),
    ("Globex Inc", "asset", "GLOBEX-SRV01"): ("update", {"status": ("Deployed", "In Repair")}),
    ("Globex Inc", "contact", "jane@globex.example"): ("create", {"name": (None, "Jane Roe"), "email": (None, "jane@globex.example")}),
    # No location Nowhere and no task creates one: planned as new, and the plan says the real run fails on it.
    ("Globex Inc", "asset", "GLOBEX-PRN02"): ("create", {"name": (None, "GLOBEX-PRN02"), "type": (None, "Printer"),
                                                         "location": (None, "Nowhere (new)")}),
}
# GLOBEX-PRN02 names a location no task creates; GLOBEX-SRV01 is in the same itflow_bulk task, whose dry run
# refuses every item before writing any.
FAILS = {("Globex Inc", "asset", "GLOBEX-PRN02"), ("Globex Inc", "asset", "GLOBEX-SRV01")}
ERRORS = {("Globex Inc", "asset", "GLOBEX-PRN01")}  # two locations named Twin: cannot be checked
EXTRA = {("Globex Inc", "asset", "GLOBEX-OLD")}  # itflow_bulk reports it, in check.yml and in the playbook
LABELS = {"create": "missing", "update": "changed", "delete": "declared absent"}


class Run(object):
    """One ansible-playbook run in the background, writing its reports to its own directory."""

    def __init__(self, sim, folder, args, dir_from_env=True):
        """dir_from_env=False: no ITFLOW_DRIFT_REPORT_DIR, the reports go to the directory the run starts in."""
        self.dir = str(folder)
        env = dict(os.environ)
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": collections_path(), "ITFLOW_URL": sim.url, "ITFLOW_API_KEY": sim.keys["admin"]["api_key"],
            "ITFLOW_DECRYPT_PASSWORD": sim.keys["admin"]["decrypt_password"], "ANSIBLE_CALLBACKS_ENABLED": "itflow.itflow.drift_report",
            "ITFLOW_DRIFT_REPORT_DIR": self.dir, "ANSIBLE_STDOUT_CALLBACK": "default", "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LOCALHOST_WARNING": "0", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0", "ANSIBLE_PYTHON_INTERPRETER": "auto_silent",
        })
        for name in ("ITFLOW_DRIFT_REPORT_BASE_NAME", "ITFLOW_DRIFT_REPORT_FORMATS", "ITFLOW_DRIFT_REPORT_TITLE", "ANSIBLE_CONFIG"):
            env.pop(name, None)
        if not dir_from_env:
            del env["ITFLOW_DRIFT_REPORT_DIR"]
        self.process = subprocess.Popen([venv_bin("ansible-playbook")] + list(args), env=env, cwd=HERE if dir_from_env else self.dir,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output = None

    def wait(self):
        self.output, _err = self.process.communicate(timeout=900)
        assert self.process.returncode == 0, self.output[-20000:]
        return self

    def read(self, ext):
        with open(os.path.join(self.dir, "itflow-drift-report." + ext), encoding="utf-8") as handle:
            return handle.read()


def seed(sim):
    key = sim.keys["admin"]
    ids = {}
    for path, body in [
        ("assets/create.php", {"client_id": 1, "asset_name": "ACME-SRV01", "asset_type": "Server", "asset_os": "Ubuntu 22.04", "asset_make": "Dell"}),
        ("assets/create.php", {"client_id": 1, "asset_name": "ACME-FW01", "asset_type": "Firewall", "asset_make": "Netgate"}),
        ("assets/create.php", {"client_id": 1, "asset_name": "ACME-OLD", "asset_type": "Workstation"}),
        ("assets/create.php", {"client_id": 2, "asset_name": "GLOBEX-SRV01", "asset_type": "Server", "asset_status": "Deployed"}),
        ("assets/create.php", {"client_id": 2, "asset_name": "GLOBEX-OLD", "asset_type": "Workstation"}),
        ("credentials/create.php", {"client_id": 1, "credential_name": "ACME-SRV01 admin", "credential_username": "admin",
                                    "credential_password": SECRETS[0], "api_key_decrypt_password": key["decrypt_password"]}),
        # An open drift ticket from an earlier run, with other details: no second one may be opened, and
        # ITFlow 26.08 cannot update it (no tickets/update.php), which the playbook reports without failing.
        ("tickets/create.php", {"client_id": 2, "ticket_subject": SUBJECT, "ticket_details": STALE}),
        # Two of Globex's locations share a name: a record naming it cannot be checked.
        ("locations/create.php", {"client_id": 2, "location_name": "Twin"}),
        ("locations/create.php", {"client_id": 2, "location_name": "Twin"}),
    ]:
        answer = requests.post(sim.url + "/api/v1/" + path, data=json.dumps(dict(body, api_key=key["api_key"])), timeout=60).json()
        assert answer["success"] == "True", answer
        name = body.get("asset_name") or body.get("credential_name") or body.get("location_name") or "ticket"
        ids[name] = int(answer["data"][0]["insert_id"])
    return ids


def open_tickets(sim):
    answer = requests.get(sim.url + "/api/v1/tickets/read.php", params={"api_key": sim.keys["admin"]["api_key"]}, timeout=60).json()
    return [t for t in answer.get("data") or [] if t["ticket_subject"] == SUBJECT]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    sim = start_simulator(profile="26.08", seed="empty")
    try:
        ids = seed(sim)
        playbook = os.path.join(REPO, "playbooks", "drift_report.yml")
        tickets = [playbook, "-e", "drift_declaration_file=" + os.path.join(HERE, "declaration.yml"), "-e", "drift_open_tickets=true"]
        check = Run(sim, tmp_path_factory.mktemp("check"), [os.path.join(HERE, "check.yml"), "--check"])
        first = Run(sim, tmp_path_factory.mktemp("first"), tickets)
        check.wait()
        first.wait()
        after_first = open_tickets(sim)
        second = Run(sim, tmp_path_factory.mktemp("second"), tickets, dir_from_env=False).wait()
        yield {"check": check, "first": first, "second": second, "ids": ids, "after_first": after_first, "tickets": open_tickets(sim),
               "secrets": SECRETS + (sim.keys["admin"]["api_key"], sim.keys["admin"]["decrypt_password"])}
    finally:
        sim.stop()


def errors_of(report):
    return set((c["name"], e["resource"], e["name"]) for c in report["clients"] for e in c["errors"])


def records_of(report):
    out = {}
    for client in report["clients"]:
        for record in client["records"]:
            drift = dict((d["field"], SECRET if d.get("secret") else (d["current"], d["desired"])) for d in record["drift"])
            out[(client["name"], record["resource"], record["name"])] = (record["status"], drift)
    return out


def test_json_report_matches_the_seeded_drift(runs):
    report = json.loads(runs["check"].read("json"))
    assert report["mode"] == "check"
    assert records_of(report) == EXPECTED
    assert errors_of(report) == ERRORS
    assert set((c["name"], e["resource"], e["name"]) for c in report["clients"] for e in c["extra"]) == EXTRA
    extra = [e for c in report["clients"] for e in c["extra"]][0]
    assert extra["id"] == runs["ids"]["GLOBEX-OLD"] and "operation" not in extra  # listed, not purged
    assert report["summary"] == {"create": 3, "update": 3, "delete": 1, "in_sync": 2, "clients": 2, "records": 9, "fields": 3,
                                 "extra": 1, "errors": 1, "drifting": 7, "hidden": 0, "would_fail": 2, "new_references": 1}
    assert set((c["name"], r["resource"], r["name"]) for c in report["clients"] for r in c["records"] if r.get("fails")) == FAILS
    printer = [r for c in report["clients"] for r in c["records"] if r["name"] == "GLOBEX-PRN02"][0]
    assert printer["new_references"] == [{"resource": "location", "option": "location", "value": "Nowhere", "planned": False}]
    assert printer["fails"].startswith("location 'Nowhere' is not in ITFlow and no task of this run creates it")
    acme = [c for c in report["clients"] if c["name"] == "Acme Corp"][0]
    assert acme["id"] == 1 and acme["drifting"]
    ids = dict((r["name"], r["id"]) for r in acme["records"])
    assert ids["ACME-SRV01"] == runs["ids"]["ACME-SRV01"] and ids["ACME-SRV01 admin"] == runs["ids"]["ACME-SRV01 admin"]
    assert ids["ACME-NEW"] is None


def md_value(value):
    if value is None:
        return "*(none)*"
    return "`%s`" % (str(value).lower() if isinstance(value, bool) else value)


def test_markdown_report_matches_the_seeded_drift(runs):
    text = runs["check"].read("md")
    assert text.startswith("# ITFlow documentation drift\n\nCheck mode: nothing was changed in ITFlow.")
    assert ("**7 of 9 declared records drift (3 missing, 3 changed, 1 declared absent), 2 in sync; "
            "1 extra record (in ITFlow, not declared); 2 records the real run would fail on; 1 error; 2 clients.**") in text
    acme, globex = text.split("\n## Acme Corp\n")[1].split("\n## Globex Inc\n")
    for (client, resource, name), (status, drift) in EXPECTED.items():
        section = acme if client == "Acme Corp" else globex
        if status == "in_sync":
            assert "%s %s (id " % (resource, name) in section.split("In sync: ")[1]
            continue
        heading = [line for line in section.splitlines() if line.startswith("### %s %s" % (resource, name))]
        assert len(heading) == 1 and ": %s, would " % LABELS[status] in heading[0]
        for field, values in drift.items():
            if values == SECRET:
                row = "| %s | *secret* | *differs* |" % field
            else:
                row = "| %s | %s | %s |" % (field, md_value(values[0]), md_value(values[1]))
            assert row in section
    assert "- asset GLOBEX-PRN01: 2 location records match location='Twin' in client 2" in globex
    assert "**The real run fails here:** location 'Nowhere' is not in ITFlow and no task of this run creates it" in globex
    assert "### Extra records (in ITFlow, not declared)\n\n- asset GLOBEX-OLD (id %d)\n" % runs["ids"]["GLOBEX-OLD"] in globex


def test_junit_report_parses_and_fails_where_drift(runs):
    root = ET.fromstring(runs["check"].read("xml").encode("utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("11", "8", "1")
    cases = {}
    for suite in root.findall("testsuite"):
        for case in suite.findall("testcase"):
            cases[(suite.get("name"), case.get("classname"), case.get("name").split(" / ", 1)[1])] = case
    for (client, resource, name), (status, drift) in EXPECTED.items():
        matches = [c for k, c in cases.items() if k[0] == client and k[1] == "itflow." + resource and k[2].startswith(resource + " " + name)]
        assert len(matches) == 1, (client, resource, name)
        failure = matches[0].find("failure")
        assert (failure is None) == (status == "in_sync")
        if failure is not None:
            assert failure.get("message").startswith(LABELS[status]) and failure.get("message").endswith(": " + ", ".join(drift))
    errors = [c for k, c in cases.items() if k[0] == "Globex Inc" and k[2] == "asset GLOBEX-PRN01"]
    assert len(errors) == 1 and "2 location records match" in errors[0].find("error").get("message")
    fails = [c for k, c in cases.items() if k[0] == "Globex Inc" and k[2] == "asset GLOBEX-PRN02"]
    assert len(fails) == 1 and fails[0].find("failure").get("type") == "fails"
    assert "the real run fails here: location 'Nowhere'" in fails[0].find("failure").text
    extra = [c for k, c in cases.items() if k[0] == "Globex Inc" and k[2].startswith("asset GLOBEX-OLD") and k[2].endswith("(not declared)")]
    assert len(extra) == 1 and extra[0].find("failure").get("type") == "extra"


class Tables(HTMLParser):
    """Every table row's cell texts, and every tag and attribute seen."""

    def __init__(self):
        HTMLParser.__init__(self)
        self.rows, self.tags, self.attrs, self.cell = [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_html_report_parses_matches_and_holds_no_external_reference(runs):
    page = runs["check"].read("html")
    parser = Tables()
    parser.feed(page)
    parser.close()
    assert not set(parser.tags) & {"script", "link", "img", "iframe", "object", "embed", "a", "base"}
    assert not [a for a in parser.attrs if a[0] in ("href", "src", "srcset", "action", "style")]
    for needle in ("http", "url(", "@import"):
        assert needle not in page.lower()
    assert parser.tags.count("table") == 2  # one per client
    rows = [r for r in parser.rows if r]
    for (client, resource, name), (status, drift) in EXPECTED.items():
        if status == "in_sync":
            assert "%s %s (id" % (resource, name) in html.unescape(page)
            continue
        first = [r for r in rows if r[0].startswith("%s %s" % (resource, name))]
        assert len(first) == 1 and first[0][1].startswith(LABELS[status])
        start = rows.index(first[0])
        fields = {}
        for row in rows[start:start + len(drift)]:  # [record, status,] field, ITFlow value, declared value
            if row[-1].startswith("secret: differs"):
                fields[row[-2]] = SECRET
            else:
                fields[row[-3]] = row[-2:]
        for field, values in drift.items():
            expected = SECRET if values == SECRET else ["(none)" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in values]
            assert fields[field] == expected, (name, field, fields)
    assert [r for r in rows if r[0] == "asset GLOBEX-PRN01" and r[1] == "error"]
    assert [r for r in rows if r[0].startswith("asset GLOBEX-OLD (id") and r[1] == "extra" and r[2] == "in ITFlow, not declared"]


def test_no_secret_in_any_report(runs):
    for name in ("check", "first", "second"):
        for ext in ("md", "json", "xml", "html"):
            text = runs[name].read(ext)
            assert not [s for s in runs["secrets"] if s in text], (name, ext)


def test_the_playbook_reports_the_same_drift(runs):
    check = json.loads(runs["check"].read("json"))
    for name in ("first", "second"):
        report = json.loads(runs[name].read("json"))
        assert records_of(report) == records_of(check)  # the ticket tasks are left out of the report
        assert errors_of(report) == errors_of(check)
        assert report["summary"] == check["summary"]  # itflow_bulk per resource and client: the same extra records too
        acme = [c["markdown"] for c in report["clients"] if c["name"] == "Acme Corp"]
        assert acme == [c["markdown"] for c in check["clients"] if c["name"] == "Acme Corp"]


def test_one_ticket_per_drifting_client_and_none_twice(runs):
    report = json.loads(runs["first"].read("json"))
    assert [(c["name"], c["drifting"]) for c in report["clients"]] == [("Acme Corp", True), ("Globex Inc", True)]
    for tickets in (runs["after_first"], runs["tickets"]):
        assert sorted(int(t["ticket_client_id"]) for t in tickets) == [1, 2]
    by_client = dict((int(t["ticket_client_id"]), t) for t in runs["tickets"])
    # Acme's ticket was opened by the first run, with Acme's section of the report.
    acme = [c for c in report["clients"] if c["name"] == "Acme Corp"][0]
    assert html.unescape(by_client[1]["ticket_details"]) == "<pre>" + acme["markdown"] + "</pre><br>"
    assert "changed: [localhost] => (item=Acme Corp)" in runs["first"].output
    assert "ok: [localhost] => (item=Acme Corp)" in runs["second"].output
    # Globex's ticket was already open: kept (26.08 cannot update it), and the play says so without failing.
    assert int(by_client[2]["ticket_id"]) == runs["ids"]["ticket"] and by_client[2]["ticket_details"] == STALE + "<br>"
    for run in (runs["first"], runs["second"]):
        assert "cannot change a ticket through its API" in run.output and "still shows the earlier drift" in run.output
        assert "Globex Inc still shows" in run.output.replace("\n", " ")
