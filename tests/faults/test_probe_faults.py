# -*- coding: utf-8 -*-
"""Faults on the key-model probe (ticket_replies/read.php), on 26.04 and 26.08 (issue #7).

The probe decides where the credential decrypt password goes (the query string before 26.08, the body
on 26.08), so a fault on it must be retried like any read, and a persistent one must stop the run before
the password is sent anywhere, with a message that says why that endpoint was asked.
"""

from __future__ import absolute_import, division, print_function

import pytest

from fault_harness import CONNECTION, requests_to, run_module, start_simulator  # pylint: disable=import-error

PROBE = "ticket_replies/read.php"
READ = "credentials/read.php"


@pytest.fixture(scope="module")
def sim_2604():
    handle = start_simulator(profile="26.04", seed="demo")
    yield handle
    handle.stop()


@pytest.fixture(params=["26.04", "26.08"])
def server(request, sim_2604, sim):
    handle = sim_2604 if request.param == "26.04" else sim
    handle.clear_faults()
    handle.clear_log()
    yield handle
    handle.clear_faults()


def credential(server, **extra):
    """The demo seed's Acme credential, declared as it is (check mode: reads only)."""
    key = server.keys["admin"]
    args = dict(CONNECTION, url=server.url, api_key=key["api_key"], decrypt_password=key["decrypt_password"], client=1,
                name="Domain Admin", username="administrator", password="S3cret!", _ansible_check_mode=True)
    args.update(extra)
    return run_module("itflow_credential", args)


def password_in_query(server):
    return ["api_key_decrypt_password" in e["query"] for e in requests_to(server, READ)]


@pytest.mark.parametrize("kind", ["status_500_empty", "drop", "status_502_html"])
def test_transient_probe_fault_is_retried(server, kind):
    server.fault(PROBE, kind, times=1)
    run = credential(server)
    assert not run.failed and run.result["changed"] is False, run
    assert len(requests_to(server, PROBE)) == 2
    # the right model after all: the password in the query string only before 26.08
    assert password_in_query(server) == [server.profile == "26.04"]


@pytest.mark.parametrize("kind", ["status_500_empty", "status_401_empty", "hang"])
def test_persistent_probe_fault_stops_before_the_password_is_sent(server, kind):
    server.fault(PROBE, kind, times=-1)
    run = credential(server, timeout=0.4)
    assert run.failed, run
    assert "\n" not in run.msg and PROBE in run.msg and "key_model" in run.msg and "probe" in run.msg, run
    assert not requests_to(server, READ)
    attempts = 1 if kind == "status_401_empty" else 2  # retried once (CONNECTION), but a 401 never is
    assert len(requests_to(server, PROBE, expect=attempts)) == attempts


def test_403_on_the_probe_means_user_keys(sim):
    """ITFlow 26.08 answers 403 to a key whose role may not read ticket replies: still the 26.08 model."""
    sim.clear_log()
    sim.fault(PROBE, "status_403", times=1)
    try:
        run = credential(sim)
    finally:
        sim.clear_faults()
    assert not run.failed, run
    assert password_in_query(sim) == [False]


def test_key_model_set_skips_the_probe(server):
    server.fault(PROBE, "status_500_empty", times=-1)
    run = credential(server, key_model="client" if server.profile == "26.04" else "user")
    assert not run.failed, run
    assert not requests_to(server, PROBE)
