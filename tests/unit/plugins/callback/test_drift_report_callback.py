# -*- coding: utf-8 -*-
"""The itflow.itflow.drift_report callback with fake task results: what it collects, when it writes, what it prints."""

from __future__ import absolute_import, division, print_function

import json
import os
import sys
import xml.etree.ElementTree as ET

import pytest
import yaml
from ansible import constants as C

from ansible_collections.itflow.itflow.plugins.callback import drift_report
from ansible_collections.itflow.itflow.plugins.plugin_utils import _collector

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drift_samples import LEAKS, RESULTS  # pylint: disable=import-error,wrong-import-position


class FakeTask(object):
    def __init__(self, action, name="a task", check_mode=True, task_vars=None, loop=None):
        self.loop = loop
        self.action = action.split(".")[-1]
        self.resolved_action = action if "." in action else "itflow.itflow." + action
        self.name = name
        self.check_mode = check_mode
        self.task_vars = task_vars or {}

    def get_name(self):
        return self.name

    def get_vars(self):
        return self.task_vars


class FakeResult(object):
    """The 2.19 CallbackTaskResult interface: .task and .result."""

    def __init__(self, task, result):
        self.task = task
        self.result = result


class LegacyResult(object):
    """The pre-2.19 TaskResult interface: ._task and ._result."""

    def __init__(self, task, result):
        self._task = task
        self._result = result


class FakeDisplay(object):
    verbosity = 0

    def __init__(self):
        self.lines = []
        self.warnings = []

    def banner(self, text):
        self.lines.append("== " + text)

    def display(self, text, **kwargs):
        self.lines.append(text)

    def warning(self, text, **kwargs):
        self.warnings.append(text)

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


@pytest.fixture(scope="module")
def definitions():
    options = yaml.safe_load(drift_report.DOCUMENTATION)["options"]
    C.config.initialize_plugin_configuration_definitions("callback", drift_report.__name__, options)


@pytest.fixture
def callback(definitions, tmp_path):
    instance = drift_report.CallbackModule(display=FakeDisplay())
    instance._load_name = drift_report.__name__
    instance.set_options(direct={"dir": str(tmp_path / "reports"), "base_name": "drift"})
    return instance


def item(action, args, result):
    return dict(result, invocation={"module_args": args})


def feed_samples(callback, result_class=FakeResult):
    for action, args, result, failed in RESULTS:
        task = FakeTask(action, name="Documents" if failed else "Declared")
        if failed:
            callback.v2_runner_on_failed(result_class(task, item(action, args, result)), ignore_errors=True)
        else:
            callback.v2_runner_on_ok(result_class(task, item(action, args, result)))


def files(tmp_path):
    folder = tmp_path / "reports"
    return sorted(os.listdir(str(folder))) if folder.exists() else []


def test_writes_every_format_at_the_end(callback, tmp_path):
    feed_samples(callback)
    callback.v2_playbook_on_stats(None)
    assert files(tmp_path) == ["drift.html", "drift.json", "drift.md", "drift.xml"]
    data = json.loads((tmp_path / "reports" / "drift.json").read_text(encoding="utf-8"))
    assert data["summary"]["records"] == 8 and data["summary"]["errors"] == 1 and data["mode"] == "check"
    lines = callback._display.lines
    assert lines[0] == "== ITFLOW DRIFT REPORT"
    assert lines[1].startswith("6 of 8 declared records drift")
    assert any(line.startswith("  Acme Corp: 4 of 6") for line in lines)
    assert lines[-4:] == ["  " + os.path.join(str(tmp_path / "reports"), "drift." + ext) for ext in ("md", "json", "xml", "html")]
    for name in files(tmp_path):
        text = (tmp_path / "reports" / name).read_text(encoding="utf-8")
        assert not [leak for leak in LEAKS if leak in text]


def test_legacy_task_result_interface(callback, tmp_path):
    feed_samples(callback, LegacyResult)
    assert len(callback.collector.records) == 8 and len(callback.collector.errors) == 1


def test_loop_items_are_taken_one_by_one(callback):
    action, args, result, _failed = RESULTS[1]
    task = FakeTask(action, loop="{{ assets }}")
    callback.v2_runner_item_on_ok(FakeResult(task, item(action, args, result)))
    callback.v2_runner_item_on_failed(FakeResult(task, item(action, {"client": "Acme Corp", "name": "X"}, {"msg": "boom"})))
    # The task's own result repeats the items under "results": not counted twice.
    callback.v2_runner_on_ok(FakeResult(task, {"results": [result], "changed": True}))
    callback.v2_runner_on_failed(FakeResult(task, {"results": [result], "msg": "One or more items failed"}))
    assert len(callback.collector.records) == 1
    assert [e["message"] for e in callback.collector.errors] == ["boom"]


def test_other_modules_and_excluded_tasks_are_ignored(callback, tmp_path):
    callback.v2_runner_on_ok(FakeResult(FakeTask("ansible.builtin.debug"), {"msg": "hi", "drift": []}))
    callback.v2_runner_on_ok(FakeResult(FakeTask("itflow.itflow.itflow_info"), {"records": []}))
    callback.v2_runner_on_failed(FakeResult(FakeTask("ansible.builtin.assert"), {"msg": "no"}))
    action, args, result, _failed = RESULTS[1]
    for value in (False, "false", "no"):
        callback.v2_runner_on_ok(FakeResult(FakeTask(action, task_vars={"itflow_drift_report": value}), item(action, args, result)))
    assert len(callback.collector) == 0
    callback.v2_playbook_on_stats(None)
    assert files(tmp_path) == [] and callback._display.lines == []


def test_check_mode_comes_from_the_task(callback):
    action, args, result, _failed = RESULTS[1]
    callback.v2_runner_on_ok(FakeResult(FakeTask(action, check_mode=False), item(action, args, result)))
    report = callback.collector.build()
    assert report["mode"] == "apply"


def test_reports_are_written_when_the_next_play_starts(callback, tmp_path):
    callback.v2_playbook_on_play_start(None)
    assert files(tmp_path) == []
    feed_samples(callback)
    callback.v2_playbook_on_play_start(None)
    assert len(files(tmp_path)) == 4
    assert callback._display.lines == []  # silent: the summary comes once, at the end


def test_formats_option_and_unwritable_directory(definitions, tmp_path):
    instance = drift_report.CallbackModule(display=FakeDisplay())
    instance._load_name = drift_report.__name__
    blocker = tmp_path / "file"
    blocker.write_text("x")
    instance.set_options(direct={"dir": str(blocker / "sub"), "formats": ["junit"]})
    feed_samples(instance)
    instance.v2_playbook_on_stats(None)
    assert instance._display.warnings and "could not write" in instance._display.warnings[0]
    instance.set_options(direct={"dir": str(tmp_path / "reports"), "formats": ["junit", "markdown"]})
    instance.v2_playbook_on_stats(None)
    assert files(tmp_path) == ["itflow-drift-report.md", "itflow-drift-report.xml"]


def test_documented_defaults(callback):
    fresh = drift_report.CallbackModule(display=FakeDisplay())
    fresh._load_name = drift_report.__name__
    fresh.set_options()
    assert fresh.get_option("base_name") == "itflow-drift-report"
    assert fresh.get_option("formats") == ["markdown", "json", "junit", "html"]
    assert fresh.get_option("title") == "ITFlow documentation drift"


BULK = {
    "changed": True, "counts": {"none": 1, "update": 1, "create": 1, "failed": 1},
    "results": [
        {"item": 1, "key": {"name": "ACME-SRV01"}, "id": 3, "changed": True, "operation": "update",
         "drift": [{"field": "os", "current": "Ubuntu 22.04", "desired": "Ubuntu 24.04"}]},
        {"item": 2, "key": {"name": "ACME-FW01"}, "id": 2, "changed": False, "operation": "none", "drift": []},
        {"item": 3, "key": {"name": "ACME-NEW"}, "id": None, "changed": True, "operation": "create",
         "drift": [{"field": "name", "current": None, "desired": "ACME-NEW"}]},
        {"item": 4, "key": {"name": "ACME-BAD"}, "changed": False, "operation": "failed", "error": "No location 'Nowhere'", "drift": []},
        {"item": None, "key": {"id": 9, "name": "OLD-BOX"}, "purge": True, "changed": True, "operation": "delete", "id": 9,
         "drift": [{"field": "exists", "current": True, "desired": False}]},
    ],
    "extra": [{"resource": "asset", "id": 9, "key": "OLD-BOX"}, {"resource": "asset", "id": 11, "key": "ACME-ARCH"}],
    "failed_items": [],
}


def test_bulk_results_are_taken_item_by_item(callback, tmp_path):
    task = FakeTask("itflow.itflow.itflow_bulk", name="Acme's assets")
    callback.v2_runner_on_failed(FakeResult(task, item("itflow.itflow.itflow_bulk", {"resource": "asset", "client": "Acme Corp"},
                                                       dict(BULK, msg="1 of 5 records failed"))))
    report = callback.collector.build()
    assert [c["name"] for c in report["clients"]] == ["Acme Corp"]
    acme = report["clients"][0]
    assert [(r["resource"], r["name"], r["id"], r["status"]) for r in acme["records"]] == [
        ("asset", "ACME-NEW", None, "create"), ("asset", "ACME-SRV01", 3, "update"), ("asset", "ACME-FW01", 2, "in_sync")]
    assert [(e["name"], e["message"], e["task"]) for e in acme["errors"]] == [("ACME-BAD", "No location 'Nowhere'", "Acme's assets")]
    assert acme["extra"] == [{"resource": "asset", "name": "ACME-ARCH", "id": 11},
                             {"resource": "asset", "name": "OLD-BOX", "id": 9, "operation": "delete", "check_mode": True}]
    assert "- asset OLD-BOX (id 9): would delete" in acme["markdown"] and "- asset ACME-ARCH (id 11)\n" in acme["markdown"]


def test_bulk_failing_before_any_item(callback):
    task = FakeTask("itflow.itflow.itflow_bulk")
    callback.v2_runner_on_failed(FakeResult(task, item("itflow.itflow.itflow_bulk", {"resource": "contact", "client": "Nobody"},
                                                       {"msg": "No client 'Nobody'"})))
    errors = callback.collector.build()["clients"][0]["errors"]
    assert [(e["resource"], e["name"], e["message"]) for e in errors] == [("contact", "(all contact items)", "No client 'Nobody'")]


# ------------------------------------------------------------------ plans: references to records the run creates

def bulk(callback, resource, client, results, extra=None, check_mode=True, failed=False):
    task = FakeTask("itflow.itflow.itflow_bulk", name=resource, check_mode=check_mode)
    args = {"resource": resource, "client": client, "items": []}
    result = item("itflow.itflow.itflow_bulk", args, {"results": results, "extra": extra or [], "changed": True})
    if failed:
        callback.v2_runner_on_failed(FakeResult(task, result), ignore_errors=True)
    else:
        callback.v2_runner_on_ok(FakeResult(task, result))


def create(number, key, drift, new_references=None, unsupported=None):
    entry = {"item": number, "key": key, "id": None, "changed": True, "operation": "create",
             "drift": [{"field": f, "current": None, "desired": v} for f, v in drift]}
    if new_references:
        entry["new_references"] = [{"resource": r, "option": o, "value": v} for r, o, v in new_references]
    if unsupported:
        entry["unsupported"] = unsupported
    return entry


NO_VENDORS = {"operation": "create", "endpoint": "vendors/create.php",
              "message": "This ITFlow server has no vendors/create.php endpoint: vendors are read-only in its API."}


def new_client_plan(callback):
    """client_docs in check mode for a client that does not exist yet (as the role runs it: the records by the client's name)."""
    bulk(callback, "client", None, [create(1, {"name": "Riverbend"}, [("name", "Riverbend")])])
    bulk(callback, "location", "Riverbend", [create(1, {"name": "Main Clinic"}, [("name", "Main Clinic")], [("client", "client", "Riverbend")])])
    bulk(callback, "vendor", "Riverbend", [create(1, {"name": "NameHost"}, [("name", "NameHost")], [("client", "client", "Riverbend")],
                                                  [NO_VENDORS])])
    maria = [("name", "Maria Lopez"), ("email", "maria@rb.example"), ("location", "Main Clinic (new)")]
    bulk(callback, "contact", "Riverbend", [create(1, {"email": "maria@rb.example"}, maria,
                                                   [("client", "client", "Riverbend"), ("location", "location", "Main Clinic")])])
    bulk(callback, "asset", "Riverbend", [
        create(1, {"name": "RBD-SRV01"}, [("name", "RBD-SRV01"), ("contact", "Maria Lopez (new)"), ("vendor", "NameHost (new)")],
               [("client", "client", "Riverbend"), ("contact", "contact", "Maria Lopez"), ("vendor", "vendor", "NameHost")]),
        create(2, {"name": "RBD-FRONT01"}, [("name", "RBD-FRONT01"), ("location", "Main Clnic (new)")],
               [("client", "client", "Riverbend"), ("location", "location", "Main Clnic")]),
        create(3, {"name": "RBD-WS01"}, [("name", "RBD-WS01"), ("contact", "maria@rb.example (new)")],
               [("client", "client", "Riverbend"), ("contact", "contact", "maria@rb.example")]),
    ])


def test_a_new_clients_plan_is_filed_under_it_with_its_new_references(callback, tmp_path):
    new_client_plan(callback)
    callback.v2_playbook_on_stats(None)
    report = json.loads((tmp_path / "reports" / "drift.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in report["clients"]] == ["Riverbend"]
    riverbend = report["clients"][0]
    assert riverbend["missing"] and riverbend["id"] is None
    records = dict((r["name"], r) for r in riverbend["records"])
    assert set(records) == {"Riverbend", "Main Clinic", "NameHost", "maria@rb.example", "RBD-SRV01", "RBD-FRONT01", "RBD-WS01"}
    assert all(r["status"] == "create" for r in records.values())
    # A reference to a record another task creates is planned: by name, or a contact by its name or its e-mail.
    assert [(r["resource"], r["value"], r["planned"]) for r in records["maria@rb.example"]["new_references"]] == [
        ("client", "Riverbend", True), ("location", "Main Clinic", True)]
    assert "fails" not in records["maria@rb.example"]
    # A typo is a reference no task creates: the real run fails there, and the plan says so.
    assert "location 'Main Clnic' is not in ITFlow and no task of this run creates it" in records["RBD-FRONT01"]["fails"]
    # ITFlow cannot create the vendor; the asset naming it cannot be created either.
    assert records["NameHost"]["fails"] == NO_VENDORS["message"]
    assert records["RBD-SRV01"]["fails"] == "It names vendor 'NameHost' (option vendor), which the real run cannot create."
    # itflow_bulk's dry run refuses the whole asset task before writing: RBD-WS01 is not created either.
    assert records["RBD-WS01"]["fails"].startswith("Another record of the same itflow_bulk task names a record the real run cannot find")
    assert report["summary"]["would_fail"] == 4 and report["summary"]["new_references"] == 6
    markdown = (tmp_path / "reports" / "drift.md").read_text(encoding="utf-8")
    assert "### contact maria@rb.example: missing, would create\n\nNames records this run creates first: client Riverbend, " \
           "location Main Clinic.\n" in markdown
    assert "| location | *(none)* | `Main Clinic (new)` |" in markdown
    assert "**The real run fails here:** location 'Main Clnic' is not in ITFlow" in markdown
    assert "7 of 7 declared records drift (7 missing), 0 in sync; 4 records the real run would fail on; 1 client." in markdown
    root = ET.fromstring((tmp_path / "reports" / "drift.xml").read_bytes())
    assert sorted(f.get("type") for f in root.iter("failure")) == ["drift"] * 3 + ["fails"] * 4
    page = (tmp_path / "reports" / "drift.html").read_text(encoding="utf-8")
    assert "names new" in page and "badge error\">fails" in page
    assert any("4 records the real run would fail on" in line for line in callback._display.lines)


def test_a_failing_write_fails_alone_but_a_reference_refuses_its_whole_bulk_task(callback):
    """As the real run: a missing endpoint fails its own write; a reference that will not resolve stops the task's dry run."""
    bulk(callback, "vendor", "Acme Corp", [create(1, {"name": "V1"}, [("name", "V1")], unsupported=[NO_VENDORS]),
                                           create(2, {"name": "V2"}, [("name", "V2")], unsupported=[NO_VENDORS])])
    bulk(callback, "software", "Acme Corp", [create(1, {"name": "S1"}, [("name", "S1")]),
                                             create(2, {"name": "S2"}, [("name", "S2"), ("vendor", "V1 (new)")], [("vendor", "vendor", "V1")])])
    bulk(callback, "document", "Acme Corp", [create(1, {"name": "D1"}, [("name", "D1")])])
    # One module task (not itflow_bulk) naming the vendor: only that record fails.
    callback.v2_runner_on_ok(FakeResult(FakeTask("itflow.itflow.itflow_asset"), item("itflow.itflow.itflow_asset", {
        "client": "Acme Corp", "name": "A1", "vendor": "V2"}, {"changed": True, "operation": "create", "drift": [
            {"field": "name", "current": None, "desired": "A1"}], "new_references": [{"resource": "vendor", "option": "vendor", "value": "V2"}]})))
    records = dict((r["name"], r.get("fails")) for r in callback.collector.build()["clients"][0]["records"])
    assert records["V1"] == records["V2"] == NO_VENDORS["message"]
    assert records["S2"].startswith("It names vendor 'V1'") and records["S1"].startswith("Another record of the same itflow_bulk task")
    assert records["A1"].startswith("It names vendor 'V2'") and records["D1"] is None


def test_extra_records_are_scoped_to_what_the_run_declares(callback):
    # Two tasks for one client (by name and by id): neither one's records are extras of the other.
    bulk(callback, "client", None, [{"item": 1, "key": {"name": "Acme Corp"}, "id": 1, "changed": False, "operation": "none", "drift": []}])
    bulk(callback, "asset", "Acme Corp", [
        {"item": 1, "key": {"name": "ACME-SRV01"}, "id": 3, "changed": False, "operation": "none", "drift": []},
        # declared absent: in check mode itflow_bulk gives no id, and lists the record among the extras too
        {"item": 2, "key": {"name": "ACME-OLD"}, "id": None, "changed": True, "operation": "delete",
         "drift": [{"field": "exists", "current": True, "desired": False}]},
    ], extra=[{"resource": "asset", "id": 4, "key": "ACME-FW01"}, {"resource": "asset", "id": 5, "key": "ACME-OLD"},
              {"resource": "asset", "id": 6, "key": "ACME-TEMP"}])
    bulk(callback, "asset", 1, [{"item": 1, "key": {"name": "ACME-FW01"}, "id": 4, "changed": False, "operation": "none", "drift": []}],
         extra=[{"resource": "asset", "id": 3, "key": "ACME-SRV01"}, {"resource": "asset", "id": 5, "key": "ACME-OLD"},
                {"resource": "asset", "id": 6, "key": "ACME-TEMP"}])
    report = callback.collector.build()
    assert [c["name"] for c in report["clients"]] == ["Acme Corp"]
    assert [(e["name"], e["id"]) for e in report["clients"][0]["extra"]] == [("ACME-TEMP", 6)]
    assert report["summary"]["extra"] == 1


def test_purged_clients_are_filed_under_themselves(callback):
    bulk(callback, "client", None, [
        {"item": 1, "key": {"name": "Acme Corp"}, "id": 1, "changed": False, "operation": "none", "drift": []},
        {"item": None, "key": {"id": 2, "name": "Globex Inc"}, "purge": True, "id": 2, "changed": True, "operation": "archive",
         "drift": [{"field": "archived", "current": False, "desired": True}]}],
         extra=[{"resource": "client", "id": 2, "key": "Globex Inc"}])
    report = callback.collector.build()
    assert [(c["name"], [e["name"] for e in c["extra"]]) for c in report["clients"]] == [("Acme Corp", []), ("Globex Inc", ["Globex Inc"])]
    assert report["clients"][1]["extra"][0]["operation"] == "archive"


def test_errors_of_a_client_given_by_id_are_filed_under_its_name(callback):
    bulk(callback, "client", None, [{"item": 1, "key": {"name": "Acme Corp"}, "id": 1, "changed": False, "operation": "none", "drift": []}])
    bulk(callback, "asset", 1, [{"item": 1, "key": {"name": "X"}, "operation": "failed", "error": "No location 'Nowhere' in client 1",
                                 "changed": False, "drift": []}], failed=True)
    report = callback.collector.build()
    assert [(c["name"], [e["name"] for e in c["errors"]]) for c in report["clients"]] == [("Acme Corp", ["X"])]


def test_keys_and_secrets_come_from_the_registry():
    from ansible_collections.itflow.itflow.plugins.module_utils._connection import SECRETS
    from ansible_collections.itflow.itflow.plugins.module_utils._registry import RESOURCES
    for name, res in RESOURCES.items():
        assert _collector.natural_key(name)[:len(res.natural_key)] == res.natural_key
        assert set(res.secrets) <= _collector.SECRET_FIELDS
        assert _collector.is_client_record(name) == (not res.client_scoped and not res.parent)
    assert set(SECRETS) <= _collector.SECRET_FIELDS
    assert _collector.natural_key("contact") == ("email", "name")
    assert _collector.is_secret("notes", {"current": "a", "desired": _collector.MASK})
    assert not _collector.is_secret("notes", {"current": "a", "desired": "b"})


def test_a_purge_the_server_cannot_do_is_marked(callback):
    no_delete = {"operation": "delete", "endpoint": "documents/delete.php",
                 "message": "This ITFlow server has no documents/delete.php endpoint, so it cannot delete a document."}
    bulk(callback, "document", "Acme Corp", [
        {"item": 1, "key": {"name": "Runbook"}, "id": 3, "changed": False, "operation": "none", "drift": []},
        {"item": None, "key": {"id": 9, "name": "Scratch"}, "purge": True, "id": 9, "changed": True, "operation": "delete",
         "drift": [{"field": "exists", "current": True, "desired": False}], "unsupported": [no_delete]}],
         extra=[{"resource": "document", "id": 9, "key": "Scratch"}])
    report = callback.collector.build()
    acme = report["clients"][0]
    assert acme["extra"][0]["fails"] == no_delete["message"] and report["summary"]["would_fail"] == 1
    assert ("- document Scratch (id 9): would delete; **the real run fails here:** This ITFlow server has no documents/delete.php "
            "endpoint, so it cannot delete a document.") in acme["markdown"]
    assert "the real run fails here" in _report_extra_text(acme["extra"][0])


def _report_extra_text(extra):
    from ansible_collections.itflow.itflow.plugins.plugin_utils._report import extra_text
    return extra_text(extra)
