"""What the test suite costs in CPU, per test and per test module (issue #14).

    .venv/bin/python bench/suite/run.py                          the second pytest run of scripts/test.sh
    .venv/bin/python bench/suite/run.py tests/faults tests/eda   any pytest selection
    BENCH_WORKERS=1 .venv/bin/python bench/suite/run.py ...      workers (default 2, as scripts/test.sh)

Runs pytest with the plugin cpu_per_test.py (each test's CPU: its own and its child processes', setup
included) and prints, from that one run: the total CPU of the pytest process tree and its wall time; how
busy the machine's cores were (CPU / wall / cores); the shortest wall time that CPU allows on this
machine's cores; and the test modules and tests that cost the most CPU. The suite is CPU-bound on a 2-core
machine, so the CPU, not a single wall time, says what a change saves: run it before and after.
Run it on a quiet machine after ./scripts/setup.sh (the environment it prints must be loaded: ansible on
PATH, ANSIBLE_COLLECTIONS_PATH set).
"""

import collections
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT = ["tests/integration", "tests/molecule", "tests/plan"]


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv):
    selection = argv or DEFAULT
    workers = os.environ.get("BENCH_WORKERS", "2")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cpu.jsonl")
        env = dict(os.environ, CPU_PER_TEST_OUT=out,
                   PYTHONPATH=os.pathsep.join(p for p in (HERE, os.environ.get("PYTHONPATH")) if p))
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "cpu_per_test", "-p", "no:cacheprovider"]
        if workers != "1":
            cmd += ["-n", workers, "--dist", "load", "--maxschedchunk", "1"]
        cpu0, wall0 = children_cpu(), time.time()
        code = subprocess.call(cmd + selection, cwd=REPO, env=env, stdout=subprocess.DEVNULL)
        cpu, wall = children_cpu() - cpu0, time.time() - wall0
        if not os.path.exists(out):
            print("suite: pytest ran no test (exit code %d)" % code)
            return 1
        with open(out, encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle]
    print("suite: %s, %s worker(s), %d tests, pytest exit code %d" % (" ".join(selection), workers, len(rows), code))
    print("  wall %.0f s, CPU %.0f s (the process tree), %.2f of %d cores busy" % (wall, cpu, cpu / wall, cores))
    print("  at least %.0f s of wall time on %d cores for this CPU" % (cpu / cores, cores))
    print("  CPU counted per test: %.0f s" % sum(r["cpu"] for r in rows))
    modules = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for row in rows:
        entry = modules[row["id"].split("::")[0]]
        entry[0] += row["cpu"]
        entry[1] += row["wall"]
        entry[2] += 1
    print("\n  %8s %8s %6s  %s" % ("CPU s", "wall s", "tests", "test module"))
    for name, (mod_cpu, mod_wall, count) in sorted(modules.items(), key=lambda kv: -kv[1][0])[:15]:
        print("  %8.1f %8.1f %6d  %s" % (mod_cpu, mod_wall, count, name))
    print("\n  %8s %8s  %s" % ("CPU s", "wall s", "test"))
    for row in sorted(rows, key=lambda r: -r["cpu"])[:15]:
        print("  %8.1f %8.1f  %s" % (row["cpu"], row["wall"], row["id"]))
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
