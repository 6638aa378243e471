"""Benchmark of itflow_bulk against a loop of itflow_asset tasks, on the bundled simulator.

    .venv/bin/python bench/bulk/run.py            (after ./scripts/setup.sh)

Prints, from one run:
  * a no-drift re-run of 200 declared assets: one itflow_bulk task vs a loop of 200 itflow_asset tasks
    (target: bulk >= 20x faster), with the HTTP requests each made (target: bulk only paged reads, no writes);
  * the bulk task alone at 2,000 assets (target: time grows no faster than the number of records);
  * one itflow_asset no-change task vs one ansible.builtin.uri GET task (target <= 1.3x), each measured as
    the extra time of 10 such tasks over an empty loop, so Ansible's start-up cancels out.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "simulator"))
from itflow_sim.testing import start_simulator  # noqa: E402  pylint: disable=wrong-import-position,import-error

BIN = os.path.dirname(sys.executable)
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


def playbook(tmp, name, tasks):
    path = os.path.join(tmp, name + ".yml")
    with open(path, "w") as handle:
        json.dump([{"name": name, "hosts": "localhost", "gather_facts": False, "tasks": tasks}], handle)
    return path


def run(sim, path, extra=None):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO, ".cache", "collections"), ITFLOW_URL=sim.url,
               ITFLOW_API_KEY=sim.keys["admin"]["api_key"], ANSIBLE_LOCALHOST_WARNING="0",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    sim.clear_log()
    start = time.time()
    out = subprocess.run([os.path.join(BIN, "ansible-playbook"), path] + (extra or []), env=env, capture_output=True, text=True,
                         check=False)
    took = time.time() - start
    if out.returncode != 0:
        raise SystemExit("playbook %s failed:\n%s\n%s" % (path, out.stdout[-3000:], out.stderr[-2000:]))
    log = sim.log()
    return took, len(log), len([e for e in log if e["method"] == "POST"])


def timed(sim, path):
    runs = [run(sim, path) for _i in range(REPEAT)]
    return statistics.median(r[0] for r in runs), runs[-1][1], runs[-1][2]


def assets(prefix, count):
    return [{"name": "%s-%05d" % (prefix, i), "type": "Server", "os": "Ubuntu 24.04", "ip": "10.%d.%d.%d" % (i // 65536 % 256, i // 256 % 256, i % 256),
             "mac": "AA:BB:%02X:%02X:%02X:%02X" % (i >> 24 & 255, i >> 16 & 255, i >> 8 & 255, i & 255)} for i in range(1, count + 1)]


def bulk_task(client, items):
    return {"name": "bulk", "itflow.itflow.itflow_bulk": {"resource": "asset", "client": client, "items": items}}


def main():
    with start_simulator(profile="26.08", seed="empty") as sim, tempfile.TemporaryDirectory() as tmp:
        key = sim.keys["admin"]["api_key"]
        for name in ("Bench 200", "Bench 2000"):
            requests.post(sim.url + "/api/v1/clients/create.php", json={"api_key": key, "client_name": name}, timeout=30)
        items200 = assets("b", 200)
        items2000 = assets("c", 2000)
        bulk200 = playbook(tmp, "bulk200", [bulk_task("Bench 200", items200)])
        bulk2000 = playbook(tmp, "bulk2000", [bulk_task("Bench 2000", items2000)])
        loop200 = playbook(tmp, "loop200", [{"name": "loop", "itflow.itflow.itflow_asset": dict(
            {k: "{{ item.%s }}" % k for k in ("name", "type", "os", "ip", "mac")}, client="Bench 200"), "loop": items200}])
        run(sim, bulk200)   # create
        run(sim, bulk2000)  # create
        t_bulk, req_bulk, post_bulk = timed(sim, bulk200)
        t_loop, req_loop, post_loop = run(sim, loop200)
        t_bulk2000, req_2000, post_2000 = timed(sim, bulk2000)

        base = playbook(tmp, "base", [{"name": "nothing", "ansible.builtin.debug": {"msg": "x"}, "loop": list(range(10))}])
        one_asset = playbook(tmp, "asset10", [{"name": "asset", "itflow.itflow.itflow_asset": dict(items200[0], client="Bench 200"),
                                               "loop": list(range(10))}])
        one_uri = playbook(tmp, "uri10", [{"name": "uri", "ansible.builtin.uri": {
            "url": sim.url + "/api/v1/assets/read.php?asset_name=" + items200[0]["name"], "method": "GET",
            "body_format": "json", "body": {"api_key": "{{ lookup('ansible.builtin.env', 'ITFLOW_API_KEY') }}"}}, "loop": list(range(10))}])
        t_base = timed(sim, base)[0]
        t_asset = (timed(sim, one_asset)[0] - t_base) / 10
        t_uri = (timed(sim, one_uri)[0] - t_base) / 10

        rows = [
            ("no-drift re-run, 200 assets: itflow_bulk (1 task)", "%.2f s" % t_bulk, "%d requests, %d writes" % (req_bulk, post_bulk)),
            ("no-drift re-run, 200 assets: loop of itflow_asset", "%.2f s" % t_loop, "%d requests, %d writes" % (req_loop, post_loop)),
            ("  speed-up (target >= 20x)", "%.1fx" % (t_loop / t_bulk), ""),
            ("no-drift re-run, 2,000 assets: itflow_bulk", "%.2f s" % t_bulk2000, "%d requests, %d writes" % (req_2000, post_2000)),
            ("  time per record, 2,000 vs 200 (target <= 1.0)", "%.2f" % ((t_bulk2000 / 2000) / (t_bulk / 200)), ""),
            ("one itflow_asset no-change task", "%.3f s" % t_asset, ""),
            ("one ansible.builtin.uri GET task", "%.3f s" % t_uri, ""),
            ("  ratio (target <= 1.3x)", "%.2fx" % (t_asset / t_uri), ""),
        ]
        width = max(len(r[0]) for r in rows)
        print("itflow_bulk benchmark (simulator 26.08, median of %d runs where repeated)" % REPEAT)
        for label, value, note in rows:
            print("%-*s  %10s  %s" % (width, label, value, note))


if __name__ == "__main__":
    main()
