# -*- coding: utf-8 -*-
"""Write faults × every module that can create on ITFlow 26.08, end to end (issue #7).

A write is sent once, never again (issue #13): after an unclear answer the module reads back and reports
what it finds: the record it created, or a failure saying nothing new is there and that a re-run sends
the create anew. Whatever the fault, the server ends up with at most one record, never a duplicate or a
half-written one; the simulator's request log and tables prove it.
"""

from __future__ import absolute_import, division, print_function

import pytest

from fault_harness import CONNECTION, HANG_TIMEOUT, requests_to, run_module, token  # pylint: disable=import-error
from fault_cases import NO_PERMISSION, WRITERS  # pylint: disable=import-error

# name: (fault kind, after_write, times, succeeds, POSTs sent, words of the failure)
WRITE_FAULTS = {
    "drop": ("drop", False, 1, False, 1, ["{endpoint}", "no new", "sent once and not again"]),
    "drop_after_write": ("drop", True, 1, True, 1, None),
    "status_500_after_write": ("status_500_empty", True, 1, True, 1, None),
    "hang_after_write": ("hang", True, 1, True, 1, None),
    "status_500_empty": ("status_500_empty", False, 1, False, 1, ["{endpoint}", "no new", "sent once and not again"]),
    "status_502_html": ("status_502_html", False, 1, False, 1, ["{endpoint}", "no new", "sent once and not again"]),
    "malformed_json": ("malformed_json", False, 1, False, 1, ["{endpoint}", "no new", "sent once and not again"]),
    "truncated_json": ("truncated_json", False, 1, True, 1, None),  # the write ran; only its answer was cut
    "latency": ("latency", False, 1, True, 1, None),
    "drop_persistent": ("drop", False, -1, False, 1, ["{endpoint}", "closed the connection", "no new"]),
    "status_401_empty": ("status_401_empty", False, 1, False, 1, ["{endpoint}", "HTTP 401", "Check api_key"]),
    "status_403": ("status_403", False, 1, False, 1, ["{endpoint}", "HTTP 403", NO_PERMISSION, "role"]),
    "html_404": ("html_404", False, 1, False, 1, ["no {endpoint} endpoint", "Check mode"]),
    "status_405": ("status_405", False, 1, False, 1, ["{endpoint}", "HTTP 405", "https://"]),
}


def read_between(log, target):
    """True when, between every two POSTs to the create endpoint, the module read the records back."""
    path_create, path_read = "/api/v1/" + target.create, "/api/v1/" + target.read
    posts = [i for i, e in enumerate(log) if e["method"] == "POST" and e["path"] == path_create]
    for first, second in zip(posts, posts[1:]):
        if not any(e["path"] == path_read and e["method"] == "GET" for e in log[first + 1:second]):
            return False
    return True


@pytest.mark.parametrize("target,fault", [(t, f) for t in WRITERS for f in WRITE_FAULTS], ids=str)
def test_create_fault(fresh, target, fault):
    sim = fresh
    kind, after_write, times, succeeds, posts, words = WRITE_FAULTS[fault]
    name = token()
    opts = dict(CONNECTION, url=sim.url, api_key=sim.keys["admin"]["api_key"], page_size=500)
    if kind == "hang":
        opts["timeout"] = HANG_TIMEOUT
    sim.fault(target.create, kind, times=times, method="POST", after_write=after_write, delay=0.3 if kind == "latency" else 0)
    run = run_module(target.module, dict(target.args(sim, name), **opts))
    requests_to(sim, target.create, "POST", expect=posts)  # a hung POST is logged once the simulator sees the client gone
    log = sim.log()
    sent = [e for e in log if e["method"] == "POST"]
    assert [e["path"] for e in sent] == ["/api/v1/" + target.create] * posts, (run, log)
    assert read_between(log, target), log
    records = target.matching(sim, name)
    if succeeds:
        assert not run.failed and run.result["changed"] is True, run
        assert len(records) == 1, records
    else:
        assert run.failed and run.rc == 1, run
        assert "\n" not in run.msg and "Traceback" not in run.msg, run
        for word in words:
            assert word.format(endpoint=target.create) in run.msg, run
        assert not records, records


def unchanged(before, after, notes_column):
    """Every field but the notes as it was (ITFlow's update writes NULL text columns back as '')."""
    skip = (notes_column,)
    for column, value in before.items():
        if column in skip or column.endswith(("_updated_at", "_accessed_at")):
            continue
        if (value or "") != (after.get(column) or ""):
            return False
    return True


# Updates: ITFlow's update answers are not trusted, so a lost answer is settled by reading back; the
# update is never sent twice, and a record is never left half-written or duplicated.
UPDATE_TARGETS = [t for t in WRITERS if t.module in ("itflow_client", "itflow_asset", "itflow_contact")]
UPDATE_FAULTS = {
    "drop_after_write": ("drop", True, True),
    "status_500_after_write": ("status_500_empty", True, True),
    "drop": ("drop", False, False),
    "status_502_html": ("status_502_html", False, False),
    "status_403": ("status_403", False, False),
}


@pytest.mark.parametrize("target,fault", [(t, f) for t in UPDATE_TARGETS for f in UPDATE_FAULTS], ids=str)
def test_update_fault(fresh, target, fault):
    sim = fresh
    kind, after_write, lands = UPDATE_FAULTS[fault]
    name = token()
    opts = dict(CONNECTION, url=sim.url, api_key=sim.keys["admin"]["api_key"], page_size=500)
    args = dict(target.args(sim, name), **opts)
    assert not run_module(target.module, args).failed
    before = target.matching(sim, name)
    assert len(before) == 1
    endpoint = target.create.replace("create", "update")
    sim.clear_log()
    sim.fault(endpoint, kind, method="POST", after_write=after_write)
    run = run_module(target.module, dict(args, notes="after a fault"))
    after = target.matching(sim, name)
    assert len(after) == 1, after
    assert len(requests_to(sim, endpoint, "POST")) == 1, sim.log()
    notes_column = target.column.split("_")[0] + "_notes"
    assert unchanged(before[0], after[0], notes_column), (before, after)
    if lands:
        assert not run.failed and run.result["changed"] is True, run
        assert after[0][notes_column] == "after a fault"
    else:
        assert run.failed and "\n" not in run.msg and endpoint in run.msg, run
        assert after[0][notes_column] == before[0][notes_column]
