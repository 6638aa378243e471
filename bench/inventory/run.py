# -*- coding: utf-8 -*-
"""Benchmark of the itflow.itflow.itflow inventory plugin against its floor, in one command:

    python bench/inventory/run.py [--assets 10000] [--clients 500] [--repeat 5] [--write RESULTS.md]

It starts the ITFlow simulator (bench seed), then measures with ansible-inventory, medians of
--repeat runs (plugin and floor runs interleaved, after one warm-up run each):
  1. the plugin with group_by [client, type, status] vs the floor (floor_inventory.py, a script
     inventory doing one raw fetch and printing the identical JSON; verified byte for byte),
     wall time and peak memory (max RSS of the process tree, from /usr/bin/time or getrusage);
  2. the HTTP requests the plugin made (simulator request log), and those of a cached run;
  3. the cost of one keyed_groups entry and one compose entry, per 10,000 hosts.
"""

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TARGET_RATIO = 1.2
GROUP_BY = ["client", "type", "status"]


def bin_dir():
    for candidate in (os.path.join(REPO, ".venv", "bin"), "/work/venv-dev/bin", os.path.dirname(sys.executable)):
        if os.path.exists(os.path.join(candidate, "ansible-inventory")):
            return candidate
    sys.exit("ansible-inventory not found: run scripts/setup.sh first")


def collections_path():
    root = os.path.join(REPO, ".cache", "collections")
    link = os.path.join(root, "ansible_collections", "itflow", "itflow")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(os.path.relpath(REPO, os.path.dirname(link)), link)
    return root


class Sim(object):
    """The simulator as a separate process (so its CPU is not counted in the measured processes)."""

    def __init__(self, work, python, assets, clients):
        self.keys_file = os.path.join(work, "keys.json")
        env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "tests", "simulator"))
        self.proc = subprocess.Popen([python, "-m", "itflow_sim", "--profile", "26.08", "--seed", "bench", "--assets", str(assets),
                                      "--clients", str(clients), "--port", "0", "--keys-file", self.keys_file],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 300
        while not os.path.exists(self.keys_file):
            if self.proc.poll() is not None:
                sys.exit("the simulator exited: %s" % self.proc.stderr.read().decode(errors="replace"))
            if time.time() > deadline:
                self.stop()
                sys.exit("the simulator did not start within 300 s")
            time.sleep(0.2)
        with open(self.keys_file) as f:
            doc = json.load(f)
        self.url, self.key = doc["url"], doc["keys"]["admin"]["api_key"]

    def clear_log(self):
        requests.post(self.url + "/__sim__/log/clear", timeout=10).raise_for_status()

    def log(self):
        return requests.get(self.url + "/__sim__/log", timeout=10).json()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def measure(cmd, env, cwd, out_path):
    """(wall seconds, peak RSS in MiB, CPU seconds) of one run of cmd and its children; stdout goes to out_path.

    Peak RSS is the largest of the process tree (GNU time's %M, or getrusage's ru_maxrss of a
    fresh wrapper process); CPU is user + system time of the tree, less sensitive than the wall
    time to other load on a shared machine.
    """
    stats_file = out_path + ".stats"
    if os.path.exists("/usr/bin/time"):
        cmd = ["/usr/bin/time", "-f", "%M %U %S", "-o", stats_file] + cmd
    else:  # pragma: no cover - a wrapper that reports its children's usage the same way
        cmd = [sys.executable, "-c", _RUSAGE_WRAPPER, stats_file] + cmd
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.PIPE, check=False)
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), proc.stderr.decode(errors="replace")[-3000:]))
    with open(stats_file) as f:
        kib, user, system = f.read().strip().splitlines()[-1].split()
    return seconds, int(kib) / 1024.0, float(user) + float(system)


_RUSAGE_WRAPPER = """
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write("%d %f %f\\n" % (usage.ru_maxrss, usage.ru_utime, usage.ru_stime))
sys.exit(rc)
"""


def write_inventory(path, url, extra=""):
    with open(path, "w") as f:
        f.write("plugin: itflow.itflow.itflow\nurl: %s\ngroup_by: [%s]\n%s" % (url, ", ".join(GROUP_BY), extra))


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", metavar="FILE", help="also write the table (Markdown) to FILE, such as bench/inventory/RESULTS.md")
    args = parser.parse_args()

    bindir = bin_dir()
    python = os.path.join(bindir, "python")
    inventory_cli = os.path.join(bindir, "ansible-inventory")
    work = tempfile.mkdtemp(prefix="itflow-inv-bench-")
    version = subprocess.run([python, "-c", "import ansible.release as r; print(r.__version__)"], capture_output=True, text=True,
                             check=True).stdout.strip()
    sim = Sim(work, python, args.assets, args.clients)
    try:
        results = run(args, sim, work, python, inventory_cli)
        results["ansible"] = version
    finally:
        sim.stop()
        shutil.rmtree(work, ignore_errors=True)
    text = report(args, results)
    print(text)
    if args.write:
        with open(args.write, "w") as f:
            f.write(text)
    return 0 if results["pass"] else 1


def run(args, sim, work, python, inventory_cli):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path(), ITFLOW_API_KEY=sim.key, FLOOR_URL=sim.url, FLOOR_API_KEY=sim.key,
               FLOOR_GROUP_BY=",".join(GROUP_BY), FLOOR_TYPING=os.path.join(REPO, "plugins", "module_utils", "_typing.py"),
               ANSIBLE_INVENTORY_UNPARSED_FAILED="true", ANSIBLE_CONFIG=os.path.join(work, "ansible.cfg"))
    env.pop("ITFLOW_URL", None)
    with open(os.path.join(work, "ansible.cfg"), "w") as f:
        f.write("[defaults]\n")
    floor = os.path.join(work, "floor.py")
    with open(floor, "w") as f:
        f.write("#!%s\nimport runpy\nrunpy.run_path(%r, run_name='__main__')\n" % (python, os.path.join(HERE, "floor_inventory.py")))
    os.chmod(floor, 0o755)
    plugin = os.path.join(work, "plugin.itflow.yml")
    write_inventory(plugin, sim.url)
    keyed = os.path.join(work, "keyed.itflow.yml")
    write_inventory(keyed, sim.url, "keyed_groups:\n  - key: itflow_asset_make\n    prefix: make\n")
    compose = os.path.join(work, "compose.itflow.yml")
    write_inventory(compose, sim.url, "compose:\n  short_name: itflow_asset_name | lower\n")
    cached = os.path.join(work, "cached.itflow.yml")
    write_inventory(cached, sim.url, "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n"
                    % os.path.join(work, "cache"))

    def one(source, mode, tag):
        return measure([inventory_cli, "-i", source, "--" + mode], env, work, os.path.join(work, "%s-%s.out" % (tag, mode)))

    res = {"times": {}, "rss": {}, "cpu": {}, "load": [os.getloadavg()[0]]}

    def record(key, value):
        res["times"].setdefault(key, []).append(value[0])
        res["rss"].setdefault(key, []).append(value[1])
        res["cpu"].setdefault(key, []).append(value[2])

    one("localhost,", "graph", "startup")  # warm the disk caches
    for mode in ("graph", "list"):
        one(plugin, mode, "plugin")
        one(floor, mode, "floor")
        for _run in range(args.repeat):
            record("plugin-" + mode, one(plugin, mode, "plugin"))
            record("floor-" + mode, one(floor, mode, "floor"))
        with open(os.path.join(work, "plugin-%s.out" % mode), "rb") as a, open(os.path.join(work, "floor-%s.out" % mode), "rb") as b:
            res["identical-" + mode] = a.read() == b.read()
    with open(os.path.join(work, "plugin-list.out")) as f:
        listed = json.load(f)
    res["hosts"] = len(listed["_meta"]["hostvars"])
    res["groups"] = len([g for g in listed if g not in ("_meta", "all", "ungrouped")])
    res["vars"] = max(len(v) for v in listed["_meta"]["hostvars"].values())
    for _run in range(args.repeat):
        record("startup", one("localhost,", "graph", "startup"))

    # requests: one uncached plugin run, then a cached run (after a run that fills the cache)
    sim.clear_log()
    one(plugin, "graph", "plugin")
    per_resource = {}
    for entry in sim.log():
        resource_name = entry["path"].split("/api/v1/")[-1].split("/")[0]
        per_resource[resource_name] = per_resource.get(resource_name, 0) + 1
    res["requests"] = per_resource
    # the bench seed gives every client one location, vendor, contact and network
    res["rows"] = dict((r, args.assets if r == "assets" else args.clients) for r in per_resource)
    measure([inventory_cli, "-i", cached, "--graph", "--flush-cache"], env, work, os.path.join(work, "cached-fill.out"))
    sim.clear_log()
    for _run in range(args.repeat):
        record("cached-graph", one(cached, "graph", "cached"))
    res["cached-requests"] = len(sim.log())
    with open(os.path.join(work, "cached-graph.out"), "rb") as a, open(os.path.join(work, "plugin-graph.out"), "rb") as b:
        res["identical-cached"] = a.read() == b.read()

    for _run in range(args.repeat):
        record("keyed-graph", one(keyed, "graph", "keyed"))
        record("compose-graph", one(compose, "graph", "compose"))
        record("plugin-graph-2", one(plugin, "graph", "plugin"))
    res["load"].append(os.getloadavg()[0])
    return judge(res)


def judge(res):
    t = dict((k, median(v)) for k, v in res["times"].items())
    m = dict((k, median(v)) for k, v in res["rss"].items())
    c = dict((k, median(v)) for k, v in res["cpu"].items())
    res["t"], res["m"], res["c"] = t, m, c
    per_10k = 10000.0 / max(1, res["hosts"])
    res["keyed-cost"] = (t["keyed-graph"] - t["plugin-graph-2"]) * per_10k
    res["compose-cost"] = (t["compose-graph"] - t["plugin-graph-2"]) * per_10k
    res["keyed-cpu"] = (c["keyed-graph"] - c["plugin-graph-2"]) * per_10k
    res["compose-cpu"] = (c["compose-graph"] - c["plugin-graph-2"]) * per_10k
    page = 5000
    limits = dict((r, 1 + math.ceil(res["rows"][r] / float(page))) for r in res["requests"])
    res["request-limits"] = limits
    checks = {
        "time --graph <= 1.2 x floor": t["plugin-graph"] <= TARGET_RATIO * t["floor-graph"],
        "time --list <= 1.2 x floor": t["plugin-list"] <= TARGET_RATIO * t["floor-list"],
        "memory --graph <= 1.2 x floor": m["plugin-graph"] <= TARGET_RATIO * m["floor-graph"],
        "memory --list <= 1.2 x floor": m["plugin-list"] <= TARGET_RATIO * m["floor-list"],
        "identical output (--graph, --list, cached)": res["identical-graph"] and res["identical-list"] and res["identical-cached"],
        "requests <= 1 + ceil(N / page size) per resource": all(n <= limits[r] for r, n in res["requests"].items()),
        "assets read in <= 3 requests": res["requests"].get("assets", 99) <= 3,
        "cached run: 0 requests": res["cached-requests"] == 0,
    }
    res["checks"] = checks
    res["pass"] = all(checks.values())
    return res


def report(args, res):
    t, m, c = res["t"], res["m"], res["c"]
    lines = [
        "# Inventory plugin benchmark",
        "",
        "`python bench/inventory/run.py --assets %d --clients %d --repeat %d` (ansible-core %s, ITFlow simulator 26.08 `bench`"
        " seed; %d hosts after archived assets are left out, %d vars each, %d groups; medians of %d runs)."
        % (args.assets, args.clients, args.repeat, res["ansible"], res["hosts"], res["vars"], res["groups"], args.repeat),
        "",
        "| ansible-inventory | plugin (group_by client, type, status) | floor (script, one raw fetch) | ratio | target |",
        "|---|---|---|---|---|",
    ]
    for mode in ("graph", "list"):
        for label, table, unit, fmt, target in (("time", t, "s", "%.2f", "<= %.1f" % TARGET_RATIO),
                                                ("CPU time", c, "s", "%.2f", "-"),
                                                ("peak memory", m, "MiB", "%.0f", "<= %.1f" % TARGET_RATIO)):
            plugin_value, floor_value = table["plugin-" + mode], table["floor-" + mode]
            lines.append("| `--%s` %s | %s %s | %s %s | %.2f | %s |" % (
                mode, label, fmt % plugin_value, unit, fmt % floor_value, unit, plugin_value / floor_value, target))
    lines += [
        "",
        "| measure | result | target |",
        "|---|---|---|",
        "| ansible-inventory start-up (`-i localhost, --graph`) | %.2f s (CPU %.2f s) | - |" % (t["startup"], c["startup"]),
        "| HTTP requests, uncached run | %s (total %d) | assets <= 3; each <= 1 + ceil(N/5000) |"
        % (", ".join("%s %d" % kv for kv in sorted(res["requests"].items())), sum(res["requests"].values())),
        "| HTTP requests, cached run (jsonfile) | %d | 0 |" % res["cached-requests"],
        "| cached run `--graph` time | %.2f s (CPU %.2f s) | - |" % (t["cached-graph"], c["cached-graph"]),
        "| one `keyed_groups` entry | +%.2f s per 10,000 hosts (CPU +%.2f s) | - |" % (res["keyed-cost"], res["keyed-cpu"]),
        "| one `compose` entry | +%.2f s per 10,000 hosts (CPU +%.2f s) | - |" % (res["compose-cost"], res["compose-cpu"]),
        "| output identical to the floor (`--graph`, `--list`, cached) | %s | yes |"
        % ("yes" if res["identical-graph"] and res["identical-list"] and res["identical-cached"] else "NO"),
        "",
        "Load average (1 min) of the machine at the start and end: %.1f and %.1f, on %d CPUs. Wall times grow with"
        " other load; CPU times (user + system of the process tree) much less." % (res["load"][0], res["load"][1], os.cpu_count()),
        "",
        "Checks: " + "; ".join("%s: %s" % (k, "pass" if v else "FAIL") for k, v in res["checks"].items()),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
