# -*- coding: utf-8 -*-
"""Concurrency: ten forks writing distinct records at once, and races on one record.

* 10 inventory hosts (local), ``--forks 10``: 100 distinct assets across 10 clients land exactly once
  each, with their fields, read back independently with raw HTTP; a re-run changes nothing.
* Two ansible-playbook processes started together, and two forks of one play, declaring the same asset:
  the engine's lock (plugins/module_utils/_lock.py) serializes them, so exactly one record.
* Two itflow_bulk processes declaring the same 10 assets: the bulk task's lock serializes them.
* Two "controllers" (two processes with different lock folders, so no shared lock), and an itflow_bulk
  task raced through the raw API: the engine's check after the create fails naming both ids; nothing
  is deleted.

Concurrency does not depend on the ITFlow version, and these runs are the costly kind (over 250 module
runs), so they run once: against the first simulator profile, or against the real server when
ITFLOW_URL is set. On the simulator, a latency fault on the first create widens each race's window so
that it is really run (without the lock, the same timing makes two records: see the two-controller test).
"""

from __future__ import absolute_import, division, print_function

import collections
import json
import os
import re
import subprocess
import time
import urllib.request
import uuid

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils._bulk import run_bulk
from ansible_collections.itflow.itflow.plugins.module_utils._client import ITFlowClient
from ansible_collections.itflow.itflow.plugins.module_utils._resources.asset import ASSET
from itflow_integration import HERE, PROFILES, Server, collections_path, real_server  # pylint: disable=import-error
import test_targets  # pylint: disable=import-error

INVENTORY = os.path.join("concurrency", "inventory.yml")
RECAP = re.compile(r"^(fork\d+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)
REPEATS = 5


@pytest.fixture(scope="module")
def concurrency_server():
    """Concurrency does not depend on the ITFlow version: one simulator (profile 26.08) of this
    module's own, or the real server."""
    real = real_server()
    if real is not None:
        yield real
        return
    from itflow_sim.testing import start_simulator  # pylint: disable=import-error
    sim = start_simulator(profile=PROFILES[0], seed="empty")
    try:
        yield Server(sim.url, sim.keys, sim.profile, sim)
    finally:
        sim.stop()


@pytest.fixture
def server(concurrency_server):
    itflow = concurrency_server
    if itflow.sim is not None:
        itflow.sim.clear_faults()
    yield itflow
    if itflow.sim is not None:
        itflow.sim.clear_faults()


def playbook_env(itflow, **extra):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": collections_path(),
        "ITFLOW_URL": itflow.url,
        "ITFLOW_API_KEY": itflow.admin["api_key"],
        "ITFLOW_DECRYPT_PASSWORD": itflow.admin.get("decrypt_password") or "",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_STDOUT_CALLBACK": "default",
        "ANSIBLE_LOCALHOST_WARNING": "0",
        "ANSIBLE_PYTHON_INTERPRETER": "auto_silent",
        "ANSIBLE_PIPELINING": "1",
    })
    env.update(extra)
    return env


def start_playbook(itflow, playbook, extra_vars, forks=1, env=None, extra_args=()):
    cmd = [test_targets.ansible_bin("ansible-playbook"), "-i", INVENTORY, "--forks", str(forks), os.path.join("concurrency", playbook)]
    cmd += list(extra_args)
    for name, value in sorted(extra_vars.items()):
        cmd += ["-e", "%s=%s" % (name, value)]
    return subprocess.Popen(cmd, env=env or playbook_env(itflow), cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(proc):
    out = proc.communicate(timeout=900)[0]
    return proc.returncode, out


def recap(out):
    return dict((m.group(1), {"ok": int(m.group(2)), "changed": int(m.group(3)), "failed": int(m.group(5))}) for m in RECAP.finditer(out))


# ---------------------------------------------------------------------------- independent raw HTTP


def raw(itflow, method, endpoint, body=None):
    payload = dict(body or {}, api_key=itflow.admin["api_key"])
    url = "%s/api/v1/%s%s" % (itflow.url.rstrip("/"), endpoint, "?limit=100000" if method == "GET" else "")
    request = urllib.request.Request(url, data=json.dumps(payload).encode("utf-8"), method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read().decode("utf-8"))


def raw_rows(itflow, endpoint):
    document = raw(itflow, "GET", endpoint)
    return document.get("data") or [] if document.get("success") == "True" else []


def raw_create_client(itflow, name):
    document = raw(itflow, "POST", "clients/create.php", {"client_name": name})
    assert document.get("success") == "True", document
    return int(document["data"][0]["insert_id"])


def assets_named(itflow, name):
    return [r for r in raw_rows(itflow, "assets/read.php") if r["asset_name"] == name]


# ---------------------------------------------------------------------------- distinct records, 10 forks


def test_ten_forks_create_a_hundred_distinct_assets_exactly_once(server):
    prefix = "cc-%s" % uuid.uuid4().hex[:8]
    start = time.monotonic()
    code, out = finish(start_playbook(server, "assets.yml", {"prefix": prefix, "declare_with": "asset"}, forks=10))
    created_in = time.monotonic() - start
    assert code == 0, out[-20000:]
    hosts = recap(out)
    assert sorted(hosts) == ["fork%02d" % n for n in range(1, 11)], out[-5000:]
    assert all(h["changed"] == 2 and h["failed"] == 0 for h in hosts.values()), hosts

    clients = dict((r["client_id"], r["client_name"]) for r in raw_rows(server, "clients/read.php") if r["client_name"].startswith(prefix))
    assert sorted(clients.values()) == ["%s fork%02d" % (prefix, n) for n in range(1, 11)]
    rows = [r for r in raw_rows(server, "assets/read.php") if r["asset_name"].startswith(prefix + "-")]
    counts = collections.Counter(r["asset_name"] for r in rows)
    assert len(rows) == 100 and len(counts) == 100, [n for n, c in counts.items() if c > 1]
    for row in rows:
        host, number = re.match(r"^%s-(fork(\d\d))-a(\d\d)$" % prefix, row["asset_name"]).group(1, 3)
        host_number, number = int(host[-2:]), int(number)
        assert 1 <= number <= 10
        assert clients.get(row["asset_client_id"]) == "%s %s" % (prefix, host)
        assert row["asset_type"] == "Server"
        assert row["interface_ip"] == "10.%d.0.%d" % (host_number, number)
        assert row["interface_mac"] == "AA:BB:CC:%02d:00:%02d" % (host_number, number)
        assert row["asset_serial"] == "SN-%s-%d" % (host, number)
    # The forks really wrote at the same time: in creation (id) order, the clients' assets interleave.
    order = [r["asset_client_id"] for r in sorted(rows, key=lambda r: int(r["asset_id"]))]
    switches = sum(1 for left, right in zip(order, order[1:]) if left != right)
    assert switches > 10, "creates were not interleaved across forks (%d client switches in id order)" % switches

    # Re-run the same declaration from the same ten forks, at once, each fork's ten assets in one
    # itflow_bulk task (the engine's find/diff, 10 concurrent tasks; a second loop of 100 itflow_asset
    # runs would double the test's time for the same check): nothing changes.
    start = time.monotonic()
    code, out = finish(start_playbook(server, "assets.yml", {"prefix": prefix, "declare_with": "bulk"}, forks=10))
    rerun_in = time.monotonic() - start
    assert code == 0, out[-20000:]
    assert all(h["changed"] == 0 and h["failed"] == 0 for h in recap(out).values()), recap(out)
    again = [r for r in raw_rows(server, "assets/read.php") if r["asset_name"].startswith(prefix + "-")]
    assert sorted((r["asset_id"], r["asset_name"], r["interface_ip"]) for r in again) == \
        sorted((r["asset_id"], r["asset_name"], r["interface_ip"]) for r in rows)
    print("100 assets from 10 forks: created in %.1f s, re-run in %.1f s" % (created_in, rerun_in))


# ---------------------------------------------------------------------------- the same record at once


def _race(server, client_name, procs_args, latency):
    """Start the playbooks together (after a latency fault on the first create, on the simulator) and wait."""
    if server.sim is not None:
        server.sim.clear_faults()
        if latency:
            server.sim.fault("assets/create.php", "latency", times=1, delay=latency)
    procs = [start_playbook(server, "same_asset.yml", dict(args[0], client_name=client_name), forks=args[1], env=args[2])
             for args in procs_args]
    return [finish(p) for p in procs]


def test_two_processes_declaring_the_same_asset_make_one_record(server):
    """Same controller: the lock serializes them; the second process finds the first one's record."""
    client_name = "cc-race-%s" % uuid.uuid4().hex[:8]
    raw_create_client(server, client_name)
    for attempt in range(REPEATS):
        name = "%s-a%d" % (client_name, attempt)
        results = _race(server, client_name, [({"asset_name": name}, 1, None)] * 2, latency=2)
        rows = assets_named(server, name)
        outputs = "\n".join(o[-3000:] for c, o in results)
        assert len(rows) == 1, "attempt %d: %d records %s\n%s" % (attempt, len(rows), [r["asset_id"] for r in rows], outputs)
        assert [c for c, o in results] == [0, 0], "\n".join(o[-5000:] for c, o in results)
        assert sorted(recap(o)["fork01"]["changed"] for c, o in results) == [0, 1]  # one created it, the other found it


def test_two_forks_of_one_play_declaring_the_same_asset_make_one_record(server):
    client_name = "cc-fork-%s" % uuid.uuid4().hex[:8]
    raw_create_client(server, client_name)
    for attempt in range(2):
        name = "%s-a%d" % (client_name, attempt)
        (code, out), = _race(server, client_name, [({"asset_name": name, "race_hosts": "fork01:fork02"}, 2, None)], latency=2)
        assert code == 0, out[-10000:]
        assert sorted(h["changed"] for h in recap(out).values()) == [0, 1], out[-5000:]
        assert len(assets_named(server, name)) == 1


def test_two_controllers_declaring_the_same_asset_get_a_clear_duplicate_error(server, tmp_path):
    """No shared lock (each process its own lock folder, as on two controllers): both find nothing and both
    create; the run whose read-back comes after both creates fails naming both ids; nothing is deleted."""
    if server.sim is None:
        pytest.skip("provoking the race reliably needs the simulator's latency injection")
    client_name = "cc-ctl-%s" % uuid.uuid4().hex[:8]
    raw_create_client(server, client_name)
    name = "%s-a0" % client_name
    envs = [playbook_env(server, ITFLOW_LOCK_DIR=str(tmp_path / ("controller%d" % n))) for n in (1, 2)]
    # The first create waits 8 s in the server before it runs: the other controller finds nothing meanwhile.
    results = _race(server, client_name, [({"asset_name": name}, 1, env) for env in envs], latency=8)
    rows = assets_named(server, name)
    ids = sorted(int(r["asset_id"]) for r in rows)
    assert len(ids) == 2, "the race was not provoked: %s\n%s" % (ids, "\n".join(o[-3000:] for c, o in results))
    failed = [o for c, o in results if c != 0]
    assert failed, "\n".join(o[-3000:] for c, o in results)
    for out in failed:
        assert "Duplicate asset" in out and "ids %d, %d" % tuple(ids) in out and "Nothing was deleted" in out, out[-5000:]
        assert "name='%s'" % name in out
    # A later run refuses to guess between them, naming both ids.
    (code, out), = _race(server, client_name, [({"asset_name": name}, 1, None)], latency=0)
    assert code != 0 and "Candidate ids: %d, %d" % tuple(ids) in out, out[-5000:]
    assert len(assets_named(server, name)) == 2


def test_two_processes_declaring_the_same_bulk_make_each_record_once(server):
    """Same controller: two itflow_bulk tasks (and their itflow_client tasks) on the same client, started together."""
    prefix = "cc-bulk-%s" % uuid.uuid4().hex[:8]
    if server.sim is not None:
        server.sim.fault("assets/create.php", "latency", times=1, delay=2)
    procs = [start_playbook(server, "assets.yml", {"prefix": prefix, "declare_with": "bulk"}, extra_args=("--limit", "fork01"))
             for n in range(2)]
    results = [finish(p) for p in procs]
    assert [c for c, o in results] == [0, 0], "\n".join(o[-5000:] for c, o in results)
    # One client create and one bulk create in all: either process may win either lock (the client's, then the
    # bulk scope's), so the two changes may fall to one process or be split between them; never more.
    assert sum(recap(o)["fork01"]["changed"] for c, o in results) == 2
    assert len([r for r in raw_rows(server, "clients/read.php") if r["client_name"] == "%s fork01" % prefix]) == 1
    names = [r["asset_name"] for r in raw_rows(server, "assets/read.php") if r["asset_name"].startswith(prefix + "-")]
    assert len(names) == 10 and len(set(names)) == 10


def test_a_bulk_create_raced_by_another_controller_fails_that_item_only(server):
    """In-process: a record with the same name appears (raw API, as from another controller) just before
    the bulk task's second create; the final read-back fails that item naming both ids, the others pass."""
    client_name = "cc-inj-%s" % uuid.uuid4().hex[:8]
    client_id = raw_create_client(server, client_name)
    client = ITFlowClient(server.url, server.admin["api_key"], retries=1, retry_backoff=0)
    real_write = client.write
    creates = []

    def write(module, op, payload, decrypt=False):
        if (module, op) == ("assets", "create"):
            creates.append(payload["asset_name"])
            if len(creates) == 2:
                raw(server, "POST", "assets/create.php", {"client_id": client_id, "asset_name": payload["asset_name"]})
        return real_write(module, op, payload, decrypt=decrypt)

    client.write = write
    items = [{"name": "%s-a%d" % (client_name, n)} for n in range(3)]
    try:
        result = run_bulk(client, ASSET, {"client": client_name, "items": items, "purge": False}, False)
    finally:
        client.close()
    raced = items[1]["name"]
    ids = sorted(int(r["asset_id"]) for r in assets_named(server, raced))
    assert len(ids) == 2
    assert [e["key"]["name"] for e in result["failed_items"]] == [raced]
    error = result["failed_items"][0]["error"]
    assert "Duplicate asset" in error and "ids %d, %d" % tuple(ids) in error and "in client %d" % client_id in error
    assert [len(assets_named(server, i["name"])) for i in items] == [1, 2, 1]
