# -*- coding: utf-8 -*-
"""Golden-file tests of the itflow.itflow.itflow inventory plugin: real ansible-inventory runs
against the ITFlow simulator, compared with tests/inventory/expected/.

Regenerate the expected files after a deliberate change with ITFLOW_UPDATE_GOLDEN=1, then review
the diff. The fixture data is described in invtest.py.
"""

from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from invtest import Server, compare_golden, normalise, run_inventory, write_inventory

ALL_KEYS = ["client", "type", "status", "location", "os", "make", "model", "vendor", "network"]

# id, profile, key alias, options, ansible-inventory modes
CASES = [
    ("2608_default", "26.08", "admin", {}, ("list", "graph")),
    ("2608_group_by_all", "26.08", "admin", {"group_by": ALL_KEYS, "group_prefixes": {"client": "customer_", "type": ""}}, ("list", "graph")),
    ("2608_selection", "26.08", "admin", {"clients": ["acme corp"], "asset_types": ["SERVER", "laptop"], "statuses": ["deployed", "in repair"]},
     ("list",)),
    ("2608_exclude", "26.08", "admin", {"exclude_clients": ["2"], "group_by": ["client"]}, ("list",)),
    ("2608_include_archived", "26.08", "admin", {"include_archived": True, "group_by": ["client", "status"]}, ("list",)),
    ("2608_hostnames", "26.08", "admin", {"hostnames": ["uri", "ip", "name"], "ansible_host_from": ["name"], "duplicate_suffix": "id"},
     ("list",)),
    ("2608_hostnames_serial", "26.08", "admin", {"hostnames": ["serial"], "ansible_host_from": ["nat_ip", "ip"]}, ("list",)),
    ("2608_hostvars_prefix", "26.08", "admin", {"hostvars_prefix": "", "ansible_host_from": []}, ("list",)),
    ("2608_filter", "26.08", "admin", {"filter": "itflow_asset_type | lower == 'server'", "group_by": ["client"]}, ("list",)),
    ("2608_constructed", "26.08", "admin", {
        "group_by": ["type"], "strict": True,
        "compose": {"ansible_port": "22", "short_name": "itflow_asset_name | lower"},
        "groups": {"windows": "'Windows' in (itflow_asset_os or '')"},
        "keyed_groups": [{"key": "itflow_location_name", "prefix": "site", "default_value": "none"}]}, ("list", "graph")),
    ("2608_credentials", "26.08", "admin", {"credentials": True, "group_by": ["client"]}, ("list",)),
    ("2608_restricted", "26.08", "restricted", {"group_by": ["client", "vendor"]}, ("list",)),
    ("2608_restricted_credentials", "26.08", "restricted", {"credentials": True}, ("list",)),
    ("2604_default", "26.04", "admin", {"group_by": ["client", "type"]}, ("list", "graph")),
    ("2604_restricted", "26.04", "restricted", {"group_by": ["client", "vendor"]}, ("list",)),
    ("2604_credentials", "26.04", "admin", {"credentials": True}, ("list",)),
    ("full_default", "full", "admin", {"group_by": ["client"]}, ("list",)),
]


@pytest.fixture(scope="module")
def servers():
    started = {}

    def get(profile):
        if profile not in started:
            started[profile] = Server(profile)
        return started[profile]

    yield get
    for server in started.values():
        server.stop()


def env_for(server, alias, options):
    env = {"ITFLOW_URL": server.url, "ITFLOW_API_KEY": server.key(alias)}
    if options.get("credentials"):
        env["ITFLOW_DECRYPT_PASSWORD"] = server.decrypt_password(alias)
    return env


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_golden(case, servers, tmp_path):
    name, profile, alias, options, modes = case
    server = servers(profile)
    path = write_inventory(str(tmp_path), name, options)
    for mode in modes:
        proc = run_inventory(path, env_for(server, alias, options), "--" + mode)
        assert "[WARNING]" not in proc.stderr, proc.stderr
        if mode == "list":
            compare_golden(name + ".json", normalise(json.loads(proc.stdout), server.url))
        else:
            compare_golden(name + ".graph.txt", proc.stdout)


def test_one_read_per_resource_and_no_secret_in_urls(servers, tmp_path):
    server = servers("26.08")
    path = write_inventory(str(tmp_path), "requests", {"group_by": ALL_KEYS, "credentials": True})
    server.sim.clear_log()
    proc = run_inventory(path, env_for(server, "admin", {"credentials": True}), "--list", ["-vvvv"])
    log = server.sim.log()
    reads = sorted(e["path"].split("/api/v1/")[1] for e in log)
    # one page per resource (page_size 5000), credentials once, plus the key-model probe
    assert reads == ["assets/read.php", "clients/read.php", "contacts/read.php", "credentials/read.php", "locations/read.php",
                     "networks/read.php", "ticket_replies/read.php", "vendors/read.php"]
    assert all(e["method"] == "GET" for e in log)
    for secret in (server.key(), server.decrypt_password(), "S3cret!", "Gl0bex-FW!"):
        assert secret not in json.dumps(log)
        assert secret not in proc.stderr  # -vvvv shows what was fetched, never a key or a password
    for resource in ("assets", "clients", "locations", "vendors", "contacts", "networks", "credentials"):
        assert "itflow: %s: " % resource in proc.stderr


def test_cache_holds_raw_rows_and_no_secret(servers, tmp_path):
    server = servers("26.08")
    cache_dir = str(tmp_path / "cache")
    base = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": cache_dir, "group_by": ["client"]}
    env = env_for(server, "admin", {"credentials": True})
    first = write_inventory(str(tmp_path), "first", base)

    server.sim.clear_log()
    filled = run_inventory(first, env, "--list", ["-v"])
    assert len(server.sim.log()) == 6
    server.sim.clear_log()
    cached = run_inventory(first, env, "--list", ["-v"])
    assert server.sim.log() == []
    assert "from the inventory cache, 0 requests" in cached.stderr
    assert json.loads(cached.stdout) == json.loads(filled.stdout)

    # other selection, names and groups: same cache entry (it is keyed by server and key only)
    other = write_inventory(str(tmp_path), "other", dict(base, group_by=ALL_KEYS, clients=["Globex Inc"], hostnames=["ip", "name"]))
    run_inventory(other, env, "--graph")
    assert server.sim.log() == []
    # credentials are never cached: with the cache warm they are the only reads
    creds = write_inventory(str(tmp_path), "creds", dict(base, credentials=True))
    run_inventory(creds, env, "--list")
    assert sorted(e["path"].split("/api/v1/")[1] for e in server.sim.log()) == ["credentials/read.php", "ticket_replies/read.php"]
    # --flush-cache reads again; another key gets its own entry
    server.sim.clear_log()
    run_inventory(first, env, "--graph", ["--flush-cache"])
    assert len(server.sim.log()) == 6
    server.sim.clear_log()
    run_inventory(first, env_for(server, "restricted", {}), "--graph")
    assert len(server.sim.log()) == 6

    files = [os.path.join(cache_dir, f) for f in os.listdir(cache_dir)]
    assert len(files) == 2
    for path in files:
        with open(path) as f:
            text = f.read()
        for secret in (server.key(), server.key("restricted"), server.decrypt_password(), "S3cret!", "administrator"):
            assert secret not in text
        data = json.loads(text)
        if "__payload__" in data:  # ansible-core 2.19's jsonfile wraps the value
            data = json.loads(data["__payload__"])
        assert sorted(data) == ["assets", "clients", "contacts", "locations", "networks", "vendors"]
        assert all(isinstance(v, str) or v is None for row in data["assets"] for v in row.values())  # raw rows
