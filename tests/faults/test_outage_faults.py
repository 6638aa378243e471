# -*- coding: utf-8 -*-
"""An empty 500 is not always PHP out of memory (issue #13 item 4).

During a database outage ITFlow answers every request with an empty HTTP 500. A smaller page helps only
when PHP ran out of memory; an outage fails at every size. The run must say which it was, must not retry
every page size with backoff, and must read at the configured page size again once the server is back.
"""

from __future__ import absolute_import, division, print_function

import urllib.parse

from fault_harness import CONNECTION, requests_to, run_inventory, run_module  # pylint: disable=import-error

PROBES = [5000, 2500, 1250, 625, 500]


def limits(sim, endpoint):
    out = []
    for entry in requests_to(sim, endpoint):
        query = entry.get("query") or ""
        if isinstance(query, dict):
            out.append(int(query.get("limit", 0)))
        else:
            out.append(int(urllib.parse.parse_qs(query).get("limit", ["0"])[0]))
    return out


def info_args(sim, **extra):
    args = dict(CONNECTION, url=sim.url, api_key=sim.keys["admin"]["api_key"], resource="assets", client=1, page_size=5000)
    args.update(extra)
    return args


def test_an_outage_is_reported_as_one_not_as_memory(fresh):
    sim = fresh
    sim.fault("assets/read.php", "status_500_empty", times=-1)
    run = run_module("itflow_info", info_args(sim, retries=2))
    assert run.failed, run
    assert "empty HTTP 500 on assets/read.php at every page size tried (5000, 2500, 1250, 625 and 500 rows)" in run.msg, run
    assert "database outage" in run.msg and "not PHP out of memory" in run.msg and "after 7 attempts" in run.msg, run
    # each size once, then the retries at the configured size (before: 2 retries at each of 5 sizes, 15 requests)
    assert limits(sim, "assets/read.php") == PROBES + [5000, 5000]


def test_after_an_outage_the_read_goes_on_at_the_configured_size(fresh):
    sim = fresh
    sim.fault("assets/read.php", "status_500_empty", times=len(PROBES) + 1)
    run = run_module("itflow_info", info_args(sim, retries=3))
    assert not run.failed, run
    assert run.result["assets"], run
    assert limits(sim, "assets/read.php") == PROBES + [5000, 5000]


def test_a_later_read_starts_at_the_configured_size_again(fresh):
    """The same run of the inventory reads several resources: an outage on one does not shrink the others' pages."""
    sim = fresh
    sim.fault("assets/read.php", "status_500_empty", times=len(PROBES) + 1)
    run = run_module("itflow_info", info_args(sim, retries=3))
    assert not run.failed, run
    sim.clear_log()
    run = run_module("itflow_info", info_args(sim, retries=3))
    assert limits(sim, "assets/read.php") == [5000]


def test_small_pages_are_plain_retries(fresh):
    """At the floor (500 rows) there is nothing to probe: retries only, and the message does not guess."""
    sim = fresh
    sim.fault("assets/read.php", "status_500_empty", times=-1)
    run = run_module("itflow_info", info_args(sim, retries=1, page_size=500))
    assert run.failed and "every page size" not in run.msg and "after 2 attempts" in run.msg, run
    assert limits(sim, "assets/read.php") == [500, 500]


def test_inventory_says_outage(fresh, tmp_path):
    sim = fresh
    sim.fault("networks/read.php", "status_500_empty", times=-1)
    run = run_inventory(dict(CONNECTION, url=sim.url, api_key=sim.keys["admin"]["api_key"], retries=0, page_size=5000), str(tmp_path))
    assert run.rc != 0, run
    line = run.line("itflow.itflow.itflow inventory:")
    assert "networks/read.php at every page size tried" in line and "database outage" in line, run
    assert limits(sim, "networks/read.php") == PROBES
