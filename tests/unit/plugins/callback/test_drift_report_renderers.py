# -*- coding: utf-8 -*-
"""The drift report renderers: known module results in, expected Markdown/JSON/JUnit/HTML out."""

from __future__ import absolute_import, division, print_function

import json
import os
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from ansible_collections.itflow.itflow.plugins.plugin_utils._collector import Collector, resource_of
from ansible_collections.itflow.itflow.plugins.plugin_utils import _report

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drift_samples import EXPECTED_ACME, EXPECTED_GLOBEX, GENERATED, LEAKS, RESULTS  # pylint: disable=import-error,wrong-import-position

TASKS = {"itflow_document": "Documents"}


def collect(results=None, check_mode=True):
    collector = Collector()
    for action, args, result, failed in RESULTS if results is None else results:
        task = TASKS.get(action.rsplit(".", maxsplit=1)[-1], "")
        assert collector.add(action, dict(result), args=args, task=task, check_mode=check_mode, failed=failed)
    return collector


@pytest.fixture
def report():
    return collect().build(title="Drift <Acme>", generated=GENERATED)


def by_name(report, name):
    return [c for c in report["clients"] if c["name"] == name][0]


def test_clients_are_grouped_by_name_and_id(report):
    assert [c["name"] for c in report["clients"]] == ["Acme Corp", "Globex Inc", _report.GLOBAL_NAME]
    acme = by_name(report, "Acme Corp")
    assert acme["id"] == 1 and not acme["global"] and not acme["missing"] and acme["drifting"]
    # "client: 1" (ACME-OLD, ACME-FW01) lands in the same group as "client: Acme Corp".
    assert [(r["resource"], r["name"], r["status"]) for r in acme["records"]] == [
        ("asset", "ACME-NEW", "create"), ("asset", "ACME-SRV01", "update"), ("credential", "ACME-SRV01 admin", "update"),
        ("asset", "ACME-OLD", "delete"), ("asset", "ACME-FW01", "in_sync"), ("client", "Acme Corp", "in_sync")]
    assert by_name(report, _report.GLOBAL_NAME)["global"]


def test_markdown_client_sections(report):
    assert by_name(report, "Acme Corp")["markdown"] == EXPECTED_ACME
    assert by_name(report, "Globex Inc")["markdown"] == EXPECTED_GLOBEX


def test_markdown_report(report):
    text = _report.render_markdown(report)
    assert text.startswith("# Drift \\<Acme\\>\n\nCheck mode: nothing was changed in ITFlow. Generated 2026-11-28T03:00:00Z.\n\n"
                           "**6 of 8 declared records drift (1 missing, 4 changed, 1 declared absent), 2 in sync; "
                           "1 extra record (in ITFlow, not declared); 1 error; 3 clients.**\n\n## Acme Corp\n")
    assert EXPECTED_ACME in text and EXPECTED_GLOBEX in text
    assert "### vendor Dell Global (id 7): changed, would update" in text


def test_json_report(report):
    data = json.loads(_report.render_json(report))
    assert data["title"] == "Drift <Acme>" and data["mode"] == "check" and data["generated"] == GENERATED
    assert data["summary"] == {"create": 1, "update": 4, "delete": 1, "in_sync": 2, "clients": 3, "records": 8, "fields": 6,
                               "extra": 1, "errors": 1, "drifting": 6, "hidden": 0, "would_fail": 0, "new_references": 0}
    acme = by_name(data, "Acme Corp")
    srv = [r for r in acme["records"] if r["name"] == "ACME-SRV01"][0]
    assert srv == {"resource": "asset", "name": "ACME-SRV01", "id": 3, "task": "", "operation": "update", "status": "update",
                   "check_mode": True, "drift": [{"field": "os", "current": "Ubuntu 22.04", "desired": "Ubuntu 24.04"},
                                                 {"field": "notes", "current": "", "desired": "a | b\nc `d`"}]}
    cred = [r for r in acme["records"] if r["resource"] == "credential"][0]
    assert cred["drift"] == [{"field": "password", "secret": True}, {"field": "otp_secret", "secret": True}]
    assert acme["extra"] == [{"resource": "asset", "name": "OLD-BOX", "id": 9}]
    globex = by_name(data, "Globex Inc")
    assert globex["errors"] == [{"resource": "document", "name": "<script>alert(1)</script>", "id": None, "task": "Documents",
                                 "message": "This ITFlow server has no documents/update.php endpoint, so it cannot update a document.",
                                 "endpoint": "documents/update.php"}]
    assert globex["markdown"] == EXPECTED_GLOBEX


def test_junit_parses_with_failures_where_drift(report):
    root = ET.fromstring(_report.render_junit(report).encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("10", "7", "1")
    suites = dict((s.get("name"), s) for s in root.findall("testsuite"))
    assert sorted(suites) == sorted(["Acme Corp", "Globex Inc", _report.GLOBAL_NAME])
    cases = dict((c.get("name"), c) for c in suites["Acme Corp"].findall("testcase"))
    assert cases["Acme Corp / asset ACME-FW01 (id 2)"].find("failure") is None
    failure = cases["Acme Corp / asset ACME-SRV01 (id 3)"].find("failure")
    assert failure.get("type") == "drift" and failure.get("message") == "changed, would update: os, notes"
    assert "os: ITFlow \"Ubuntu 22.04\", declared \"Ubuntu 24.04\"\nnotes: ITFlow (empty), declared \"a | b" in failure.text
    assert cases["Acme Corp / asset ACME-NEW"].find("failure").get("message").startswith("missing, would create")
    assert cases["Acme Corp / asset ACME-OLD"].find("failure").get("message") == "declared absent, would delete: exists"
    assert cases["Acme Corp / asset OLD-BOX (id 9) (not declared)"].find("failure").get("type") == "extra"
    secret = cases["Acme Corp / credential ACME-SRV01 admin (id 4)"].find("failure").text
    assert secret == "password: differs (secret, not shown)\notp_secret: differs (secret, not shown)"
    error = suites["Globex Inc"].find("testcase/error")
    assert error is not None and "documents/update.php" in error.get("message")
    assert suites["Globex Inc"].get("errors") == "1"


class Page(HTMLParser):
    def __init__(self):
        HTMLParser.__init__(self)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_html_parses_and_holds_no_external_reference(report):
    page = _report.render_html(report)
    parser = Page()
    parser.feed(page)
    parser.close()
    assert not set(parser.tags) & {"script", "link", "img", "iframe", "object", "embed", "a", "base", "form"}
    assert not [a for a in parser.attrs if a[0] in ("href", "src", "action", "srcset", "style") or a[0].startswith("on")]
    lowered = page.lower()
    for needle in ("http", "url(", "<script", "@import", "//"):
        assert needle not in lowered
    text = "".join(parser.text)
    # Every value is there as text, escaped: markup from ITFlow stays text.
    for value in ("<script>alert(1)</script>", "https://evil.example/x.png", "url(x) dell.com", "Ubuntu 22.04", "OLD-BOX"):
        assert value in text
    assert parser.tags.count("table") == 3 and parser.tags.count("h2") == 3
    assert "missing" in text and "declared absent" in text and "secret: differs" in text


def test_secrets_never_appear(report):
    outputs = [render(report) for render in _report.RENDERERS.values()]
    for output in outputs:
        for leak in LEAKS:
            assert leak not in output
        assert "********" not in output


def test_apply_mode_words():
    report = collect(RESULTS[:3], check_mode=False).build(generated=GENERATED)
    assert report["mode"] == "apply"
    text = _report.render_markdown(report)
    assert "Changes were applied to ITFlow." in text
    assert "### asset ACME-NEW: missing, created" in text and "### asset ACME-SRV01 (id 3): changed, updated" in text


def test_empty_report_renders():
    report = Collector().build(generated=GENERATED)
    assert report["mode"] == "none" and report["clients"] == []
    assert "0 of 0 declared records drift" in _report.render_markdown(report)
    assert ET.fromstring(_report.render_junit(report)).get("tests") == "0"
    Page().feed(_report.render_html(report))


@pytest.mark.parametrize("action, expected", [
    ("itflow.itflow.itflow_asset", "asset"), ("itflow_software", "software"), ("other.coll.itflow_asset", None),
    ("ansible.builtin.debug", None), ("itflow_", None), ("", None)])
def test_resource_of(action, expected):
    assert resource_of(action) == expected


@pytest.mark.parametrize("operation, status", [
    ("none", "in_sync"), ("create", "create"), ("create+resolve", "create"), ("delete", "delete"), ("update", "update"),
    ("unarchive+update", "update"), ("resolve", "update")])
def test_status_of(operation, status):
    assert _report.status_of(operation) == status


def test_results_that_are_not_resource_results_are_ignored():
    collector = Collector()
    assert not collector.add("itflow.itflow.itflow_info", {"records": []})
    assert not collector.add("ansible.builtin.debug", {"drift": []})
    assert collector.add("itflow.itflow.itflow_asset", {"censored": "hidden"})
    assert collector.build(generated=GENERATED)["summary"]["hidden"] == 1


def test_xml_hostile_characters_are_replaced():
    collector = Collector()
    collector.add("itflow_asset", {"operation": "update", "drift": [{"field": "notes", "current": "a\x00b\x1b", "desired": "ok"}]},
                  args={"client": "Acme Corp", "name": "X"})
    root = ET.fromstring(_report.render_junit(collector.build(generated=GENERATED)).encode("utf-8"))
    assert "a\ufffdb\ufffd" in root.find("testsuite/testcase/failure").text


def test_client_missing_and_unknown_id():
    collector = Collector()
    collector.add("itflow_client", {"operation": "create", "drift": [{"field": "name", "current": None, "desired": "New Co"}],
                                    "client": {"name": "New Co"}}, args={"name": "New Co"})
    collector.add("itflow_asset", {"operation": "none", "drift": [], "asset": {"id": 1, "client_id": 42, "name": "A"}}, args={"client": 42})
    clients = collector.build(generated=GENERATED)["clients"]
    assert [(c["name"], c["id"], c["missing"]) for c in clients] == [("client #42", 42, False), ("New Co", None, True)]
