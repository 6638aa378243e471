# -*- coding: utf-8 -*-
"""Read faults × every module, the inventory plugin and the lookup (issue #7).

A persistent fault must end in ONE clear line naming the endpoint, what happened and what to do, after
exactly the configured number of attempts (faults that cannot change on a second try: one attempt).
A fault that goes away (times=1 or 2) must be retried with backoff and the run must succeed.
"""

from __future__ import absolute_import, division, print_function

import json

import pytest

from fault_harness import CONNECTION, HANG_TIMEOUT, closed_port, requests_to, run_inventory, run_lookup, run_module, token  # pylint: disable=import-error
from fault_cases import CONNECTION_FAULTS, FAULTS, TARGETS, TRANSIENT  # pylint: disable=import-error

PLUGINS = ("inventory", "lookup")
MARKER = {"inventory": "itflow.itflow.itflow inventory:", "lookup": "itflow.itflow.itflow lookup:"}
PLUGIN_READ = "assets/read.php"
BASELINES = {}  # module -> its clean run (check mode, so the same every time): how many reads it needs
# validate_certs/ca_path are the shared connection options of every module: three kinds of module prove them.
TLS_TARGETS = [t for t in TARGETS if t.module in ("itflow_asset", "itflow_bulk", "itflow_info")]


def connection(sim, sim_tls, fault, **extra):
    """Connection options for ``fault``, injecting it on the simulator where it is a server fault."""
    opts = dict(CONNECTION, url=sim.url, api_key=sim.keys["admin"]["api_key"], page_size=500)
    if fault == "refused":
        opts["url"] = "http://127.0.0.1:%d" % closed_port()
    elif fault == "dns":
        opts["url"] = "http://itflow-faults.invalid"
    elif fault == "tls":
        opts["url"] = sim_tls.url
        opts["api_key"] = sim_tls.keys["admin"]["api_key"]
    if fault == "read_timeout":
        opts["timeout"] = HANG_TIMEOUT
    opts.update(extra)
    return opts


def inject(sim, fault, endpoint, times=-1):
    spec = FAULTS[fault]
    if fault in CONNECTION_FAULTS:
        return
    sim.fault(endpoint, spec.get("kind", fault), times=times, delay=spec.get("delay", 0))


def check_line(line, fault, endpoint):
    """The one line: endpoint, what happened, what to do; no traceback, no secret."""
    spec = FAULTS[fault]
    assert "\n" not in line and "Traceback" not in line, line
    if fault not in CONNECTION_FAULTS:
        assert endpoint in line, line
    else:
        assert ".php" in line, line
    for words in spec["msg"]:
        assert words.format(endpoint=endpoint) in line, line
    assert spec["hint"] in line, line
    assert len(line) < 700, line


def expected_attempts(fault):
    return CONNECTION["retries"] + 1 if FAULTS[fault]["retried"] else 1


# ----------------------------------------------------------------------------------- modules
@pytest.mark.parametrize("target,fault", [(t, f) for t in TARGETS for f in FAULTS], ids=str)
def test_module_read_fault(fresh, sim_tls, target, fault):
    sim = fresh
    name = token()
    inject(sim, fault, target.read, times=1 if FAULTS[fault].get("ok") else -1)
    if fault == "tls":
        sim_tls.clear_log()
    args = dict(target.args(sim, name), **connection(sim, sim_tls, fault))
    if FAULTS[fault].get("ok") and not target.create and target.module != "itflow_info":
        args["_ansible_check_mode"] = True  # 26.08 cannot create these: a real run would fail on the create
    run = run_module(target.module, args)
    if FAULTS[fault].get("ok"):
        assert not run.failed, run
        assert requests_to(sim, target.read), run
        return
    assert run.failed and run.rc == 1, run
    check_line(run.msg, fault, target.read)
    if fault not in CONNECTION_FAULTS:
        assert len(requests_to(sim, target.read, expect=expected_attempts(fault))) == expected_attempts(fault), (run, sim.log())
        assert run.result.get("endpoint") == target.read, run
    elif fault == "tls":
        assert not sim_tls.log(), "a request got through TLS verification"
    assert not [e for e in sim.log() if e["method"] == "POST"], "a write after a failed read"


@pytest.mark.parametrize("target,kind", [(t, k) for t in TARGETS for k in TRANSIENT], ids=str)
def test_module_transient_read_fault_recovers(fresh, target, kind):
    sim = fresh
    times = 1 if kind == "hang" else 2
    opts = dict(CONNECTION, url=sim.url, api_key=sim.keys["admin"]["api_key"], retries=2, page_size=500)
    if kind == "hang":
        opts["timeout"] = HANG_TIMEOUT
    name = token()
    args = dict(target.args(sim, name), **opts)
    if target.module != "itflow_info":
        args["_ansible_check_mode"] = True  # the reads only: writes are test_write_faults'
    baseline = BASELINES.get(target.module)
    if baseline is None:
        baseline = BASELINES[target.module] = run_module(target.module, args)
        assert not baseline.failed, baseline
        baseline.reads = len(requests_to(sim, target.read))
        sim.clear_log()
    sim.fault(target.read, kind, times=times)
    run = run_module(target.module, args)
    assert not run.failed, run
    assert run.result.get("changed") == baseline.result.get("changed"), run
    assert len(requests_to(sim, target.read, expect=baseline.reads + times)) == baseline.reads + times, (run, sim.log())


def test_retries_follow_the_backoff(fresh):
    """retry_backoff doubles per attempt: 0.15 s, then 0.3 s between the three requests."""
    sim = fresh
    sim.fault("clients/read.php", "status_500_empty", times=2)
    run = run_module("itflow_client", dict(CONNECTION, name="Acme Corp", url=sim.url, api_key=sim.keys["admin"]["api_key"],
                                           retries=2, retry_backoff=0.15))
    assert not run.failed and run.result["changed"] is False, run
    times = [e["time"] for e in requests_to(sim, "clients/read.php")]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.14 and times[2] - times[1] >= 0.29, times


def test_retries_zero_means_one_attempt(fresh):
    sim = fresh
    sim.fault("clients/read.php", "status_500_empty", times=1)
    # page_size 500: larger pages are retried smaller after an empty 500 (ITFlow out of PHP memory), which is another retry
    run = run_module("itflow_client", dict(CONNECTION, name="Acme Corp", url=sim.url, api_key=sim.keys["admin"]["api_key"], retries=0,
                                           page_size=500))
    assert run.failed and "empty HTTP 500" in run.msg and "attempts" not in run.msg, run
    assert len(requests_to(sim, "clients/read.php")) == 1


# ----------------------------------------------------------------------------------- TLS options
@pytest.mark.parametrize("target", TLS_TARGETS, ids=str)
@pytest.mark.parametrize("how", ["validate_certs_false", "ca_path"])
def test_tls_options_make_it_work(sim_tls, target, how):
    opts = dict(CONNECTION, url=sim_tls.url, api_key=sim_tls.keys["admin"]["api_key"])
    if how == "ca_path":
        opts["ca_path"] = sim_tls.ca_path
    else:
        opts["validate_certs"] = False
    args = dict(target.args(sim_tls, token()), _ansible_check_mode=True, **opts)
    run = run_module(target.module, args)
    assert not run.failed, run
    assert "InsecureRequestWarning" not in run.stderr


# ----------------------------------------------------------------------------------- plugins
def plugin_run(plugin, opts, tmp_path):
    if plugin == "inventory":
        return run_inventory(opts, str(tmp_path))
    return run_lookup(["assets"], dict(opts, client=1), str(tmp_path))


@pytest.mark.parametrize("plugin,fault", [(p, f) for p in PLUGINS for f in FAULTS], ids=str)
def test_plugin_read_fault(fresh, sim_tls, tmp_path, plugin, fault):
    sim = fresh
    inject(sim, fault, PLUGIN_READ)
    run = plugin_run(plugin, connection(sim, sim_tls, fault), tmp_path)
    assert "Traceback" not in run.output, run
    if FAULTS[fault].get("ok"):
        assert run.rc == 0, run
        if plugin == "inventory":
            assert "ACME-SRV01" in json.loads(run.stdout)["_meta"]["hostvars"], run
        else:
            assert "ACME-SRV01" in run.stdout, run
        return
    assert run.rc != 0, run
    line = run.line(MARKER[plugin])
    check_line(line[line.index(MARKER[plugin]):], fault, PLUGIN_READ)
    if fault not in CONNECTION_FAULTS:
        assert len(requests_to(sim, PLUGIN_READ, expect=expected_attempts(fault))) == expected_attempts(fault), (run, sim.log())


@pytest.mark.parametrize("plugin,kind", [(p, k) for p in PLUGINS for k in ("drop", "status_502_html", "truncated_json")],
                         ids=str)
def test_plugin_transient_read_fault_recovers(fresh, tmp_path, plugin, kind):
    sim = fresh
    sim.fault(PLUGIN_READ, kind, times=2)
    run = plugin_run(plugin, dict(CONNECTION, url=sim.url, api_key=sim.keys["admin"]["api_key"], retries=2, page_size=500), tmp_path)
    assert run.rc == 0 and "ACME-SRV01" in run.stdout, run
    assert len(requests_to(sim, PLUGIN_READ)) == 3, sim.log()


@pytest.mark.parametrize("plugin", PLUGINS)
@pytest.mark.parametrize("how", ["validate_certs_false", "ca_path"])
def test_plugin_tls_options_make_it_work(sim_tls, tmp_path, plugin, how):
    opts = dict(CONNECTION, url=sim_tls.url, api_key=sim_tls.keys["admin"]["api_key"])
    if how == "ca_path":
        opts["ca_path"] = sim_tls.ca_path
    else:
        opts["validate_certs"] = False
    run = plugin_run(plugin, opts, tmp_path)
    assert run.rc == 0 and "ACME-SRV01" in run.stdout, run
    assert "InsecureRequestWarning" not in run.output, run
