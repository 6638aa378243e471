# -*- coding: utf-8 -*-
"""The credential index (issue #17), end to end through itflow_credential on every profile.

A credential seen before is found by one read by id instead of the whole (decrypted) list; a hit
that no longer matches (renamed, deleted) is noticed by that read and the list is read instead;
the index can be turned off; it never holds a secret. Request counts come from the simulator's
log; against a real server (ITFLOW_URL) only the outcomes and the index file are checked.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import uuid

import pytest

from itflow_integration import collections_path  # pylint: disable=import-error

# Issue #17 asks for the index on every profile: the full one too, although its credential endpoints are 26.04's.
pytestmark = pytest.mark.profiles("26.08", "26.04", "full")


def _admin_can_delete(itflow):
    return itflow.profile != "26.08"  # ITFlow 26.08 has no credentials/delete.php


class Runner(object):
    def __init__(self, itflow, tmp_path):
        self.itflow = itflow
        self.tmp = tmp_path
        self.index_path = str(tmp_path / "index.json")
        self.client = "Index Co %s" % uuid.uuid4().hex[:6]

    def play(self, tasks):
        admin = self.itflow.admin
        defaults = {"url": self.itflow.url, "api_key": admin["api_key"], "decrypt_password": admin["decrypt_password"],
                    "credential_index_path": self.index_path}
        playbook = [{"hosts": "localhost", "gather_facts": False,
                     "module_defaults": {"group/itflow.itflow.itflow": {k: v for k, v in defaults.items() if k != "credential_index_path"}},
                     "tasks": tasks}]
        names = []
        for number, task in enumerate(tasks):
            module = next(iter(task))
            if module.endswith("itflow_credential"):
                task[module].setdefault("credential_index_path", self.index_path)
            task["register"] = "r%d" % number
            names.append("r%d" % number)
        out = self.tmp / ("results-%s.json" % uuid.uuid4().hex[:8])
        tasks.append({"ansible.builtin.copy": {"dest": str(out), "content": "{{ [%s] | to_json }}" % ", ".join(names)}})
        path = self.tmp / ("play-%s.json" % uuid.uuid4().hex[:8])
        path.write_text(json.dumps(playbook))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path(), ANSIBLE_LOCALHOST_WARNING="false",
                   ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        env.pop("ITFLOW_CREDENTIAL_INDEX", None)
        if self.itflow.sim is not None:
            self.itflow.sim.clear_log()
        done = subprocess.run(["ansible-playbook", str(path)], env=env, capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return json.loads(out.read_text())

    def credential(self, name, password="pw-%s" % uuid.uuid4().hex[:8], **extra):
        task = {"client": self.client, "name": name, "username": "admin", "password": password}
        task.update(extra)
        return {"itflow.itflow.itflow_credential": task}

    def credential_reads(self):
        """(list reads, reads by id) of credentials/read.php in the last run; None against a real server."""
        if self.itflow.sim is None:
            return None
        reads = [e for e in self.itflow.sim.log() if e["path"].endswith("/credentials/read.php")]
        by_id = [e for e in reads if "credential_id=" in e["query"]]
        return len(reads) - len(by_id), len(by_id)

    def index(self):
        with open(self.index_path) as handle:
            return json.load(handle)


@pytest.fixture
def runner(itflow, tmp_path):
    run = Runner(itflow, tmp_path)
    run.play([{"itflow.itflow.itflow_client": {"name": run.client}}])
    return run


def test_seen_credential_is_read_by_id_and_index_holds_no_secret(runner):
    password = "Sup3r-secret-%s" % uuid.uuid4().hex[:6]
    first = runner.play([runner.credential("VPN admin", password)])[0]
    assert first["changed"] is True and first["operation"] == "create"
    again = runner.play([runner.credential("VPN admin", password)])[0]
    assert again["changed"] is False
    reads = runner.credential_reads()
    if reads is not None:
        assert reads == (0, 1), reads  # no list read: one read by id, confirmed
    text = open(runner.index_path).read()
    assert password not in text and runner.itflow.admin["api_key"] not in text
    assert (runner.itflow.admin["decrypt_password"] or "no-password") not in text
    assert "vpn admin" in text


def test_stale_hit_after_a_rename_falls_back_to_the_list(runner):
    created = runner.play([runner.credential("Switch admin", "pw-1")])[0]
    credential_id = created["credential"]["id"]
    # Renamed behind Ansible's back (in ITFlow, by id): the index still says "switch admin" -> that id.
    runner.play([{"itflow.itflow.itflow_credential": {"id": credential_id, "client": runner.client, "name": "Core switch admin",
                                                      "credential_index_path": runner.index_path}}])
    state = runner.index()
    state["servers"][next(iter(state["servers"]))].setdefault(str(created["credential"]["client_id"]), {})["switch admin"] = [credential_id]
    with open(runner.index_path, "w") as handle:
        json.dump(state, handle)
    result = runner.play([runner.credential("Switch admin", "pw-2")])[0]
    assert result["operation"] == "create" and result["credential"]["id"] != credential_id  # the old name is gone: a new one
    reads = runner.credential_reads()
    if reads is not None:
        assert reads[1] >= 1 and reads[0] >= 1, reads  # the by-id read of the stale hit, then the list
    assert runner.index()["servers"][next(iter(runner.index()["servers"]))][str(created["credential"]["client_id"])]["switch admin"] == [
        result["credential"]["id"]]


def test_stale_hit_after_a_delete_creates_it_anew(runner):
    if not _admin_can_delete(runner.itflow):
        pytest.skip("ITFlow 26.08 has no credentials/delete.php: a credential cannot be deleted through its API")
    created = runner.play([runner.credential("Printer admin", "pw-1")])[0]
    runner.play([{"itflow.itflow.itflow_credential": {"id": created["credential"]["id"], "client": runner.client,
                                                      "state": "absent", "credential_index_path": runner.index_path}}])
    result = runner.play([runner.credential("Printer admin", "pw-1")])[0]
    assert result["operation"] == "create" and result["credential"]["id"] != created["credential"]["id"]


def test_index_off_reads_the_list_and_writes_no_file(runner, tmp_path):
    runner.index_path = str(tmp_path / "off" / "index.json")
    runner.play([runner.credential("NAS admin", "pw-1", credential_index=False)])
    result = runner.play([runner.credential("NAS admin", "pw-1", credential_index=False)])[0]
    assert result["changed"] is False
    reads = runner.credential_reads()
    if reads is not None:
        assert reads[0] >= 1 and reads[1] == 0, reads
    assert not os.path.exists(runner.index_path)
