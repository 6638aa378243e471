# -*- coding: utf-8 -*-
"""The itflow.itflow.drift_report callback with fake task results: what it collects, when it writes, what it prints."""

from __future__ import absolute_import, division, print_function

import json
import os
import sys

import pytest
import yaml
from ansible import constants as C

from ansible_collections.itflow.itflow.plugins.callback import drift_report

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
