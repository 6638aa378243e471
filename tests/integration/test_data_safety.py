# -*- coding: utf-8 -*-
"""Data safety, repeated (issue #7): a whole client declared five times in a row loses and alters nothing.

playbooks/data_safety.yml declares a client with locations, contacts (one primary), assets with
IP and MAC, a certificate, a document whose content has quotes, backslashes and HTML, and a
credential with a password; plus vendors and software on 26.04 and full, and networks and
domains on full (the playbook's header says why: what each server can write). It runs five
times on each profile. After every run the server is read back independently (the collection's
client, raw rows; on the simulator also its credentials table, as stored, encrypted):

* run 1 changes something and fails nothing; runs 2 to 5 report changed=0 in the recap;
* every asset keeps the declared IP and MAC on its primary interface (and SRV01 its network on full);
* the document's content is the declared one under exactly one level of ITFlow's escaping (its
  create), and never gains a backslash;
* Alice stays the client's only primary contact, HQ its only primary location;
* after runs 2 to 5, every record of the client is exactly as after run 1 (updated_at included,
  so no write was sent at all), and the credential's stored ciphertext is unchanged (a password
  re-sent to ITFlow is re-encrypted with a fresh IV, so this proves it was not re-sent).

A second, quicker test (the engine in this process) covers the one write the five runs never
send: a document content update, which re-sends the name and description; names and
descriptions with backslashes must survive it.
"""

from __future__ import absolute_import, division, print_function

import re
import time
import uuid

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils._client import ITFlowClient
from ansible_collections.itflow.itflow.plugins.module_utils._engine import Engine
from ansible_collections.itflow.itflow.plugins.module_utils._fields import sql_unescape
from ansible_collections.itflow.itflow.plugins.module_utils._resources.document import DOCUMENT

from test_targets import run_playbook  # pylint: disable=import-error

RUNS = 5
CONTENT = '<h1>Runbook</h1><p>It\'s the "main" one: C:\\Temp\\new and \\\\fs01\\share\\n &amp; <b>bold</b></p>'
ASSETS = {"SRV01": ("10.60.0.5", "AA:BB:CC:60:00:05"), "FW01": ("10.60.0.1", "AA:BB:CC:60:00:01")}


def modules_for(profile):
    """The ITFlow modules the playbook writes on this profile (see its header)."""
    names = ["locations", "contacts", "assets", "certificates", "documents", "credentials"]
    if profile in ("26.04", "full"):
        names += ["vendors", "software"]
    if profile == "full":
        names += ["networks", "domains"]
    return names


def recap(stdout):
    match = re.search(r"^localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", stdout, re.M)
    assert match, stdout[-3000:]
    return dict(zip(("ok", "changed", "unreachable", "failed"), (int(g) for g in match.groups())))


def snapshot(itflow, client_name):
    """Every record of the client, raw, from the server (accessed_at left out: a read may touch it)."""
    key = itflow.admin
    client = ITFlowClient(itflow.url, key["api_key"], decrypt_password=key.get("decrypt_password"), retry_backoff=0)
    try:
        clients = [r for r in client.read("clients", {"client_name": client_name}, paged=False) if r["client_name"] == client_name]
        assert len(clients) == 1, clients
        client_id = clients[0]["client_id"]
        out = {"clients": [clients[0]]}
        for module in modules_for(itflow.profile):
            prefix = {"software": "software_", "certificates": "certificate_"}.get(module, module[:-1] + "_")
            rows = client.read(module, decrypt=module == "credentials")
            out[module] = sorted((r for r in rows if r.get(prefix + "client_id") == client_id), key=lambda r: int(r[prefix + "id"]))
    finally:
        client.close()
    if itflow.sim is not None:
        out["stored credentials"] = [r for r in itflow.sim.table("credentials") if r["credential_client_id"] == client_id]
    for rows in out.values():
        for row in rows:
            for column in [c for c in row if c.endswith("_accessed_at")]:
                del row[column]
    return out


def check_state(snap, profile):
    """What must hold after every run."""
    assets = dict((r["asset_name"], r) for r in snap["assets"])
    assert sorted(assets) == sorted(ASSETS)
    for name, (ip, mac) in ASSETS.items():
        assert (assets[name]["interface_ip"], assets[name]["interface_mac"]) == (ip, mac), (name, assets[name])
    if profile == "full":
        lan = [r["network_id"] for r in snap["networks"] if r["network_name"] == "LAN"]
        assert assets["SRV01"]["interface_network_id"] == lan[0]
    docs = snap["documents"]
    assert len(docs) == 1
    assert sql_unescape(docs[0]["document_content"]) == CONTENT, docs[0]["document_content"]
    escaped_once = CONTENT.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"')
    assert docs[0]["document_content"].count("\\") == escaped_once.count("\\"), docs[0]["document_content"]
    assert [r["contact_name"] for r in snap["contacts"] if r["contact_primary"] == "1"] == ["Alice Admin"]
    assert [r["location_name"] for r in snap["locations"] if r["location_primary"] == "1"] == ["HQ"]
    creds = snap["credentials"]
    assert len(creds) == 1 and creds[0]["credential_username"] == "administrator"
    assert creds[0]["credential_asset_id"] == assets["SRV01"]["asset_id"]


# On 26.08 and on full, not on 26.04: full is 26.04 (the same quirks, the same checks) with domain, network
# and software writes added, so its run covers all that a 26.04 run would, and more.
@pytest.mark.profiles("26.08", "full")
def test_whole_client_five_times(itflow):
    prefix = "ds-%s" % uuid.uuid4().hex[:8]
    client_name = "%s Safe" % prefix
    first = None
    times = []
    for number in range(1, RUNS + 1):
        start = time.time()
        result = run_playbook(itflow, "playbooks/data_safety.yml", {"prefix": prefix, "itflow_profile": itflow.profile})
        times.append(round(time.time() - start, 1))
        counts = recap(result.stdout)
        assert result.returncode == 0 and counts["failed"] == 0, "run %d on %s:\n%s\n%s" % (
            number, itflow.profile, result.stdout[-15000:], result.stderr[-3000:])
        snap = snapshot(itflow, client_name)
        check_state(snap, itflow.profile)
        if number == 1:
            assert counts["changed"] > 0
            first = snap
            continue
        changed_tasks = re.findall(r"^changed: \[localhost\].*$|^TASK \[.*$", result.stdout, re.M)
        assert counts["changed"] == 0, "run %d on %s changed something:\n%s" % (number, itflow.profile, "\n".join(changed_tasks))
        for module in first:
            assert snap[module] == first[module], "run %d on %s altered %s:\nafter run 1: %s\nnow: %s" % (
                number, itflow.profile, module, first[module], snap[module])
    print("data safety on %s: run times %s s" % (itflow.profile, times))


def escape_levels(stored, text):
    """How many levels of ITFlow's SQL escaping lie on ``text`` in ``stored`` (None: it is not ``text`` at all)."""
    for level in range(6):
        if stored == text:
            return level
        stored = sql_unescape(stored)
    return None


def test_document_update_keeps_backslashes_of_name_and_description(itflow):
    """A content update re-sends the name and description (ITFlow escapes them again otherwise). They must stay
    the declared text, backslashes included, so that the next run finds the same document instead of making another."""
    name = "ds-%s Share \\\\fs01\\new O'Brien" % uuid.uuid4().hex[:8]
    description = "Path C:\\Temp\\new"
    key = itflow.admin
    client = ITFlowClient(itflow.url, key["api_key"], retry_backoff=0)
    try:
        declared = {"name": name, "description": description, "state": "present"}  # a global document: no client needed
        results = [Engine(client, DOCUMENT).run(dict(declared, content=content)) for content in ("<p>v1</p>", "<p>v2</p>", "<p>v2</p>")]
        rows = [r for r in client.read("documents") if r["document_name"].startswith(name[:11])]
    finally:
        client.close()
    assert [(r["changed"], r["operation"]) for r in results] == [(True, "create"), (True, "update"), (False, "none")]
    assert len(rows) == 1, rows
    assert escape_levels(rows[0]["document_name"], name) is not None, rows[0]["document_name"]
    assert escape_levels(rows[0]["document_description"], description) is not None, rows[0]["document_description"]
