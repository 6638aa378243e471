"""The simulator's control surface: fault injection, request/access logs, tables, reset, lifecycle.

Each fault kind must produce what its name says on the wire; checked with requests and, where
requests would hide the detail, with a raw socket.
"""

import json
import re
import socket
import time
from urllib.parse import urlparse

import pytest
import requests

from sim_raw_helpers import (
    AUTH_FAIL, TIMEOUT, Api, assert_empty, assert_html_404, assert_no_resource, body_json, uniq,
)

EP = "vendors/read"        # a read endpoint used as the fault target
WRITE_EP = "clients/create"  # a write endpoint used as the fault target


@pytest.fixture(scope="module")
def csim(sim2608):
    return sim2608


@pytest.fixture(scope="module")
def capi(csim):
    return Api(csim)


@pytest.fixture(autouse=True)
def _no_faults_left(csim):
    csim.clear_faults()
    yield
    csim.clear_faults()


def fault_target(endpoint):
    """The endpoint name as the simulator's fault() takes it."""
    return endpoint + ".php"


def normal_read_ok(capi):
    resp = capi.get(EP)
    assert resp.status_code == 200 and body_json(resp)["success"] == "True"


def raw_http(sim, path_qs, method="GET", body=b"", timeout=5.0):
    """Send one HTTP/1.1 request over a plain socket and return every byte the server sent."""
    u = urlparse(sim.url)
    sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
    try:
        req = ("%s %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
               % (method, path_qs, u.hostname, u.port, len(body))).encode() + body
        sock.sendall(req)
        chunks = []
        while True:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)
    finally:
        sock.close()


# ---------------------------------------------------------------------------------------------
# handle


def test_handle_attributes(csim):
    """contract: the handle has url, profile, keys (alias → api_key/decrypt_password/client_id) and access_log."""
    assert csim.profile == "26.08"
    assert re.match(r"^http://127\.0\.0\.1:\d+$", csim.url.rstrip("/"))
    for alias in ("admin", "restricted", "accountant", "expired", "revoked", "disabled_user", "no_user"):
        assert {"api_key", "decrypt_password", "client_id"} <= set(csim.keys[alias]), alias
        assert isinstance(csim.keys[alias]["api_key"], str) and len(csim.keys[alias]["api_key"]) == 32
    assert isinstance(csim.access_log, str)


# ---------------------------------------------------------------------------------------------
# fault kinds


def test_fault_latency(csim, capi):
    """fault latency: the answer is normal but arrives after the delay."""
    csim.fault(fault_target(EP), "latency", delay=0.6)
    start = time.monotonic()
    resp = capi.get(EP)
    elapsed = time.monotonic() - start
    assert elapsed >= 0.6
    assert resp.status_code == 200 and body_json(resp)["success"] == "True"
    start = time.monotonic()
    normal_read_ok(capi)
    assert time.monotonic() - start < 0.5


def test_fault_hang(csim, capi):
    """fault hang: the server never answers within the client's timeout."""
    csim.fault(fault_target(EP), "hang")
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(capi.url(EP), params={"api_key": capi.secret("admin")}, timeout=1.0)
    normal_read_ok(capi)


def test_fault_drop(csim, capi):
    """fault drop: the connection is closed without any response (requests ConnectionError; raw socket gets no bytes)."""
    csim.fault(fault_target(EP), "drop", times=2)
    with pytest.raises(requests.exceptions.ConnectionError):
        capi.get(EP)
    raw = raw_http(csim, "/api/v1/%s.php?api_key=%s" % (EP, capi.secret("admin")))
    assert raw == b""
    normal_read_ok(capi)


def test_fault_status_500_empty(csim, capi):
    """fault status_500_empty: HTTP 500 with an empty body."""
    csim.fault(fault_target(EP), "status_500_empty")
    assert_empty(capi.get(EP), 500)
    normal_read_ok(capi)


def test_fault_status_502_html(csim, capi):
    """fault status_502_html: HTTP 502 with an HTML (proxy) page, not JSON."""
    csim.fault(fault_target(EP), "status_502_html")
    resp = capi.get(EP)
    assert resp.status_code == 502
    assert "text/html" in resp.headers.get("Content-Type", "")
    assert resp.text.lstrip().startswith("<")
    with pytest.raises(ValueError):
        json.loads(resp.content)


def test_fault_malformed_json(csim, capi):
    """fault malformed_json: HTTP 200, non-empty body that does not parse as JSON."""
    csim.fault(fault_target(EP), "malformed_json")
    resp = capi.get(EP)
    assert resp.status_code == 200 and resp.content
    with pytest.raises(ValueError):
        json.loads(resp.content)


def test_fault_truncated_json(csim, capi):
    """fault truncated_json: HTTP 200, the start of a JSON document cut short (does not parse); raw socket sees the cut body."""
    csim.fault(fault_target(EP), "truncated_json", times=2)
    raw = raw_http(csim, "/api/v1/%s.php?api_key=%s" % (EP, capi.secret("admin")))
    head, _sep, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.") and b" 200" in head.split(b"\r\n")[0]
    assert body.startswith(b"{")
    with pytest.raises(ValueError):
        json.loads(body)
    try:
        resp = requests.get(capi.url(EP), params={"api_key": capi.secret("admin")}, timeout=TIMEOUT)
    except requests.exceptions.RequestException:
        resp = None  # a Content-Length larger than the body is a legitimate way to truncate
    if resp is not None:
        with pytest.raises(ValueError):
            json.loads(resp.content)
    normal_read_ok(capi)


def test_fault_status_401_empty(csim, capi):
    """fault status_401_empty: HTTP 401 with an empty body, even for a valid key."""
    csim.fault(fault_target(EP), "status_401_empty")
    assert_empty(capi.get(EP), 401)


def test_fault_status_403(csim, capi):
    """fault status_403: HTTP 403 with an ITFlow-style JSON failure."""
    csim.fault(fault_target(EP), "status_403")
    resp = capi.get(EP)
    assert resp.status_code == 403
    assert body_json(resp)["success"] == "False"


def test_fault_html_404(csim, capi):
    """fault html_404: an existing endpoint answers Apache's HTML 404."""
    csim.fault(fault_target(EP), "html_404")
    assert_html_404(capi.get(EP))
    normal_read_ok(capi)


def test_fault_status_405(csim, capi):
    """fault status_405: HTTP 405."""
    csim.fault(fault_target(EP), "status_405")
    assert capi.get(EP).status_code == 405
    normal_read_ok(capi)


def test_fault_times_is_honoured(csim, capi):
    """fault times=N: exactly the next N matching requests are faulted, then normal service."""
    csim.fault(fault_target(EP), "status_500_empty", times=3)
    assert [capi.get(EP).status_code for _i in range(4)] == [500, 500, 500, 200]


def test_fault_only_hits_its_endpoint_and_method(csim, capi):
    """fault endpoint/method: other endpoints and other methods are unaffected."""
    csim.fault(fault_target(WRITE_EP), "status_500_empty", method="POST")
    assert capi.get("assets/read").status_code == 200
    resp = capi.get(WRITE_EP)
    assert resp.status_code == 405 and body_json(resp)["success"] == "False"
    assert_empty(capi.post(WRITE_EP, {"client_name": uniq()}), 500)
    data = body_json(capi.post(WRITE_EP, {"client_name": uniq()}))
    assert data["success"] == "True"


def test_fault_before_and_after_write(csim, capi):
    """fault after_write: False → the write does not happen; True → it happens, then the fault answers."""
    before_name, after_name = uniq("nowrite"), uniq("afterwrite")
    csim.fault(fault_target(WRITE_EP), "status_500_empty")
    assert_empty(capi.post(WRITE_EP, {"client_name": before_name}), 500)
    assert capi.rows("clients/read", {"client_name": before_name}) == []
    csim.fault(fault_target(WRITE_EP), "drop", after_write=True)
    with pytest.raises(requests.exceptions.ConnectionError):
        capi.post(WRITE_EP, {"client_name": after_name})
    assert [r["client_name"] for r in capi.rows("clients/read", {"client_name": after_name})] == [after_name]


def test_clear_faults(csim, capi):
    """clear_faults: pending faults are dropped."""
    csim.fault(fault_target(EP), "status_500_empty", times=5)
    csim.clear_faults()
    normal_read_ok(capi)


# ---------------------------------------------------------------------------------------------
# logs


def test_request_log_records_full_urls_never_bodies(csim, capi):
    """log(): method, path, query (full), status, time per request; POST bodies are never recorded."""
    csim.clear_log()
    assert csim.log() == []
    marker = uniq("qmarker")
    secret_body = uniq("BODYSECRET")
    capi.get(EP, {"vendor_name": marker})
    capi.post(WRITE_EP, {"client_name": secret_body})
    capi.get(EP, key=None)
    entries = csim.log()
    assert [e["method"] for e in entries] == ["GET", "POST", "GET"]
    assert [e["status"] for e in entries] == [200, 200, 401]
    assert entries[0]["path"].endswith("/api/v1/vendors/read.php")
    assert "vendor_name=" + marker in entries[0]["query"] and "api_key=" in entries[0]["query"]
    assert entries[1]["path"].endswith("/api/v1/clients/create.php")
    for e in entries:
        assert {"method", "path", "query", "status", "time"} <= set(e)
    assert secret_body not in json.dumps(entries, default=str)


def test_access_log_apache_style(csim, capi):
    """access_log: Apache-style lines with the full request URL and status; POST bodies never written."""
    marker = uniq("alog")
    secret_body = uniq("BODYSECRET")
    capi.get(EP, {"vendor_name": marker})
    capi.post(WRITE_EP, {"client_name": secret_body})
    with open(csim.access_log, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    assert re.search(r'"GET /api/v1/vendors/read\.php\?[^"]*vendor_name=%s[^"]* HTTP/1\.[01]" 200 ' % re.escape(marker), text)
    assert re.search(r'"POST /api/v1/clients/create\.php HTTP/1\.[01]" 200 ', text)
    assert secret_body not in text


def test_a_request_is_in_both_logs_once_its_answer_is_in_hand(csim, capi):
    """Both logs are written before the answer is sent: a test that clears the log right after its
    own set-up requests never finds one of them there afterwards (the race seen in CI at stop 20)."""
    for attempt in range(300):
        marker = uniq("race%d" % attempt)
        capi.get(EP, {"vendor_name": marker})
        with open(csim.access_log, encoding="utf-8", errors="replace") as fh:
            assert marker in fh.read().splitlines()[-1]
        entries = csim.log()
        assert marker in entries[-1]["query"], entries[-3:]
        csim.clear_log()
        assert csim.log() == []


def test_clear_log(csim, capi):
    """clear_log(): the request log starts again from empty."""
    capi.get(EP)
    assert csim.log()
    csim.clear_log()
    assert csim.log() == []
    capi.get(EP)
    assert len(csim.log()) == 1


# ---------------------------------------------------------------------------------------------
# data control


def test_table_reset_and_seeds(csim, capi):
    """table() returns raw rows; reset() re-seeds (API-made records vanish, seeded clients remain)."""
    name = uniq("gone-after-reset")
    new_id = capi.create("clients/create", {"client_name": name})
    assert [r for r in csim.table("clients") if str(r["client_id"]) == str(new_id)]
    csim.reset()
    assert_no_resource(capi.get("clients/read", {"client_name": name}))
    names = [r["client_name"] for r in capi.rows("clients/read", {"limit": 1000000})]
    assert names[:2] == ["Acme Corp", "Globex Inc"]
    assert capi.rows("assets/read")


def test_empty_seed(api_empty, sim2608_empty):
    """seed empty: only the two clients (plus keys/users/statuses); no assets, contacts or vendors."""
    assert [r["client_name"] for r in api_empty.rows("clients/read", {"limit": 1000000})][:2] == ["Acme Corp", "Globex Inc"]
    assert_no_resource(api_empty.get("contacts/read"))
    assert_no_resource(api_empty.get("vendors/read"))
    assert_json_auth = api_empty.get("vendors/read", key="expired")
    assert body_json(assert_json_auth) == {"success": "False", "message": AUTH_FAIL}


def test_context_manager_stops_server():
    """start_simulator() works as a context manager; leaving it stops the server."""
    from itflow_sim.testing import start_simulator

    with start_simulator(profile="26.04", seed="empty") as sim:
        url = sim.url
        assert sim.profile == "26.04"
        api = Api(sim)
        assert [r["client_name"] for r in api.rows("clients/read")][:2] == ["Acme Corp", "Globex Inc"]
        assert {"admin", "restricted", "client2", "expired", "revoked"} <= set(sim.keys)
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(url + "/api/v1/clients/read.php", timeout=2)
