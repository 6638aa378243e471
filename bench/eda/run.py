# -*- coding: utf-8 -*-
"""Benchmark of one idle poll of the itflow.itflow.itflow event source, in one command:

    python bench/eda/run.py [--tickets 50000] [--assets 50000] [--clients 500] [--cycles 7] [--write RESULTS.md]

It starts the ITFlow simulator (profile 26.08, bench seed with --assets and --clients), adds --tickets
tickets straight into the simulator's SQLite file (the bench seed has none), then, for each set of
event kinds, takes the source's first-start baseline and runs --cycles idle polls with nothing new,
measuring per poll: HTTP requests (the simulator's request log), response bytes (its access log), the
poll's wall time, and the time to write the state file. Target (issue #15): an idle poll with tickets
and assets watched at <= 3 requests and <= 256 KB.
"""

import argparse
import json
import os
import random
import runpy
import sqlite3
import statistics
import string
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "simulator"))
sys.path.insert(0, os.path.join(REPO, ".cache", "collections"))

from itflow_sim import schema  # noqa: E402  pylint: disable=wrong-import-position
from itflow_sim.db import Database, _ci_compare, now  # noqa: E402  pylint: disable=wrong-import-position
from itflow_sim.testing import start_simulator  # noqa: E402  pylint: disable=wrong-import-position

SOURCE = os.path.join(REPO, ".cache", "collections", "ansible_collections", "itflow", "itflow", "extensions", "eda", "plugins",
                      "event_source", "itflow.py")
NOTE = ("Requests and bytes depend only on the data and the options; the times were taken on a shared 2-CPU machine under "
        "load and vary by a factor of two between runs. An idle poll with tickets and assets watched is one ticket read "
        "(the newest `ticket_window` tickets), one asset read (the last row seen and anything newer) and one turn of the "
        "rotation (here an asset sweep slice of `sweep_rows` + 1 rows, or a by-id read of an open ticket older than the "
        "window): target <= 3 requests and <= 256 KB met. With client events too, the client read is a 4th request. "
        "The state file is written after every poll, in a thread.\n")
TARGET_REQUESTS = 3
TARGET_BYTES = 256 * 1024
SCENARIOS = (
    ("tickets (new + status) and assets (new + changed)", ("ticket_new", "ticket_status", "asset_new", "asset_changed")),
    ("tickets (new + status)", ("ticket_new", "ticket_status")),
    ("assets (new + changed)", ("asset_new", "asset_changed")),
    ("every kind (clients too)", ("ticket_new", "ticket_status", "asset_new", "asset_changed", "client_new", "client_changed")),
)


def seed_tickets(path, profile, count, clients):
    """``count`` tickets, as ITFlow holds them after years of use: nearly all resolved or closed, the newest
    few open, HTML details of a few hundred bytes. Written with the simulator's own column defaults."""
    db = Database.__new__(Database)  # the live file: no create() (that would drop the tables)
    db.profile, db.tables = profile, schema.build(profile)
    db.columns = {t: {c.name: c for c in cols} for t, cols in db.tables.items()}
    db.lock = threading.RLock()
    db.conn = sqlite3.connect(path, isolation_level=None)
    db.conn.create_collation("CI", _ci_compare)
    rng = random.Random(15)
    stamp = now()
    rows = []
    for i in range(1, count + 1):
        if i > count - 40:
            status = 1      # the newest 40: New
        elif i > count - 150:
            status = 2      # the 110 before them: Open
        else:
            status = 4 if i % 3 else 5  # everything older: Resolved or Closed
        details = "<p>%s</p><p>Reported by %s; affects %s.</p>" % (
            " ".join(rng.choice(("printer", "backup", "vpn", "email", "disk", "server", "user", "password", "update",
                                 "failed", "slow", "again", "since", "monday", "urgent")) for _word in range(40)),
            "user%d@client.example" % rng.randint(1, 999), "host-%d" % rng.randint(1, 500))
        rows.append(("TCK-", i, "Email", "Support", "Ticket %d: %s" % (i, details[3:40]), details, "Medium", status,
                     stamp, stamp if status in (4, 5) else None, (i - 1) % clients + 1,
                     "".join(rng.choice(string.ascii_letters) for _char in range(32))))
    db.conn.execute("BEGIN")
    db.insert_many("tickets", ["ticket_prefix", "ticket_number", "ticket_source", "ticket_category", "ticket_subject",
                               "ticket_details", "ticket_priority", "ticket_status", "ticket_created_at",
                               "ticket_resolved_at", "ticket_client_id", "ticket_url_key"], rows)
    db.conn.execute("COMMIT")
    db.conn.close()


def access_bytes(path, start):
    """Response bytes of the access-log lines written after offset ``start``."""
    total = 0
    if not os.path.exists(path):
        return 0
    with open(path, encoding="utf-8") as handle:
        handle.seek(start)
        for line in handle:
            size = line.rsplit(" ", 1)[-1].strip()
            total += int(size) if size.isdigit() else 0
    return total


def measure(sim, source, kinds, cycles, workdir):
    conn, settings = source["settings_from_args"]({"url": sim.url, "api_key": sim.keys["admin"]["api_key"], "events": list(kinds)})
    client = source["_connection"].client_from_values(conn)
    state_file = os.path.join(workdir, "state-%s.json" % "-".join(kinds))
    watch = source["_watch"]
    state = {"version": watch.STATE_VERSION, "server": client.base_url}
    poller = source["Poller"](client, settings, state)

    def step(work):
        sim.clear_log()
        offset = os.path.getsize(sim.access_log) if os.path.exists(sim.access_log) else 0
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
        requests = len(sim.log())
        size = access_bytes(sim.access_log, offset)
        started = time.perf_counter()
        watch.save_state(state_file, poller.state)
        return requests, size, seconds, time.perf_counter() - started

    first = step(poller.start)
    assert not poller.pending, "a first start without since emits nothing"
    polls = [step(poller.cycle) for _poll in range(cycles)]
    assert not poller.pending, "idle polls emit nothing"
    client.close()
    return {"kinds": list(kinds), "first_start": dict(zip(("requests", "bytes", "seconds", "save_seconds"), first)),
            "idle_requests_max": max(p[0] for p in polls), "idle_bytes_max": max(p[1] for p in polls),
            "idle_seconds_median": statistics.median(p[2] for p in polls),
            "save_seconds_median": statistics.median(p[3] for p in polls),
            "state_file_bytes": os.path.getsize(state_file),
            "sweep_rows": settings["sweep_rows"], "ticket_window": settings["ticket_window"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--tickets", type=int, default=50000)
    parser.add_argument("--assets", type=int, default=50000)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--cycles", type=int, default=7)
    parser.add_argument("--write", help="also write the results as Markdown to this file")
    options = parser.parse_args()
    if not os.path.exists(SOURCE):
        sys.exit("%s not found: run scripts/setup.sh first (it links the collection into .cache/collections)" % SOURCE)
    source = runpy.run_path(SOURCE)
    workdir = tempfile.mkdtemp(prefix="itflow-eda-bench-")
    db_path = os.path.join(workdir, "itflow.sqlite")
    results = []
    with start_simulator(profile="26.08", seed="bench", assets=options.assets, clients=options.clients, db=db_path) as sim:
        started = time.time()
        seed_tickets(db_path, "26.08", options.tickets, options.clients)
        print("seeded %d tickets in %.1f s" % (options.tickets, time.time() - started))
        for title, kinds in SCENARIOS:
            result = measure(sim, source, kinds, options.cycles, workdir)
            result["title"] = title
            results.append(result)
            print("idle poll, %s, at %d tickets and %d assets: %d requests, %.1f KB, %.0f ms (state file %.0f KB written in %.0f ms); "
                  "first start %d requests, %.1f MB, %.1f s" % (
                      title, options.tickets, options.assets, result["idle_requests_max"], result["idle_bytes_max"] / 1024.0,
                      result["idle_seconds_median"] * 1000, result["state_file_bytes"] / 1024.0, result["save_seconds_median"] * 1000,
                      result["first_start"]["requests"], result["first_start"]["bytes"] / 1048576.0, result["first_start"]["seconds"]))
    target = results[0]
    met = target["idle_requests_max"] <= TARGET_REQUESTS and target["idle_bytes_max"] <= TARGET_BYTES
    print("target (tickets and assets, <= %d requests and <= %d KB per idle poll): %s" % (
        TARGET_REQUESTS, TARGET_BYTES // 1024, "met" if met else "NOT met"))
    if options.write:
        with open(options.write, "w", encoding="utf-8") as out:
            out.write(render(results, options))
    print(json.dumps(results, indent=1))
    return 0 if met else 1


def render(results, options):
    lines = ["| event kinds | requests / idle poll | bytes / idle poll | poll time (median) | state file | state write | "
             "first start (once) |", "|---|---|---|---|---|---|---|"]
    for r in results:
        first = r["first_start"]
        lines.append("| %s | %d | %.1f KB | %.0f ms | %.0f KB | %.0f ms | %d requests, %.1f MB, %.1f s |" % (
            r["title"], r["idle_requests_max"], r["idle_bytes_max"] / 1024.0, r["idle_seconds_median"] * 1000,
            r["state_file_bytes"] / 1024.0, r["save_seconds_median"] * 1000, first["requests"], first["bytes"] / 1048576.0,
            first["seconds"]))
    return ("Measured by `python bench/eda/run.py --tickets %d --assets %d --clients %d --cycles %d` (simulator profile 26.08, "
            "maximum over the idle polls for requests and bytes).\n\n" % (options.tickets, options.assets, options.clients, options.cycles)
            + "\n".join(lines) + "\n\n" + NOTE)


if __name__ == "__main__":
    sys.exit(main())
