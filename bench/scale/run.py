"""Scale benchmark (issue #12): what one record costs on a 100-asset ITFlow and on a 50,000-asset one.

    .venv/bin/python bench/scale/run.py                 (after ./scripts/setup.sh)
    BENCH_COLLECTION=/path/with/ansible_collections .venv/bin/python bench/scale/run.py
        measure another copy of the collection (and its simulator), e.g. an older commit made with
        ``git archive <commit> | tar -x -C DIR/ansible_collections/itflow/itflow``

Starts the bundled simulator twice, with the ``bench`` seed of 100 assets across 5 clients and of
50,000 assets across 1,000 clients, and prints from one run, each next to its target with PASS/MISS:
  1. one no-drift itflow_asset task (client by name; type, serial, os, ip and mac declared): the HTTP
     requests it sends and the bytes it downloads, from the simulator's access log;
  2. the time per item of a loop of 20 such tasks (a 20-item play minus a 1-item play, so Ansible's start-up
     cancels out), against the same for an ansible.builtin.uri GET of one asset; and at 50,000 assets
     against 100;
  3. a no-change re-run of playbooks/document_fleet.yml (the document_hosts role) over 20 and over 200
     hosts (local connection, every host value a variable) on the 50,000-asset server: requests, and bytes
     as a multiple of one full read of the asset list.
Environment: BENCH_REPEAT (median of N runs of each timed play, default 1), BENCH_FLEETS (default "20,200"),
BENCH_LARGE (the large seed, default 50000; smaller only to try the script out), BENCH_PARTS ("task,fleet":
parts 1 and 2, part 3; default both).
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS = os.environ.get("BENCH_COLLECTION") or os.path.join(REPO, ".cache", "collections")
ROOT = os.path.join(COLLECTIONS, "ansible_collections", "itflow", "itflow")
sys.path.insert(0, os.path.join(ROOT, "tests", "simulator"))
from itflow_sim.seed import ASSET_TYPES  # noqa: E402  pylint: disable=wrong-import-position,import-error
from itflow_sim.testing import start_simulator  # noqa: E402  pylint: disable=wrong-import-position,import-error

BIN = os.path.dirname(sys.executable)
REPEAT = int(os.environ.get("BENCH_REPEAT", "1"))
FLEETS = [int(n) for n in os.environ.get("BENCH_FLEETS", "20,200").split(",") if n.strip()]
PARTS = os.environ.get("BENCH_PARTS", "task,fleet").split(",")
SIZES = ((100, 5), (int(os.environ.get("BENCH_LARGE", "50000")), 1000))  # (assets, clients) of the bench seed
CLIENT = 3                            # "Bench Client 0003": clients 1 and 2 are Acme and Globex
LOOP = 20
OS = "Ubuntu 24.04"
ACCESS = re.compile(r'"(\S+) (\S+) [^"]*" (\d+) (\d+)$')

# Targets of issue #12.
TASK_REQUESTS, TASK_BYTES = 3, 256 * 1024
URI_RATIO, SCALE_RATIO = 1.3, 1.2
FLEET_REQUESTS, FLEET_FULL_READS = 10, 2.0
FLEET_SLACK = 16 * 1024  # the two lookups of the client by name (about 0.5 KB each) on top of the two list reads


def bench_assets(assets, clients):
    """The first LOOP assets of client CLIENT, with the values the bench seed gives them (seed.py)."""
    out = []
    for i in range(CLIENT, assets + 1, clients):
        out.append({"id": i, "name": "BENCH-%06d" % i, "type": ASSET_TYPES[(i + i // clients) % len(ASSET_TYPES)],
                    "serial": "SN%08d" % i, "os": OS,
                    "ip": "10.%d.%d.%d" % (CLIENT // 256, CLIENT % 256, i % 250 + 2),
                    "mac": "02:00:%02X:%02X:%02X:%02X" % (i >> 24 & 255, i >> 16 & 255, i >> 8 & 255, i & 255)})
        if len(out) == LOOP:
            break
    return out


class Sim:
    """One simulator run: the API key, the access log, and helpers."""

    def __init__(self, handle):
        self.handle = handle
        self.url = handle.url
        self.key = handle.keys["admin"]["api_key"]
        self.mark = 0

    def start(self):
        time.sleep(0.2)  # the line of the last request is written after its answer
        self.mark = os.path.getsize(self.handle.access_log) if os.path.exists(self.handle.access_log) else 0

    def since(self):
        """[(method, path, status, bytes)] of the API requests logged since start()."""
        time.sleep(0.2)
        with open(self.handle.access_log, encoding="utf-8") as handle:
            handle.seek(self.mark)
            lines = handle.read().splitlines()
        out = []
        for line in lines:
            match = ACCESS.search(line)
            if match and match.group(2).startswith("/api/"):
                out.append((match.group(1), match.group(2).split("?")[0], int(match.group(3)), int(match.group(4))))
        return out

    def post(self, endpoint, body):
        answer = requests.post(self.url + "/api/v1/" + endpoint, json=dict(body, api_key=self.key), timeout=120).json()
        if answer.get("success") != "True":
            raise SystemExit("%s %s: %s" % (endpoint, body, answer))
        return answer

    def full_read_bytes(self, page=5000):
        """Bytes of one full read of the asset list, paged as the collection pages it."""
        total, offset = 0, 0
        while True:
            body = requests.get(self.url + "/api/v1/assets/read.php", timeout=300,
                                params={"api_key": self.key, "limit": page, "offset": offset}).content
            total += len(body)
            rows = json.loads(body).get("data") or []
            if len(rows) < page:
                return total
            offset += page


def env(sim):
    return dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ITFLOW_URL=sim.url, ITFLOW_API_KEY=sim.key,
                ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_NOCOLOR="1")


def playbook(tmp, name, tasks):
    path = os.path.join(tmp, name + ".yml")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump([{"name": name, "hosts": "localhost", "gather_facts": False, "tasks": tasks}], handle)
    return path


def play(sim, path, args=None):
    """Run a playbook; (seconds, [(method, path, status, bytes)])."""
    sim.start()
    start = time.time()
    out = subprocess.run([os.path.join(BIN, "ansible-playbook"), path] + (args or []), env=env(sim), capture_output=True,
                         text=True, check=False)
    took = time.time() - start
    if out.returncode != 0:
        fatal = "\n".join(line for line in out.stdout.splitlines() if line.startswith(("fatal:", "failed:", "ERROR")))
        raise SystemExit("playbook %s failed:\n%s\n...\n%s\n%s" % (path, fatal[:6000], out.stdout[-2000:], out.stderr[-2000:]))
    return took, sim.since()


def timed(sim, path):
    return statistics.median(play(sim, path)[0] for _i in range(REPEAT))


def asset_task(item, client):
    args = {k: item[k] for k in ("name", "type", "serial", "os", "ip", "mac")}
    return dict(args, client=client)


def per_task(sim, tmp, assets, clients):
    """Converge the LOOP assets (OS), then measure one no-drift task and the loop timings."""
    client = "Bench Client %04d" % CLIENT
    items = bench_assets(assets, clients)
    for item in items:
        sim.post("assets/update.php", {"asset_id": item["id"], "client_id": CLIENT, "asset_os": OS, "asset_ip": item["ip"],
                                       "asset_mac": item["mac"], "asset_network_id": CLIENT})
    one = playbook(tmp, "one-%d" % assets, [{"name": "asset", "itflow.itflow.itflow_asset": asset_task(items[0], client)}])
    play(sim, one)  # warm-up (and a first no-op update of an untouched asset, should there be one)
    _took, log = play(sim, one)
    writes = [e for e in log if e[0] != "GET"]
    task = {"requests": len(log), "bytes": sum(e[3] for e in log), "writes": len(writes)}

    def loop_play(name, task_body, count):
        return playbook(tmp, "%s-%d-%d" % (name, assets, count), [dict(task_body, name=name, loop=items[:count])])

    asset_body = {"itflow.itflow.itflow_asset": {k: "{{ item.%s }}" % k for k in ("name", "type", "serial", "os", "ip", "mac")}}
    asset_body["itflow.itflow.itflow_asset"]["client"] = client
    uri_body = {"ansible.builtin.uri": {"url": sim.url + "/api/v1/assets/read.php?asset_name={{ item.name }}", "method": "GET",
                                        "body_format": "json",
                                        "body": {"api_key": "{{ lookup('ansible.builtin.env', 'ITFLOW_API_KEY') }}"}}}
    play(sim, loop_play("asset", asset_body, LOOP))  # the other items' first no-op update
    times = {}
    for name, body in (("asset", asset_body), ("uri", uri_body)):
        t_all = timed(sim, loop_play(name, body, LOOP))
        t_one = timed(sim, loop_play(name, body, 1))
        times[name] = (t_all - t_one) / (LOOP - 1)
    return task, times


def fleet_inventory(tmp, hosts, client):
    path = os.path.join(tmp, "fleet-%d.json" % hosts)
    members = {}
    for i in range(1, hosts + 1):
        members["fleet-%04d" % i] = {
            "document_hosts_name": "FLEET%d-%04d" % (hosts, i), "document_hosts_serial": "FS%d-%06d" % (hosts, i),
            "document_hosts_mac": "52:54:%02X:00:%02X:%02X" % (hosts % 256, i >> 8 & 255, i & 255),
            "document_hosts_ip": "192.0.%d.%d" % (i // 250, i % 250 + 1), "document_hosts_type": "Server",
            "document_hosts_make": "Bench", "document_hosts_model": "Model F", "document_hosts_os": OS}
    inventory = {"all": {"children": {"fleet": {"hosts": members, "vars": {
        "ansible_connection": "local", "ansible_python_interpreter": sys.executable, "document_hosts_client": client,
        "document_hosts_gather_facts": False, "document_hosts_last_seen": "2026-01-01"}}}}}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(inventory, handle)
    return path


def fleet(sim, tmp, hosts):
    """Create a client, document HOSTS hosts into it, then measure the no-change re-run."""
    client = "Fleet %d" % hosts
    sim.post("clients/create.php", {"client_name": client})
    inventory = fleet_inventory(tmp, hosts, client)
    book = os.path.join(ROOT, "playbooks", "document_fleet.yml")
    args = ["-i", inventory, "-f", "10"]
    play(sim, book, args)  # creates the assets
    took, log = play(sim, book, args)
    return {"seconds": took, "requests": len(log), "bytes": sum(e[3] for e in log), "writes": len([e for e in log if e[0] != "GET"])}


def verdict(ok):
    return "PASS" if ok else "MISS"


def main():
    started = time.time()
    rows = []
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for assets, clients in SIZES:
            if "task" not in PARTS and assets != SIZES[-1][0]:
                continue
            with start_simulator(profile="26.08", seed="bench", assets=assets, clients=clients) as handle:
                sim = Sim(handle)
                if "task" in PARTS:
                    results[assets] = per_task(sim, tmp, assets, clients)
                if assets == SIZES[-1][0] and "fleet" in PARTS:
                    fleets = {n: fleet(sim, tmp, n) for n in FLEETS}
                    unit = sim.full_read_bytes()
        for assets, _clients in SIZES:
            if assets not in results:
                continue
            task, times = results[assets]
            tag = "%s assets" % format(assets, ",")
            rows.append(("1. one no-drift itflow_asset task, %s: requests" % tag, "%d" % task["requests"],
                         "<= %d" % TASK_REQUESTS, verdict(task["requests"] <= TASK_REQUESTS)))
            rows.append(("   bytes downloaded", "%.1f KB" % (task["bytes"] / 1024.0), "<= %d KB" % (TASK_BYTES // 1024),
                         verdict(task["bytes"] <= TASK_BYTES)))
            ratio = times["asset"] / times["uri"]
            rows.append(("2. per item, loop of %d, %s: itflow_asset / uri GET" % (LOOP, tag),
                         "%.3f / %.3f s = %.2fx" % (times["asset"], times["uri"], ratio), "<= %.1fx" % URI_RATIO,
                         verdict(ratio <= URI_RATIO)))
        if results:
            small, large = results[SIZES[0][0]][1]["asset"], results[SIZES[-1][0]][1]["asset"]
            rows.append(("   per item itflow_asset, %s / %s assets" % (format(SIZES[-1][0], ","), SIZES[0][0]),
                         "%.2fx" % (large / small), "<= %.1fx" % SCALE_RATIO, verdict(large / small <= SCALE_RATIO)))
        for hosts in FLEETS if "fleet" in PARTS else []:
            run = fleets[hosts]
            rows.append(("3. document_hosts no-change re-run, %d hosts, %s assets: requests" % (hosts, format(SIZES[-1][0], ",")),
                         "%d (%d writes)" % (run["requests"], run["writes"]), "<= %d" % FLEET_REQUESTS,
                         verdict(run["requests"] <= FLEET_REQUESTS)))
            rows.append(("   bytes, in full asset-list reads (%.1f MB each)" % (unit / 1048576.0),
                         "%.2f (%.1f MB, %.0f s)" % (run["bytes"] / float(unit), run["bytes"] / 1048576.0, run["seconds"]),
                         "<= %.0f (+%d KB)" % (FLEET_FULL_READS, FLEET_SLACK // 1024),
                         verdict(run["bytes"] <= FLEET_FULL_READS * unit + FLEET_SLACK)))
        if len(FLEETS) > 1 and "fleet" in PARTS:
            first, last = fleets[FLEETS[0]], fleets[FLEETS[-1]]
            same = last["requests"] == first["requests"] and last["bytes"] <= first["bytes"] * 1.05
            rows.append(("   %d hosts vs %d: requests, bytes" % (FLEETS[-1], FLEETS[0]),
                         "%d vs %d, %.2fx" % (last["requests"], first["requests"], last["bytes"] / float(first["bytes"] or 1)),
                         "the same", verdict(same)))
    width = max(len(r[0]) for r in rows)
    print("itflow.itflow scale benchmark (simulator 26.08, bench seed; collection %s; median of %d run(s))" % (ROOT, REPEAT))
    for label, value, target, result in rows:
        print("%-*s  %28s  %-10s %s" % (width, label, value, target, result))
    print("(%.0f s)" % (time.time() - started))


if __name__ == "__main__":
    main()
