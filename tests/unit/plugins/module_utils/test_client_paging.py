# -*- coding: utf-8 -*-
"""Paging of the client against a scripted ITFlow: an empty 500 told apart (PHP out of memory or a database
outage, issue #13 item 4) and credentials read in small pages, several at once (issue #17)."""
from __future__ import absolute_import, division, print_function

import json
import threading
import time
import urllib.parse

import pytest
import requests

from ansible_collections.itflow.itflow.plugins.module_utils import _client
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowServerError

NO_RESOURCE = {"success": "False", "message": "No resource (for this client and company) with the specified parameter(s)."}


def _response(status, body=None):
    resp = requests.Response()
    resp.status_code = status
    resp._content = json.dumps(body).encode() if body is not None else b""
    resp.headers["Content-Type"] = "application/json"
    return resp


class FakeITFlow(object):
    """A thread-safe stand-in for ITFlow behind requests.Session.request.

    ``rows`` of one module, paged by limit/offset; ``memory_limit``: pages larger than this crash (empty 500);
    ``down``: how many requests (from now) crash with an empty 500, as during a database outage;
    ``delay_per_row``: seconds each returned row costs (credential decryption)."""

    def __init__(self, count, memory_limit=None, down=0, delay_per_row=0.0, prefix="asset", client_of=None, crash_offsets=()):
        self.rows = [{"%s_id" % prefix: str(i), "%s_name" % prefix: "row %d" % i,
                      "%s_client_id" % prefix: str(client_of(i) if client_of else 1)} for i in range(1, count + 1)]
        self.memory_limit = memory_limit
        self.down = down
        self.delay_per_row = delay_per_row
        self.crash_offsets = set(crash_offsets)  # client_id is ignored, as on 26.08
        self.calls = []
        self.sessions = set()
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()

    def __call__(self, session, method, url, params=None, data=None, headers=None, timeout=None, verify=None):
        params = dict(params or {})
        path = urllib.parse.urlparse(url).path
        with self.lock:
            self.calls.append({"path": path, "params": params, "body": json.loads(data), "thread": threading.get_ident()})
            self.sessions.add(id(session))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            crash = self.down > 0
            if crash:
                self.down -= 1
        try:
            if path.endswith("ticket_replies/read.php"):
                return _response(200, NO_RESOURCE)  # a 26.08 server
            if crash:
                return _response(500)
            limit, offset = int(params.get("limit", 50)), int(params.get("offset", 0))
            if self.memory_limit is not None and limit > self.memory_limit:
                return _response(500)
            page = self.rows[offset:offset + limit]
            if offset in self.crash_offsets:
                return _response(500)
            time.sleep(self.delay_per_row * len(page))
            if not page:
                return _response(200, NO_RESOURCE)
            return _response(200, {"success": "True", "count": len(page), "data": page})
        finally:
            with self.lock:
                self.in_flight -= 1

    def limits(self, path_end="read.php", module="assets"):
        return [c["params"].get("limit") for c in self.calls if c["path"].endswith("%s/%s" % (module, path_end))]


@pytest.fixture
def server(monkeypatch):
    holder = {}

    def install(fake):
        holder["fake"] = fake

        def request(session, *args, **kwargs):
            return fake(session, *args, **kwargs)
        monkeypatch.setattr(requests.Session, "request", request)
        return fake

    return install


def client(**kwargs):
    kwargs.setdefault("retry_backoff", 0)
    return _client.ITFlowClient("https://itflow.example/", "K" * 32, **kwargs)


# ------------------------------------------------------------------------- an empty 500: memory or outage
def test_outage_is_not_read_as_out_of_memory(server):
    """A database outage: every size fails. The page sizes are probed once each, then the page is retried at
    the configured size, and the message says it was not memory (today: 4 attempts at each of 5 sizes)."""
    fake = server(FakeITFlow(20000, down=1000))
    itflow = client(page_size=5000, retries=3)
    with pytest.raises(ITFlowServerError) as caught:
        itflow.read("assets")
    message = caught.value.message
    assert "empty HTTP 500" in message and "every page size tried" in message and "not PHP out of memory" in message, message
    assert "database outage" in message and "after 8 attempts" in message, message
    assert fake.limits() == [5000, 2500, 1250, 625, 500, 5000, 5000, 5000]
    assert "database" in caught.value.hint


def test_after_an_outage_the_read_goes_on_at_the_configured_size(server):
    """The server is back after 6 crashed requests: the rest of the read is at 5,000 rows, not at the size
    the probes reached (today: 5,000 x4, 2,500 x2, then pages of 2,500 to the end)."""
    fake = server(FakeITFlow(12000, down=6))
    itflow = client(page_size=5000, retries=3)
    rows = itflow.read("assets")
    assert len(rows) == 12000 and rows[-1]["asset_id"] == "12000"
    assert fake.limits() == [5000, 2500, 1250, 625, 500, 5000, 5000, 5000, 5000]
    assert itflow.last_read_pages["diagnosis"] == "outage"
    fake.calls[:] = []
    itflow.read("assets")
    assert fake.limits() == [5000, 5000, 5000]


def test_out_of_memory_reads_on_at_the_size_that_worked_then_next_read_starts_over(server):
    fake = server(FakeITFlow(6000, memory_limit=3000))
    itflow = client(page_size=5000, retries=3)
    rows = itflow.read("assets")
    assert [r["asset_id"] for r in rows] == [str(i) for i in range(1, 6001)]
    # no backoff retries at 5,000: a smaller page is tried at once, and it works
    assert fake.limits() == [5000, 2500, 2500, 2500]
    assert itflow.last_read_pages["diagnosis"] == "memory"
    fake.calls[:] = []
    itflow.read("assets")
    assert fake.limits()[0] == 5000, "the next read starts again at the configured page size"


def test_out_of_memory_down_to_the_floor_then_outage_is_reported(server):
    """A page that crashes at every size down to the floor is reported as a server failing whatever is asked."""
    server(FakeITFlow(3000, memory_limit=100))
    itflow = client(page_size=1000, retries=0)
    with pytest.raises(ITFlowServerError) as caught:
        itflow.read("assets")
    assert "every page size tried (1000 and 500 rows)" in caught.value.message, caught.value.message


def test_small_pages_are_retried_as_before(server):
    fake = server(FakeITFlow(10, down=2))
    itflow = client(page_size=500, retries=2)
    assert len(itflow.read("assets")) == 10
    assert fake.limits() == [500, 500, 500]


def test_transient_500_retries_without_shrinking_for_good(server):
    """One crashed request: a smaller page works, so this read goes on at that size; the next one does not."""
    fake = server(FakeITFlow(7000, down=1))
    itflow = client(page_size=5000, retries=3)
    assert len(itflow.read("assets")) == 7000
    fake.calls[:] = []
    itflow.read("assets")
    assert fake.limits() == [5000, 5000]


# ------------------------------------------------------------------------- credentials: parallel pages
def test_credentials_are_read_in_small_pages_several_at_once(server):
    fake = server(FakeITFlow(230, prefix="credential", delay_per_row=0.002))
    itflow = client(decrypt_password="D" * 32, parallel_pages=4)
    rows = itflow.read("credentials", decrypt=True)
    assert [r["credential_id"] for r in rows] == [str(i) for i in range(1, 231)]
    limits = fake.limits(module="credentials")
    assert limits[0] == _client.FIRST_PAGE_SIZE and set(limits[1:]) == {_client.PARALLEL_PAGE_SIZE}
    offsets = sorted(int(c["params"]["offset"]) for c in fake.calls if c["path"].endswith("credentials/read.php"))
    # a first page of 5 alone, then every page of 25 up to the short one (offset 205), and at most parallel_pages - 1 past it
    assert offsets[:10] == [0] + list(range(5, 230, 25))
    assert len(offsets) <= 10 + 3
    assert fake.max_in_flight == 4
    # one session per thread: requests.Session is not thread-safe
    threads = set(c["thread"] for c in fake.calls)
    assert len(fake.sessions) == len(threads) > 1
    for call in fake.calls:
        if call["path"].endswith("ticket_replies/read.php"):
            assert "api_key_decrypt_password" not in call["body"]  # the key-model probe needs none
            continue
        assert call["body"]["api_key_decrypt_password"] == "D" * 32
        assert "api_key_decrypt_password" not in call["params"] and "api_key" not in call["params"]


def test_parallel_read_is_faster(server):
    """0.01 s per row, 200 rows: 2 s one page after another; about a quarter with 4 pages at once."""
    server(FakeITFlow(200, prefix="credential", delay_per_row=0.01))
    itflow = client(decrypt_password="D" * 32, parallel_pages=1)
    start = time.time()
    assert len(itflow.read("credentials", decrypt=True)) == 200
    sequential = time.time() - start
    itflow = client(decrypt_password="D" * 32, parallel_pages=4)
    start = time.time()
    assert len(itflow.read("credentials", decrypt=True)) == 200
    parallel = time.time() - start
    assert parallel < sequential / 2.5, (sequential, parallel)


def test_a_short_list_of_credentials_is_one_request(server):
    fake = server(FakeITFlow(4, prefix="credential"))
    itflow = client(decrypt_password="D" * 32, parallel_pages=4)
    assert len(itflow.read("credentials", decrypt=True)) == 4
    assert len([c for c in fake.calls if c["path"].endswith("credentials/read.php")]) == 1


def test_sequential_credentials_still_use_small_pages(server):
    """One page of 5,000 credentials would take 1,000 s on a real server: far past any timeout."""
    fake = server(FakeITFlow(60, prefix="credential"))
    itflow = client(decrypt_password="D" * 32, parallel_pages=1)
    assert len(itflow.read("credentials", decrypt=True)) == 60
    assert fake.limits(module="credentials") == [25, 25, 25]
    assert fake.max_in_flight == 1


def test_a_read_by_id_is_never_parallel(server):
    fake = server(FakeITFlow(100, prefix="credential"))
    itflow = client(decrypt_password="D" * 32, parallel_pages=4)
    itflow.read("credentials", {"credential_id": 5}, decrypt=True)
    assert fake.max_in_flight == 1


def test_parallel_failure_is_reported_once(server):
    fake = server(FakeITFlow(100, prefix="credential", crash_offsets=[55]))
    itflow = client(decrypt_password="D" * 32, parallel_pages=4, retries=1)
    with pytest.raises(ITFlowServerError) as caught:
        itflow.read("credentials", decrypt=True)
    assert "credentials/read.php" in caught.value.message and "after 2 attempts" in caught.value.message
    assert "every page size" not in caught.value.message  # a page of 25 is never probed smaller


def test_client_id_is_a_filter_on_client_keys_and_rows_are_filtered_on_user_keys(server):
    fake = server(FakeITFlow(50, prefix="credential", client_of=lambda i: 1 + i % 2))
    itflow = client(decrypt_password="D" * 32, key_model="user")
    rows = itflow.read("credentials", decrypt=True, client_id=2)
    assert rows and all(r["credential_client_id"] == "2" for r in rows)
    assert len(rows) == 25
    assert all(c["params"].get("client_id") == 2 for c in fake.calls)
    fake.calls[:] = []
    itflow = client(decrypt_password="D" * 32, key_model="client")
    itflow.read("credentials", decrypt=True, client_id=1)
    call = fake.calls[0]
    assert call["params"]["client_id"] == 1 and call["params"]["api_key_decrypt_password"] == "D" * 32


def test_parallel_pages_must_be_positive():
    with pytest.raises(Exception) as caught:
        client(parallel_pages=0)
    assert "parallel_pages" in str(caught.value)
