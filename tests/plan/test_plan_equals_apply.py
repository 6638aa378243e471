# -*- coding: utf-8 -*-
"""Check mode is an exact plan (#16): plan, apply, plan again, on every simulator profile.

For each profile one simulator (seed ``empty``: clients Acme Corp and Globex Inc) holds the partly existing
client of corpus.py; then three ansible-playbook runs, each of every declaration of the corpus at once
(playbooks/client_docs.yml with one inventory host per declaration, playbooks/demo.yml, and in the plans
playbooks/drift_report.yml), with the drift report callback writing a JSON report per run:

1. the plan (``--check``): nothing is written (the simulator's request log has no write);
2. the real run: every record and field the plan named is what the real run changed (same operation,
   same fields, same ITFlow values, the same declared values where the plan did not show a record the run
   creates first as "(new)"), the same undeclared records are purged, no error; and the write log holds
   only writes to what the plan named, as many creates, deletes and archives as it planned;
3. the plan again: nothing to do.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import re
import subprocess
import sys
import time

import pytest
import yaml

from ansible_collections.itflow.itflow.plugins.module_utils._client import ITFlowClient
from ansible_collections.itflow.itflow.plugins.module_utils._registry import BY_MODULE

import corpus  # pylint: disable=import-error
from itflow_tests import collections_path, venv_bin  # pylint: disable=import-error,wrong-import-position
from itflow_sim.testing import start_simulator  # pylint: disable=import-error

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = corpus.REPO
PLAYBOOKS = os.path.join(REPO, "playbooks")
WRITE_OPS = ("create", "update", "delete", "archive", "unarchive", "resolve")
NEW = " (new)"


def write_yaml(path, data):
    with open(str(path), "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, sort_keys=False)
    return str(path)


class Corpus(object):
    """The corpus's files for one profile: an inventory (a host per role declaration) and the plan and apply playbooks."""

    def __init__(self, folder, profile):
        self.folder = folder
        drift, acme_role = corpus.acme(profile)
        declarations = {"example": corpus.example(profile), "partial": corpus.partial(profile), "acme": acme_role}
        if corpus.CANNOT_CREATE[profile] and profile == "26.08":
            declarations["whole"] = corpus.whole_example()  # fails in part: only on 26.08 is every failure a missing endpoint
        hosts = {}
        for name, data in declarations.items():
            hosts["plan_" + name] = {"client_docs_file": write_yaml(folder / ("%s.yml" % name), data)}
        self.inventory = write_yaml(folder / "inventory.yml", {"all": {
            "vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable},
            "children": {"declarations": {"hosts": hosts}}, "hosts": {"localhost": None}}})
        drift_file = write_yaml(folder / "acme_drift.yml", drift)
        roles = [{"ansible.builtin.import_playbook": os.path.join(PLAYBOOKS, "client_docs.yml")}]
        demo = [{"ansible.builtin.import_playbook": os.path.join(PLAYBOOKS, "demo.yml"), "vars": {"demo_client": corpus.DEMO}}]
        # The plans check Acme with drift_report.yml (the role applies it): both must name the same records.
        check = [{"ansible.builtin.import_playbook": os.path.join(PLAYBOOKS, "drift_report.yml"),
                  "vars": {"drift_declaration_file": drift_file}}]
        self.plan = write_yaml(folder / "plan.yml", [dict(roles[0], vars={"client_docs_hosts": "declarations:!plan_acme"})] + demo + check)
        self.apply = write_yaml(folder / "apply.yml", [dict(roles[0], vars={"client_docs_hosts": "declarations"})] + demo)


def run(sim, playbook, inventory, folder, check):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": collections_path(), "ITFLOW_URL": sim.url, "ITFLOW_API_KEY": sim.keys["admin"]["api_key"],
        "ITFLOW_DECRYPT_PASSWORD": sim.keys["admin"]["decrypt_password"], "ANSIBLE_CALLBACKS_ENABLED": "itflow.itflow.drift_report",
        "ITFLOW_DRIFT_REPORT_DIR": str(folder), "ITFLOW_DRIFT_REPORT_FORMATS": "json,markdown", "ANSIBLE_STDOUT_CALLBACK": "default",
        "ANSIBLE_NOCOLOR": "1", "ANSIBLE_LOCALHOST_WARNING": "0", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0", "ANSIBLE_PIPELINING": "1",
        "ANSIBLE_FORKS": "5",
    })
    for name in ("ITFLOW_DRIFT_REPORT_BASE_NAME", "ITFLOW_DRIFT_REPORT_TITLE", "ANSIBLE_CONFIG"):
        env.pop(name, None)
    folder.mkdir()
    args = [venv_bin("ansible-playbook"), "-i", inventory, playbook] + (["--check"] if check else [])
    started, cpu = time.time(), os.times()
    done = subprocess.run(args, env=env, cwd=str(folder), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900,
                          check=False)
    used = os.times()
    print("%s: %.0f s, %.0f s of CPU" % (folder.name, time.time() - started,
                                         used.children_user + used.children_system - cpu.children_user - cpu.children_system))
    with open(str(folder / "itflow-drift-report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    return done, report


def records(report):
    """{(client, resource, name): record} of a report."""
    return dict(((c["name"], r["resource"], r["name"]), r) for c in report["clients"] for r in c["records"])


def extras(report):
    return dict(((c["name"], e["resource"], e["name"]), e.get("operation")) for c in report["clients"] for e in c["extra"])


def errors(report):
    return [(c["name"], e["resource"], e["name"], e["message"]) for c in report["clients"] for e in c["errors"]]


def fields(record):
    return dict((d["field"], "secret" if d.get("secret") else (d["current"], d["desired"])) for d in record["drift"])


def failures(report, planned):
    """{(client, resource, name)} the real run failed on; an itflow_bulk task that failed before any item stands for
    every record of its resource and client."""
    out = set()
    for client, resource, name, _message in errors(report):
        if name == "(all %s items)" % resource:
            out.update(k for k in planned if k[:2] == (client, resource))
        else:
            out.add((client, resource, name))
    return out


def disagreements(plan, applied, client=None):
    """Where the real run did other than the plan said: [text], empty when plan equals apply.

    Records the plan says the real run fails on must be exactly those it failed on; the others must match."""
    out = []
    planned, done = records(plan), records(applied)
    if client is not None:
        planned = dict((k, v) for k, v in planned.items() if k[0] == client)
        done = dict((k, v) for k, v in done.items() if k[0] == client)
    failed = set(k for k in failures(applied, planned) if client is None or k[0] == client)
    predicted = set(k for k, v in planned.items() if v.get("fails"))
    if failed != predicted:
        out.append("the real run failed on %s; the plan said it would fail on %s" % (sorted(failed), sorted(predicted)))
    for key in predicted:
        planned.pop(key)
    for key in sorted(set(planned) | set(done)):
        if key not in done or key not in planned:
            out.append("%s: %s" % (key, "planned, not in the real run" if key not in done else "in the real run, not planned"))
            continue
        if planned[key]["operation"] != done[key]["operation"]:
            out.append("%s: planned %s, the real run did %s" % (key, planned[key]["operation"], done[key]["operation"]))
        want, got = fields(planned[key]), fields(done[key])
        if set(want) != set(got):
            out.append("%s: planned fields %s, the real run changed %s" % (key, sorted(want), sorted(got)))
            continue
        for name, value in want.items():
            if value == "secret" or got[name] == "secret":
                if value != got[name]:
                    out.append("%s %s: secret in one only" % (key, name))
                continue
            if value[0] != got[name][0]:
                out.append("%s %s: planned from %r, the real run from %r" % (key, name, value[0], got[name][0]))
            new = isinstance(value[1], str) and value[1].endswith(NEW)
            if not new and value[1] != got[name][1]:
                out.append("%s %s: planned %r, the real run set %r" % (key, name, value[1], got[name][1]))
    want, got = extras(plan), extras(applied)
    if client is not None:
        want, got = [dict((k, v) for k, v in d.items() if k[0] == client) for d in (want, got)]
    if want != got:
        out.append("extra records: planned %s, the real run %s" % (want, got))
    return out


def writes(sim):
    """The write requests the simulator received (a missing endpoint's HTML 404 wrote nothing: left out)."""
    return [e for e in sim.log() if e["method"] == "POST" and e["path"].rsplit("/", 1)[-1].split(".")[0] in WRITE_OPS
            and e["status"] != 404]


def unplanned_writes(plan, log):
    """Writes the plan did not name: to a resource it planned nothing for, or more creates/deletes/archives than planned."""
    planned = {}
    done = [r for r in records(plan).values() if not r.get("fails")]  # a write the plan says fails writes nothing
    for record in done + [dict(resource=k[1], operation=v) for k, v in extras(plan).items() if v]:
        for op in record["operation"].split("+"):
            if op != "none":
                planned[(record["resource"], op)] = planned.get((record["resource"], op), 0) + 1
    sent = {}
    for entry in log:
        module, name = entry["path"].split("/")[-2:]
        key = (BY_MODULE[module].name, name.split(".")[0])
        sent[key] = sent.get(key, 0) + 1
    out = []
    for (resource, op), count in sorted(sent.items()):
        if op == "update":
            # An update per planned update; a create may be followed by one (ITFlow ignores some fields on create).
            allowed = planned.get((resource, "update"), 0) + planned.get((resource, "create"), 0)
            if count > allowed or count < planned.get((resource, "update"), 0):
                out.append("%s updates: %d sent, %d planned (+%d creates)" % (resource, count, planned.get((resource, "update"), 0),
                                                                              planned.get((resource, "create"), 0)))
        elif count != planned.get((resource, op), 0):
            out.append("%s %s: %d sent, %d planned" % (resource, op, count, planned.get((resource, op), 0)))
    for (resource, op), count in sorted(planned.items()):
        if op != "update" and (resource, op) not in sent:
            out.append("%s %s: %d planned, none sent" % (resource, op, count))
    return out


@pytest.mark.parametrize("profile", ["26.08", "26.04", "full"])
def test_plan_equals_apply(profile, tmp_path):
    sim = start_simulator(profile=profile, seed="empty")
    try:
        key = sim.keys["admin"]
        api = ITFlowClient(sim.url, key["api_key"], decrypt_password=key["decrypt_password"], retries=0)
        try:
            corpus.seed_partial(api, key["decrypt_password"])
        finally:
            api.close()
        files = Corpus(tmp_path, profile)
        sim.clear_log()
        first, plan = run(sim, files.plan, files.inventory, tmp_path / "plan", check=True)
        assert first.returncode == 0, first.stdout[-20000:]
        assert writes(sim) == []
        sim.clear_log()
        second, applied = run(sim, files.apply, files.inventory, tmp_path / "apply", check=False)
        applied_all = json.loads(json.dumps(applied))
        log = writes(sim)
        third, again = run(sim, files.plan, files.inventory, tmp_path / "again", check=True)
        assert third.returncode == 0, third.stdout[-20000:]
    finally:
        sim.stop()

    whole = [c for c in plan["clients"] if c["name"] == corpus.WHOLE]
    plan_all = json.loads(json.dumps(plan))
    for report in (plan, applied, again):
        report["clients"] = [c for c in report["clients"] if c["name"] != corpus.WHOLE]
    if whole:
        # Only the host of the whole example failed (the role's last task lists its failed resources).
        assert re.search(r"^plan_whole\s*: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=1 ", second.stdout, re.M), second.stdout[-5000:]
        assert not re.search(r"^(?!plan_whole)\S+\s*: .*failed=[1-9]", second.stdout, re.M), second.stdout[-5000:]
    else:
        assert second.returncode == 0, second.stdout[-20000:]

    # The plan: every declaration's records under its own client, nothing else; no error, nothing the real run fails on.
    assert plan["mode"] == "check" and applied["mode"] == "apply"
    example = corpus.example(profile)["client_docs_declaration"]
    clients = sorted([example["client"]["name"], corpus.PARTIAL, corpus.DEMO, "Acme Corp"], key=str.casefold)
    assert [c["name"] for c in plan["clients"]] == clients
    assert (errors(plan), sum(c["summary"]["would_fail"] for c in plan["clients"]), plan["summary"]["hidden"]) == ([], 0, 0)
    # The new client: every declared record would be created, under the client.
    riverbend = [c for c in plan["clients"] if c["name"] == example["client"]["name"]][0]
    assert riverbend["missing"] and riverbend["extra"] == []
    declared = sum(len(v) for k, v in example.items() if k != "client") + 1
    assert (riverbend["summary"]["create"], riverbend["summary"]["records"]) == (declared, declared)
    demo = [c for c in plan["clients"] if c["name"] == corpus.DEMO][0]
    assert [(r["resource"], r["status"]) for r in demo["records"]] == [("asset", "create")] * 3 + [("client", "create")]
    # The partly existing client: what corpus.PARTIAL_PLAN says, and its undeclared records.
    partial = dict(((r, n), (rec["operation"], set(fields(rec)))) for (c, r, n), rec in records(plan).items() if c == corpus.PARTIAL)
    assert partial == corpus.PARTIAL_PLAN
    assert dict(((r, n), op) for (c, r, n), op in extras(plan).items() if c == corpus.PARTIAL) == corpus.PARTIAL_EXTRA
    contact = records(plan)[(corpus.PARTIAL, "contact", "quinn@partial.example")]
    assert not str(fields(contact)["location"][1]).endswith(NEW)  # an existing location
    workstation = records(plan)[(corpus.PARTIAL, "asset", "PC-WS01")]
    assert fields(workstation)["location"] == (None, "Back Office" + NEW)
    assert [(r["resource"], r["value"], r["planned"]) for r in workstation["new_references"]] == [
        ("location", "Back Office", True), ("contact", "quinn@partial.example", True)]

    # The real run did exactly what the plan said, and wrote nothing else.
    assert errors(applied) == []
    assert disagreements(plan, applied) == []
    engine_reports_unsupported = any(r.get("unsupported") for c in whole for r in c["records"])
    if whole and not engine_reports_unsupported:
        # Until the engine reports missing endpoints in check mode (see the end), take the failures from the real run
        # so that the write log of the other records is still checked.
        for client in plan_all["clients"]:
            for record in client["records"]:
                if (client["name"], record["resource"], record["name"]) in failures(applied_all, records(plan_all)):
                    record.setdefault("fails", "(the real run failed on it)")
    assert unplanned_writes(plan_all, log) == []

    # The plan again: nothing to do; the undeclared records the declaration keeps are still reported.
    assert sum(c["summary"]["drifting"] for c in again["clients"]) == 0 and errors(again) == [], json.dumps(again["summary"])
    assert extras(again) == dict((k, v) for k, v in extras(plan).items() if v is None)

    # No secret in any output or report.
    for text in (first.stdout, second.stdout, third.stdout, json.dumps(plan), json.dumps(applied), json.dumps(again)):
        assert not [s for s in corpus.SECRETS + (key["api_key"], key["decrypt_password"]) if s in text]

    if whole:
        # The whole example on 26.08: the plan names each record the real run fails on (a missing endpoint, a record
        # naming one that cannot be created, and the rest of that itflow_bulk task), and the real run did the rest.
        plan["clients"], applied["clients"] = whole, [c for c in applied_all["clients"] if c["name"] == corpus.WHOLE]
        gaps = disagreements(plan, applied, corpus.WHOLE)
        if gaps and not engine_reports_unsupported:
            pytest.xfail("the engine does not report in check mode the operations this server lacks (unsupported): %s" % gaps)
        assert gaps == []
