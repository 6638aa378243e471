# -*- coding: utf-8 -*-
"""playbooks/document_fleet.yml and the role itflow.itflow.document_hosts, against each ITFlow server.

The example inventory (playbooks/inventory/fleet.example.yml: three local aliases of the controller with
distinct identities) is documented into a client made for the test: the first run creates one asset per
host, the second changes nothing, a check-mode run with a changed value reports the drift and writes
nothing. Assets are read back from the server each time. Then the role's duplicate guard (two hosts that
match one asset) and its argument validation (bad input stops it before any request) are checked.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import re
import uuid

import pytest
import yaml

from ansible_collections.itflow.itflow.plugins.module_utils._client import ITFlowClient
from itflow_integration import REPO  # pylint: disable=import-error
from test_targets import run_playbook  # pylint: disable=import-error

PLAYBOOK = os.path.join(REPO, "playbooks", "document_fleet.yml")
EXAMPLE = os.path.join(REPO, "playbooks", "inventory", "fleet.example.yml")
LAST_SEEN = "2026-01-01"
RECAP = re.compile(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def load_example():
    with open(EXAMPLE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def expected_hosts():
    """{asset name: the host's values as the example inventory sets them}."""
    hosts = load_example()["all"]["children"]["fleet"]["hosts"]
    return {h["document_hosts_name"]: h for h in hosts.values()}


def recaps(output):
    """{host: {"ok", "changed", "unreachable", "failed"}} from the play recap."""
    found = {m.group(1): dict(zip(("ok", "changed", "unreachable", "failed"), (int(g) for g in m.groups()[1:])))
             for m in RECAP.finditer(output)}
    assert found, output[-5000:]
    return found


def bulk_host(output):
    """The host that ran the role's run-once itflow_bulk task, when it reported a change (else None)."""
    match = re.search(r"^TASK \[itflow\.itflow\.document_hosts : Keep every host's asset up to date in one task\].*?$\n"
                      r"(?:.*\n)*?changed: \[(\S+) -> ", output, re.M)
    return match.group(1) if match else None


def own_changes(output):
    """{host: changes} from the play recap, without the bulk task counted on the host that ran it."""
    counts = {h: r["changed"] for h, r in recaps(output).items()}
    runner = bulk_host(output)
    if runner is not None:
        counts[runner] -= 1
    return counts


def expected_hosts_inventory_names():
    return set(load_example()["all"]["children"]["fleet"]["hosts"])


def api(itflow):
    return ITFlowClient(itflow.url, itflow.admin["api_key"], retry_backoff=0)


def make_client(itflow, prefix):
    """A new ITFlow client for one test; returns (name, id)."""
    name = "%s-%s" % (prefix, uuid.uuid4().hex[:8])
    client = api(itflow)
    try:
        client.write("clients", "create", {"client_name": name})
        rows = [r for r in client.read("clients", {"client_name": name}, paged=False) if r["client_name"] == name]
    finally:
        client.close()
    assert len(rows) == 1, rows
    return name, rows[0]["client_id"]


def assets_of(itflow, client_id):
    """The client's assets as the server holds them (raw rows, without the read-touched accessed_at)."""
    client = api(itflow)
    try:
        rows = [r for r in client.read("assets") if str(r["asset_client_id"]) == str(client_id)]
    finally:
        client.close()
    for row in rows:
        row.pop("asset_accessed_at", None)
    return sorted(rows, key=lambda r: int(r["asset_id"]))


def writes_logged(itflow):
    """API requests other than reads since the log was last cleared (simulator only)."""
    return [e for e in itflow.sim.log() if e["method"] != "GET" and not e["path"].endswith("/read.php")]


def fleet(itflow, extra, inventory=EXAMPLE, check=False, diff=False):
    args = ["-i", inventory, "-e", json.dumps(extra)] + (["--diff"] if diff else [])
    return run_playbook(itflow, PLAYBOOK, check=check, extra_args=args)


def write_inventory(tmp_path, hosts, group_vars):
    path = tmp_path / "inventory.yml"
    common = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}
    common.update(group_vars)
    path.write_text(yaml.safe_dump({"all": {"children": {"fleet": {"vars": common, "hosts": hosts}}}}), encoding="utf-8")
    return str(path)


def test_document_fleet_creates_one_asset_per_host_then_changes_nothing(itflow):
    client_name, client_id = make_client(itflow, "fleet")
    extra = {"document_hosts_client": client_name, "document_hosts_last_seen": LAST_SEEN}
    expected = expected_hosts()

    first = fleet(itflow, extra)
    assert first.returncode == 0, first.stdout[-20000:] + first.stderr[-5000:]
    # One change per host (its asset), plus the one bulk task on the host that ran it.
    assert own_changes(first.stdout) == {h: 1 for h in ("fleet-web01", "fleet-db01", "fleet-ws01")}, first.stdout[-5000:]
    assert bulk_host(first.stdout) in expected_hosts_inventory_names()

    rows = assets_of(itflow, client_id)
    assert sorted(r["asset_name"] for r in rows) == sorted(expected), rows
    for row in rows:
        host = expected[row["asset_name"]]
        assert row["asset_serial"] == host["document_hosts_serial"]
        assert row["interface_mac"].upper() == host["document_hosts_mac"]
        assert row["interface_ip"] == host["document_hosts_ip"]
        assert row["asset_type"] == host.get("document_hosts_type", row["asset_type"])
        assert row["asset_notes"] == "Last seen by Ansible: %s" % LAST_SEEN
    # What the inventory leaves to the facts: the same controller behind the three aliases.
    assert rows[0]["asset_os"] and len({r["asset_os"] for r in rows}) == 1, rows
    assert rows[0]["asset_type"] in ("Server", "Workstation", "Virtual Machine")

    second = fleet(itflow, extra)
    assert second.returncode == 0, second.stdout[-20000:] + second.stderr[-5000:]
    assert all(r["changed"] == 0 and r["failed"] == 0 for r in recaps(second.stdout).values()), second.stdout[-5000:]
    assert assets_of(itflow, client_id) == rows

    # A value that changed on the hosts (a new OS release): check mode reports it for each host, writes nothing.
    if itflow.sim is not None:
        itflow.sim.clear_log()
    drift = fleet(itflow, dict(extra, document_hosts_os="Drifted OS 99.1"), check=True, diff=True)
    assert drift.returncode == 0, drift.stdout[-20000:] + drift.stderr[-5000:]
    assert own_changes(drift.stdout) == {h: 1 for h in ("fleet-web01", "fleet-db01", "fleet-ws01")}, drift.stdout[-5000:]
    assert drift.stdout.count('+    "os": "Drifted OS 99.1"') == 3, drift.stdout[-8000:]
    if itflow.sim is not None:
        assert writes_logged(itflow) == []
    assert assets_of(itflow, client_id) == rows


@pytest.mark.profiles("26.08")  # the role's matching and batching: the same on every version
def test_a_host_renamed_and_a_pre_existing_asset_are_matched_not_duplicated(itflow, tmp_path):
    client_id = make_client(itflow, "fleet-match")[1]
    client = api(itflow)
    try:
        client.write("assets", "create", {"client_id": client_id, "asset_name": "typed-by-hand", "asset_mac": "52:54:00:20:00:02"})
        client.write("assets", "create", {"client_id": client_id, "asset_name": "old-name", "asset_serial": "MATCH-SN-1"})
    finally:
        client.close()
    before = {r["asset_name"]: r["asset_id"] for r in assets_of(itflow, client_id)}
    hosts = {
        "match-a": {"document_hosts_name": "MATCH-A", "document_hosts_serial": "match-sn-1", "document_hosts_mac": "52:54:00:20:00:01"},
        "match-b": {"document_hosts_name": "MATCH-B", "document_hosts_serial": "MATCH-SN-2", "document_hosts_mac": "52-54-00-20-00-02"},
    }
    # The client by its id this time.
    inventory = write_inventory(tmp_path, hosts, {"document_hosts_client": int(client_id), "document_hosts_last_seen": LAST_SEEN})
    result = fleet(itflow, {}, inventory=inventory)
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
    after = {r["asset_name"]: r["asset_id"] for r in assets_of(itflow, client_id)}
    # match-a by serial (case aside), match-b by MAC (separators aside): both assets renamed, none created.
    assert after == {"MATCH-A": before["old-name"], "MATCH-B": before["typed-by-hand"]}


@pytest.mark.profiles("26.08")  # the role's matching and batching: the same on every version
def test_hosts_claiming_one_asset_or_one_name_fail_naming_both(itflow, tmp_path):
    client_name, client_id = make_client(itflow, "fleet-dup")
    client = api(itflow)
    try:
        client.write("assets", "create", {"client_id": client_id, "asset_name": "shared", "asset_serial": "DUP-SN-1",
                                          "asset_mac": "52:54:00:30:00:01"})
    finally:
        client.close()
    rows = assets_of(itflow, client_id)
    hosts = {
        "dup-a": {"document_hosts_name": "DUP-A", "document_hosts_serial": "DUP-SN-1", "document_hosts_mac": "52:54:00:30:00:0a"},
        "dup-b": {"document_hosts_name": "DUP-B", "document_hosts_serial": "DUP-SN-2", "document_hosts_mac": "52:54:00:30:00:01"},
        "dup-c": {"document_hosts_name": "DUP-C", "document_hosts_serial": "DUP-SN-3", "document_hosts_mac": "52:54:00:30:00:03"},
        # New to ITFlow, but with one name: they would create two assets that no later run could tell apart.
        "dup-d": {"document_hosts_name": "DUP-SAME", "document_hosts_serial": "DUP-SN-4", "document_hosts_mac": "52:54:00:30:00:04"},
        "dup-e": {"document_hosts_name": "dup-same", "document_hosts_serial": "DUP-SN-5", "document_hosts_mac": "52:54:00:30:00:05"},
    }
    inventory = write_inventory(tmp_path, hosts, {"document_hosts_client": client_name, "document_hosts_last_seen": LAST_SEEN})
    if itflow.sim is not None:
        itflow.sim.clear_log()
    result = fleet(itflow, {}, inventory=inventory)
    assert result.returncode != 0
    summary = recaps(result.stdout)
    assert summary["dup-a"]["failed"] == 1 and summary["dup-b"]["failed"] == 1, result.stdout[-8000:]
    asset_id = rows[0]["asset_id"]
    assert "dup-a and dup-b both match ITFlow asset %s" % asset_id in result.stdout, result.stdout[-8000:]
    assert "dup-b and dup-a both match ITFlow asset %s" % asset_id in result.stdout, result.stdout[-8000:]
    assert summary["dup-d"]["failed"] == 1 and summary["dup-e"]["failed"] == 1, result.stdout[-8000:]
    assert "dup-d and dup-e have the same name (DUP-SAME)" in result.stdout, result.stdout[-8000:]
    assert "dup-e and dup-d have the same name (dup-same)" in result.stdout, result.stdout[-8000:]
    # The third host, unrelated, is documented; the shared asset is untouched.
    assert summary["dup-c"]["failed"] == 0 and own_changes(result.stdout)["dup-c"] == 1, result.stdout[-8000:]
    after = assets_of(itflow, client_id)
    assert [r for r in after if r["asset_id"] == asset_id] == rows
    assert sorted(r["asset_name"] for r in after) == ["DUP-C", "shared"]


def test_bad_role_input_fails_naming_the_option_before_any_request(itflow, tmp_path):
    """One host per kind of bad input; each fails in the role's argument validation, before any ITFlow request."""
    client_name, client_id = make_client(itflow, "fleet-bad")
    ok = {"document_hosts_client": client_name, "document_hosts_mac": "52:54:00:40:00:01"}
    hosts = {
        "bad-type": dict(ok, document_hosts_name="BAD-1", document_hosts_gather_facts="perhaps"),
        "bad-id": dict(ok, document_hosts_name="BAD-2", document_hosts_asset_id="twelve"),
        "bad-choice": dict(ok, document_hosts_name="BAD-3", document_hosts_match_by=["serial", "ip"]),
        "bad-client": dict(ok, document_hosts_name="BAD-4", document_hosts_client={"name": client_name}),
        "no-client": {"document_hosts_name": "BAD-5"},
    }
    inventory = write_inventory(tmp_path, hosts, {"document_hosts_last_seen": LAST_SEEN})
    if itflow.sim is not None:
        itflow.sim.clear_log()
    result = fleet(itflow, {}, inventory=inventory)
    assert result.returncode != 0
    summary = recaps(result.stdout)
    assert all(summary[h]["failed"] == 1 for h in hosts), result.stdout[-8000:]
    failures = {m.group(1): m.group(2) for m in re.finditer(r"^fatal: \[(\S+)\]: FAILED! => (.*)$", result.stdout, re.M)}
    messages = {host: json.loads(text)["msg"] for host, text in failures.items()}
    assert set(messages) == set(hosts), result.stdout[-8000:]
    for host in ("bad-type", "bad-id", "bad-choice", "no-client"):
        assert messages[host].startswith("Validation of arguments failed"), messages
    assert "document_hosts_gather_facts" in messages["bad-type"] and "bool" in messages["bad-type"], messages
    assert "document_hosts_asset_id" in messages["bad-id"] and "int" in messages["bad-id"], messages
    assert "document_hosts_match_by" in messages["bad-choice"] and "ip" in messages["bad-choice"], messages
    assert messages["bad-client"].startswith("document_hosts_client must be a client name or id, not dict"), messages
    assert "missing required arguments: document_hosts_client" in messages["no-client"], messages
    if itflow.sim is not None:
        assert itflow.sim.log() == [], "the role sent requests despite bad input"
    assert assets_of(itflow, client_id) == []


def fleet_hosts(count, tag):
    """COUNT hosts with every value the role needs set as a variable (no fact gathering)."""
    return {"%s-%02d" % (tag, i): {
        "document_hosts_name": "%s-%02d" % (tag.upper(), i), "document_hosts_serial": "%s-SN-%02d" % (tag.upper(), i),
        "document_hosts_mac": "52:54:%s:%02x" % (":".join(uuid.uuid5(uuid.NAMESPACE_DNS, tag).hex[k:k + 2] for k in (0, 2, 4)), i),
        "document_hosts_ip": "192.0.2.%d" % i,
        "document_hosts_type": "Server", "document_hosts_make": "Bench", "document_hosts_model": "M1",
        "document_hosts_os": "Ubuntu 24.04", "document_hosts_gather_facts": False} for i in range(1, count + 1)}


@pytest.mark.profiles("26.08")  # the role's matching and batching: the same on every version
def test_a_no_change_rerun_costs_the_same_requests_for_3_hosts_as_for_8(itflow, tmp_path):
    """The role declares the whole batch in one itflow_bulk task: a re-run reads, writes nothing, and sends as many
    requests for 8 hosts as for 3 (the client by name and its assets, twice). Each host still gets its own
    document_hosts_asset."""
    requests_made, logs = {}, {}
    for count in (3, 8):
        client_name, client_id = make_client(itflow, "fleet-scale")
        hosts = fleet_hosts(count, "sc%d" % count)
        inventory = write_inventory(tmp_path, hosts, {"document_hosts_client": client_name, "document_hosts_last_seen": LAST_SEEN})
        first = fleet(itflow, {}, inventory=inventory)
        assert first.returncode == 0, first.stdout[-20000:] + first.stderr[-5000:]
        assert own_changes(first.stdout) == {h: 1 for h in hosts}, first.stdout[-5000:]
        rows = assets_of(itflow, client_id)
        assert sorted(r["asset_name"] for r in rows) == sorted(h["document_hosts_name"] for h in hosts.values())
        if itflow.sim is not None:
            itflow.sim.clear_log()
        again = run_playbook(itflow, str(write_report_playbook(tmp_path)), extra_args=["-i", inventory])
        assert again.returncode == 0, again.stdout[-20000:] + again.stderr[-5000:]
        assert all(r["changed"] == 0 and r["failed"] == 0 for r in recaps(again.stdout).values()), again.stdout[-5000:]
        if itflow.sim is not None:
            log = itflow.sim.log()
            assert writes_logged(itflow) == []
            # The requests, with this client's name and id made generic. A read the client retried (a 5xx or a
            # dropped connection on a loaded machine) is the same request again: not a cost that grows with hosts.
            logs[count] = ["%s %s?%s -> %s" % (e["method"], e["path"], e.get("query", ""), e.get("status")) for e in log]
            requests_made[count] = sorted(set(
                "%s %s?%s" % (e["method"], e["path"], str(e.get("query", "")).replace(client_name, "<client>")
                              .replace("client_id=%s&" % client_id, "client_id=<id>&")) for e in log))
        assert assets_of(itflow, client_id) == rows
        # Each host's own result, from the one bulk task.
        reported = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "report").glob("*.json")}
        by_name = {r["asset_name"]: r["asset_id"] for r in rows}
        assert set(reported) == set(hosts), again.stdout[-5000:]
        for host, result in reported.items():
            assert result["changed"] is False and result["operation"] == "none" and result["drift"] == [], result
            assert str(result["id"]) == str(by_name[hosts[host]["document_hosts_name"]]), result
            assert result["asset"]["name"] == hosts[host]["document_hosts_name"], result
    if itflow.sim is not None:
        assert requests_made[8] == requests_made[3], logs
        assert len(requests_made[3]) == 2, logs  # the client by name, then its assets (itflow_info, then itflow_bulk)


def write_report_playbook(tmp_path):
    """document_fleet.yml's play, then each host's document_hosts_asset written to report/<host>.json."""
    path = tmp_path / "report.yml"
    report = tmp_path / "report"
    report.mkdir(exist_ok=True)
    for old in report.glob("*.json"):
        old.unlink()
    path.write_text(yaml.safe_dump([
        {"import_playbook": PLAYBOOK},
        {"name": "Report", "hosts": "fleet", "gather_facts": False, "tasks": [
            {"name": "Report", "ansible.builtin.copy": {"content": "{{ document_hosts_asset | to_json }}",
                                                        "dest": "%s/{{ inventory_hostname }}.json" % report},
             "changed_when": False}]},
    ]), encoding="utf-8")
    return path


def test_a_write_that_fails_fails_only_its_host(itflow, tmp_path):
    """ITFlow refuses one create (a 403 injected by the simulator): that host fails with the answer, the others'
    assets are still written."""
    if itflow.sim is None:
        return  # needs the simulator's fault injection
    client_name, client_id = make_client(itflow, "fleet-fail")
    hosts = fleet_hosts(3, "ff")
    inventory = write_inventory(tmp_path, hosts, {"document_hosts_client": client_name, "document_hosts_last_seen": LAST_SEEN})
    itflow.sim.fault("assets/create.php", "status_403", times=1)
    try:
        result = fleet(itflow, {}, inventory=inventory)
    finally:
        itflow.sim.clear_faults()
    assert result.returncode != 0
    summary = recaps(result.stdout)
    failed = sorted(h for h, r in summary.items() if r["failed"])
    assert len(failed) == 1, result.stdout[-8000:]
    assert re.search(r"^fatal: \[%s\]: FAILED! => .*%s: asset %s of client '%s': .*permission" % (
        failed[0], failed[0], hosts[failed[0]]["document_hosts_name"], client_name), result.stdout, re.M), result.stdout[-8000:]
    written = sorted(r["asset_name"] for r in assets_of(itflow, client_id))
    assert written == sorted(h["document_hosts_name"] for n, h in hosts.items() if n != failed[0])
