# -*- coding: utf-8 -*-
"""The comparison test_plan_equals_apply.py makes: it finds each way a real run can differ from its plan."""

from __future__ import absolute_import, division, print_function

import copy

from test_plan_equals_apply import disagreements, unplanned_writes  # pylint: disable=import-error


def report(check, clients):
    return {"mode": "check" if check else "apply", "clients": [
        {"name": name, "records": [dict(r, check_mode=check) for r in records], "extra": extra, "errors": errors}
        for name, (records, extra, errors) in clients.items()]}


PLAN = report(True, {"Acme": ([
    {"resource": "asset", "name": "SRV", "operation": "create", "drift": [
        {"field": "name", "current": None, "desired": "SRV"}, {"field": "location", "current": None, "desired": "HQ (new)"}]},
    {"resource": "contact", "name": "a@x.example", "operation": "update", "drift": [{"field": "title", "current": "A", "desired": "B"}]},
    {"resource": "credential", "name": "root", "operation": "update", "drift": [{"field": "password", "secret": True}]},
], [{"resource": "asset", "name": "OLD", "id": 9, "operation": "delete"}], [])})
APPLIED = report(False, {"Acme": ([
    {"resource": "asset", "name": "SRV", "operation": "create", "drift": [
        {"field": "name", "current": None, "desired": "SRV"}, {"field": "location", "current": None, "desired": 4}]},
    {"resource": "contact", "name": "a@x.example", "operation": "update", "drift": [{"field": "title", "current": "A", "desired": "B"}]},
    {"resource": "credential", "name": "root", "operation": "update", "drift": [{"field": "password", "secret": True}]},
], [{"resource": "asset", "name": "OLD", "id": 9, "operation": "delete"}], [])})
LOG = [{"method": "POST", "path": "/api/v1/" + p, "status": 200} for p in (
    "assets/create.php", "assets/update.php", "contacts/update.php", "credentials/update.php", "assets/delete.php")]


def test_a_run_that_did_what_was_planned_agrees():
    assert disagreements(PLAN, APPLIED) == []
    assert unplanned_writes(PLAN, LOG) == []


def test_every_kind_of_difference_is_found():
    applied = copy.deepcopy(APPLIED)
    records = applied["clients"][0]["records"]
    records[1]["drift"][0]["desired"] = "C"                      # another value
    records[2]["operation"] = "none"                             # not done
    records.append({"resource": "document", "name": "D", "operation": "create", "drift": [], "check_mode": False})  # not planned
    applied["clients"][0]["extra"] = []                          # the purge did not happen
    found = disagreements(PLAN, applied)
    assert len(found) == 4, found
    assert any("planned 'B', the real run set 'C'" in f for f in found)
    assert any("planned update, the real run did none" in f for f in found)
    assert any("in the real run, not planned" in f for f in found)
    assert any(f.startswith("extra records") for f in found)


def test_a_failure_the_plan_did_not_name_is_found():
    applied = copy.deepcopy(APPLIED)
    applied["clients"][0]["records"].pop(0)
    applied["clients"][0]["errors"] = [{"resource": "asset", "name": "(all asset items)", "message": "No location 'HQ'"}]
    found = disagreements(PLAN, applied)
    assert found and "the real run failed on [('Acme', 'asset', 'SRV')]; the plan said it would fail on []" in found[0]
    plan = copy.deepcopy(PLAN)
    plan["clients"][0]["records"][0]["fails"] = "location 'HQ' is not in ITFlow and no task of this run creates it"
    assert disagreements(plan, applied) == []


def test_writes_the_plan_did_not_name_are_found():
    assert unplanned_writes(PLAN, LOG + [LOG[0]]) == ["asset create: 2 sent, 1 planned"]
    assert unplanned_writes(PLAN, LOG + [{"method": "POST", "path": "/api/v1/documents/update.php", "status": 200}]) == [
        "document updates: 1 sent, 0 planned (+0 creates)"]
    assert unplanned_writes(PLAN, LOG[:-1]) == ["asset delete: 1 planned, none sent"]
