"""The modelled cost of credential decryption (ITFLOW-API.md §7): per returned row, in parallel across
requests, and the 26.04 all-clients key's client_id filter that limits it (ITFLOW-API-26.04.md §2.3)."""

import json
import threading
import time
import urllib.parse
import urllib.request

import pytest

COST = 0.05  # seconds per decrypted credential (a real server: about 0.2)


def _start(profile):
    from itflow_sim.testing import start_simulator  # noqa: E402  (the simulator under test)

    return start_simulator(profile=profile, seed="demo", decrypt_cost=COST, php_workers=4)


@pytest.fixture(scope="module")
def sim_cost():
    """26.08 with 20 credentials: 17 seeded here and the 3 of the demo seed, before any of this module's tests."""
    sim = _start("26.08")
    _seed(sim, 17)
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def sim_cost_2604():
    sim = _start("26.04")
    yield sim
    sim.stop()


def call(sim, endpoint, query=None, body=None, key="admin", method="GET", decrypt_in_query=False):
    keys = sim.keys[key]
    body = dict(body or {}, api_key=keys["api_key"])
    query = dict(query or {})
    if decrypt_in_query:
        query["api_key_decrypt_password"] = keys["decrypt_password"]
    elif method == "GET":
        body["api_key_decrypt_password"] = keys["decrypt_password"]
    url = "%s/api/v1/%s%s" % (sim.url, endpoint, ("?" + urllib.parse.urlencode(query)) if query else "")
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method=method)
    start = time.time()
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read().decode())
    return answer, time.time() - start


def _seed(sim, count, decrypt_in_body=True, clients=(1, 2)):
    for n in range(count):
        body = {"credential_name": "cost %d" % n, "credential_password": "pw%d" % n, "client_id": clients[n % len(clients)],
                "api_key_decrypt_password": sim.keys["admin"]["decrypt_password"]}
        answer, _unused = call(sim, "credentials/create.php", body=body, method="POST")
        assert answer["success"] == "True", answer


def test_each_returned_credential_costs_its_decryption(sim_cost):
    sim = sim_cost
    answer, seconds = call(sim, "credentials/read.php", {"limit": 20})
    assert answer["count"] == 20
    assert 20 * COST <= seconds < 20 * COST + 0.6, seconds
    answer, seconds = call(sim, "credentials/read.php", {"credential_id": 1})
    assert answer["count"] == 1 and COST <= seconds < COST + 0.4, seconds


def test_no_decrypt_password_costs_nothing(sim_cost):
    keys = sim_cost.keys["admin"]
    request = urllib.request.Request("%s/api/v1/credentials/read.php" % sim_cost.url, data=json.dumps({"api_key": keys["api_key"]}).encode(),
                                     method="GET")
    start = time.time()
    with urllib.request.urlopen(request, timeout=60) as response:
        assert json.loads(response.read().decode())["success"] == "False"
    assert time.time() - start < 0.3


def test_parallel_pages_decrypt_in_parallel(sim_cost):
    """Four pages of 5 at once take the time of one page (four PHP workers), not of four."""
    sim = sim_cost
    times = {}

    def page(offset):
        times[offset] = call(sim, "credentials/read.php", {"limit": 5, "offset": offset})

    start = time.time()
    threads = [threading.Thread(target=page, args=(o,)) for o in (0, 5, 10, 15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - start
    assert all(times[o][0]["count"] == 5 for o in times)
    assert elapsed < 2 * 5 * COST + 0.3, elapsed  # sequentially: 20 x COST = 1.0 s


def test_workers_bound_the_parallelism(sim_cost):
    """Eight pages at once with four workers: two rounds."""
    sim = sim_cost
    start = time.time()
    threads = [threading.Thread(target=call, args=(sim, "credentials/read.php", {"limit": 2, "offset": o})) for o in range(0, 16, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.time() - start >= 2 * 2 * COST - 0.02


def test_2604_all_clients_key_client_id_filter_limits_rows_and_cost(sim_cost_2604):
    sim = sim_cost_2604
    _seed(sim, 20)  # 10 for client 1, 10 for client 2
    everything, all_seconds = call(sim, "credentials/read.php", {"limit": 100}, decrypt_in_query=True)
    one, one_seconds = call(sim, "credentials/read.php", {"limit": 100, "client_id": 2}, decrypt_in_query=True)
    assert everything["count"] == 23
    assert one["count"] == 11 and all(r["credential_client_id"] == "2" for r in one["data"])
    assert one_seconds < all_seconds - 10 * COST + 0.2, (one_seconds, all_seconds)
    globals_only, _unused = call(sim, "credentials/read.php", {"limit": 100, "client_id": 0}, decrypt_in_query=True)
    assert [r["credential_name"] for r in globals_only["data"]] == ["Global Registrar"]
    # a client-scoped key ignores client_id: its own client only
    scoped, _unused = call(sim, "credentials/read.php", {"limit": 100, "client_id": 2}, key="restricted", decrypt_in_query=True)
    assert scoped["count"] == 11 and all(r["credential_client_id"] == "1" for r in scoped["data"])


def test_2608_ignores_client_id(sim_cost):
    answer, _unused = call(sim_cost, "credentials/read.php", {"limit": 100, "client_id": 2})
    assert len(set(r["credential_client_id"] for r in answer["data"])) == 3
