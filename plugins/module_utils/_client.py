# -*- coding: utf-8 -*-
# Copyright: itflow.itflow contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection, shared by modules and plugins.

It speaks ITFlow's API v1 as real servers do (see docs/versions.md):

* the API key (and, on 26.08 and later, the credential decrypt password) goes in the
  JSON body of every request, GET included, so no secret reaches a URL or a web
  server's access log. Servers before 26.08 read the decrypt password only from the
  query string; that is the one place a secret is put in a URL, because the server
  leaves no other way;
* the ``"True"``/``"False"`` envelope becomes values or typed exceptions;
* reads are paged until a short page, and retried with backoff; writes never are;
* an empty HTTP 500 is told apart: PHP out of memory on a large page (a smaller page
  works) or a server that fails at every size (a database outage: retried at the
  configured size, never read on in smaller pages);
* credentials, which ITFlow decrypts row by row (about 0.2 s each), are read in small
  pages, ``parallel_pages`` at a time, one HTTP session per thread.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - depends on the environment
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.itflow.itflow.plugins.module_utils._errors import (
    ITFlowConnectionError,
    ITFlowEndpointMissing,
    ITFlowError,
    ITFlowInputError,
    ITFlowMethodError,
    ITFlowPermissionError,
    ITFlowRejected,
    ITFlowResponseError,
    ITFlowServerError,
    ITFlowTLSError,
    ITFlowWriteFailed,
)
from ansible_collections.itflow.itflow.plugins.module_utils._envelope import (
    connection_reason,
    parse_response,
    rows_of,
    tls_reason,
)
from ansible_collections.itflow.itflow.plugins.module_utils._version import COLLECTION_VERSION

DEFAULT_PAGE_SIZE = 5000
# An empty 500 on a page larger than this is probed with smaller pages (PHP out of memory?).
MIN_PAGE_SIZE = 500
# Pages read concurrently when the server does per-row work (credentials: decryption).
DEFAULT_PARALLEL_PAGES = 4
# Rows per page of a parallel read: small, so that the last round of pages ends close together
# and no single request runs long (25 credentials take about 5 s on a real server).
PARALLEL_PAGE_SIZE = 25
# The first page of a parallel read, alone: a short list (the usual case) is one quick request.
FIRST_PAGE_SIZE = 5
USER_AGENT = "itflow.itflow-ansible/%s" % COLLECTION_VERSION

# Key models: 26.08 ties keys to users with roles ("user"); every earlier ITFlow
# scopes keys to all clients or one client ("client").
KEY_MODEL_USER = "user"
KEY_MODEL_CLIENT = "client"


def normalize_url(url):
    """Return the server's base URL, accepting it with or without ``/api/v1``."""
    if not url or not isinstance(url, str) or not url.strip():
        raise ITFlowInputError("No ITFlow URL given: set url (or the ITFLOW_URL environment variable) to the address of your ITFlow server.")
    scheme, sep, rest = url.strip().partition("://")
    url = url.strip().rstrip("/")
    if not sep or not scheme.isalpha():
        raise ITFlowInputError("The ITFlow URL %r has no scheme: write it as https://itflow.example.com (or http:// for a local test server)." % url)
    if scheme.lower() not in ("http", "https"):
        raise ITFlowInputError("The ITFlow URL %r uses %s://; ITFlow is reached over https:// (or http:// for a local test server)." % (url, scheme))
    if not rest or rest.startswith("/"):
        raise ITFlowInputError("The ITFlow URL %r names no host: write it as https://itflow.example.com." % url)
    if "?" in url or "#" in url:
        raise ITFlowInputError("The ITFlow URL must not contain a query string or fragment; give only the server's address.")
    for suffix in ("/api/v1", "/api"):
        if url.lower().endswith(suffix):
            url = url[:-len(suffix)]
    return url


class ITFlowClient(object):
    """A keep-alive session to one ITFlow server with one API key."""

    def __init__(self, url, api_key, validate_certs=True, ca_path=None, timeout=30, retries=3,
                 retry_backoff=1.0, page_size=DEFAULT_PAGE_SIZE, decrypt_password=None, key_model="auto", log=None,
                 parallel_pages=DEFAULT_PARALLEL_PAGES):
        if not HAS_REQUESTS:
            raise ITFlowInputError("The Python library 'requests' is required on the host that talks to ITFlow (pip install requests).")
        self.base_url = normalize_url(url)
        if not api_key or not str(api_key).strip():
            raise ITFlowInputError(
                "No ITFlow API key given: set api_key (or the ITFLOW_API_KEY environment variable) to a key made in ITFlow's Admin > API Keys.")
        self._api_key = str(api_key).strip()
        self._decrypt_password = decrypt_password or None
        self.verify = ca_path if ca_path else bool(validate_certs)
        self.timeout = float(timeout)
        self.retries = max(0, int(retries))
        self.retry_backoff = max(0.0, float(retry_backoff))
        self.page_size = int(page_size)
        if self.page_size < 1:
            raise ITFlowInputError("page_size must be a positive number (ITFlow answers 'No resource' to limit=0 and crashes on a negative limit).")
        if key_model not in ("auto", KEY_MODEL_USER, KEY_MODEL_CLIENT):
            raise ITFlowInputError("key_model must be one of auto, user, client.")
        self._key_model = None if key_model == "auto" else key_model
        self._endpoints = {}  # has_endpoint's answers
        self.parallel_pages = DEFAULT_PARALLEL_PAGES if parallel_pages is None else int(parallel_pages)
        if self.parallel_pages < 1:
            raise ITFlowInputError("parallel_pages must be at least 1 (1 reads pages one after another).")
        self._log = log
        self.session = self._new_session()
        self._owner = threading.get_ident()  # the thread that made the client uses self.session
        self._local = threading.local()  # worker threads of a parallel read: a session each
        self._worker_sessions = []
        self._stats_lock = threading.Lock()
        self.requests_made = 0
        self.seconds_spent = 0.0
        self.last_read_pages = None  # how the last paged read went: for debugging and tests

    @staticmethod
    def _new_session():
        session = requests.Session()
        session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        return session

    def _session(self):
        """This thread's session: requests.Session is not thread-safe."""
        if threading.get_ident() == self._owner:
            return self.session
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = self._new_session()
            with self._stats_lock:
                self._worker_sessions.append(session)
        return session

    @property
    def has_decrypt_password(self):
        return bool(self._decrypt_password)

    # ------------------------------------------------------------------ transport
    def _debug(self, text):
        if self._log:
            self._log(text)

    def _send(self, method, endpoint, query, body):
        """One HTTP exchange; returns the parsed envelope or raises a typed error."""
        url = "%s/api/v1/%s" % (self.base_url, endpoint)
        payload = {"api_key": self._api_key}
        payload.update(body or {})
        start = time.time()
        with self._stats_lock:
            self.requests_made += 1
        try:
            with warnings.catch_warnings():
                if self.verify is False:
                    # validate_certs: false was asked for: urllib3's warning on every request adds nothing.
                    warnings.simplefilter("ignore")
                resp = self._session().request(method, url, params=query or None, data=json.dumps(payload),
                                               headers={"Content-Type": "application/json"},
                                               timeout=self.timeout, verify=self.verify)
        except requests.exceptions.SSLError as exc:
            raise ITFlowTLSError(
                "TLS verification failed talking to %s (%s): %s." % (self.base_url, endpoint, tls_reason(exc)), endpoint=endpoint,
                hint="Point ca_path (ITFLOW_CA_PATH) at the CA bundle that signed the server's certificate, or set validate_certs: false for a test server.")
        except requests.exceptions.ConnectTimeout:
            raise ITFlowConnectionError(
                "Could not connect to ITFlow at %s (%s) within %s seconds." % (self.base_url, endpoint, self._fmt_timeout()), endpoint=endpoint,
                hint="Check url (ITFLOW_URL) and that no firewall drops the connection, or raise timeout (ITFLOW_TIMEOUT).")
        except requests.exceptions.Timeout:
            raise ITFlowConnectionError(
                "ITFlow at %s did not answer %s within %s seconds." % (self.base_url, endpoint, self._fmt_timeout()), endpoint=endpoint,
                hint="Check that the server is up and not overloaded, or raise timeout (ITFLOW_TIMEOUT).")
        except requests.exceptions.ConnectionError as exc:
            raise ITFlowConnectionError(
                "Could not reach ITFlow at %s (%s): %s." % (self.base_url, endpoint, connection_reason(exc)), endpoint=endpoint,
                hint="Check url (ITFLOW_URL), DNS and that the server is listening.")
        except requests.exceptions.RequestException as exc:
            raise ITFlowConnectionError("Request to ITFlow %s failed: %s." % (endpoint, type(exc).__name__), endpoint=endpoint)
        finally:
            with self._stats_lock:
                self.seconds_spent += time.time() - start
        self._debug("ITFlow %s %s -> HTTP %s in %.3fs" % (method, endpoint, resp.status_code, time.time() - start))
        return parse_response(resp, endpoint)

    def _fmt_timeout(self):
        return ("%g" % self.timeout)

    def _send_read(self, endpoint, query, body):
        """Send a read, retrying connection errors, 5xx and broken bodies with backoff."""
        attempt = 0
        while True:
            try:
                return self._send("GET", endpoint, query, body)
            except (ITFlowConnectionError, ITFlowServerError, ITFlowResponseError) as exc:
                if attempt >= self.retries or isinstance(exc, ITFlowTLSError):
                    if attempt:
                        exc.message = "%s (after %d attempts)." % (exc.message.rstrip("."), attempt + 1)
                    raise
                delay = self.retry_backoff * (2 ** attempt)
                self._debug("ITFlow %s failed (%s); retrying in %.1fs" % (endpoint, exc.message, delay))
                time.sleep(delay)
                attempt += 1

    # ------------------------------------------------------------------ reads
    def read(self, module, filters=None, paged=True, decrypt=False, op="read", client_id=None, parallel=None):
        """Return every row of ``<module>/<op>.php`` for ``filters``, as a list of dicts.

        "No resource" is an empty list. With ``paged`` the rows are fetched
        ``page_size`` at a time until a short page; ITFlow has no total.

        ``decrypt`` (credentials): ITFlow decrypts every row it returns, about 0.2 s each, so
        the pages are small (at most PARALLEL_PAGE_SIZE rows) and, for a plain list,
        ``parallel_pages`` of them are read at a time. ``parallel`` forces that on or off.

        ``client_id``: only that client's rows are returned. Servers before 26.08 (key model
        "client") filter on it for an all-clients key, so only that client's credentials are
        decrypted there; 26.08 ignores it, and the rows are filtered here in every case.
        """
        endpoint = "%s/%s.php" % (module, op)
        query = dict((k, v) for k, v in (filters or {}).items() if v is not None)
        if client_id is not None:
            query.setdefault("client_id", int(client_id))
        body = {}
        if decrypt:
            query, body = self._with_decrypt_password(query, body)
        if not paged:
            rows = rows_of(self._send_read(endpoint, query, body), endpoint)
        else:
            size = min(self.page_size, PARALLEL_PAGE_SIZE) if decrypt else self.page_size
            if parallel is None:
                plain_list = not (set(query) - {"client_id", "api_key_decrypt_password"})
                parallel = decrypt and plain_list
            if parallel and self.parallel_pages > 1:
                rows = self._read_parallel(endpoint, query, body, min(size, MIN_PAGE_SIZE))
            else:
                rows = self._read_sequential(endpoint, query, body, size)
        if client_id is not None:
            column = _client_column(module)
            rows = [r for r in rows if column not in r or _int(r.get(column)) == int(client_id)]
        return rows

    def _read_sequential(self, endpoint, query, body, limit):
        rows = []
        seen_first = None
        offset = 0
        self.last_read_pages = {"endpoint": endpoint, "sizes": [], "diagnosis": None}
        while True:
            page, limit = self._read_page(endpoint, query, body, offset, limit)
            self.last_read_pages["sizes"].append(limit)
            if page and seen_first is not None and page[0] == seen_first:
                break  # the endpoint ignores limit/offset for this filter (single-record lookup)
            if page:
                seen_first = page[0]
            rows.extend(page)
            if len(page) < limit:
                break
            offset += len(page)
        return rows

    def _read_parallel(self, endpoint, query, body, size):
        """A first page of FIRST_PAGE_SIZE rows alone (a short one is the whole list: one quick
        request); then pages of ``size`` rows, parallel_pages of them in flight at once in a
        sliding window, until the first short page. Pages past the end answer "No resource" at
        once (nothing to decrypt). Worker threads have an HTTP session each (requests.Session is
        not thread-safe)."""
        first_size = min(size, FIRST_PAGE_SIZE)
        self.last_read_pages = {"endpoint": endpoint, "sizes": [first_size], "diagnosis": None, "parallel": self.parallel_pages}
        rows = self._read_page(endpoint, query, body, 0, first_size, False)[0]
        if len(rows) < first_size:
            return rows
        first = rows[0]
        futures = {}
        try:
            with ThreadPoolExecutor(max_workers=self.parallel_pages) as executor:
                def submit(index):
                    offset = first_size + index * size
                    futures[index] = executor.submit(self._read_page, endpoint, query, body, offset, size, False)

                try:
                    for index in range(self.parallel_pages):
                        submit(index)
                    index = 0
                    while True:
                        page = futures.pop(index).result()[0]
                        self.last_read_pages["sizes"].append(size)
                        if page and page[0] == first:
                            break  # the endpoint ignores limit/offset
                        rows.extend(page)
                        if len(page) < size:
                            break
                        submit(index + self.parallel_pages)
                        index += 1
                finally:
                    for future in futures.values():
                        future.cancel()  # pages not started yet; those in flight end on their own
        finally:
            with self._stats_lock:
                sessions, self._worker_sessions = self._worker_sessions, []
            for session in sessions:
                session.close()
        return rows

    def _read_page(self, endpoint, query, body, offset, limit, probe=True):
        """One page: ``(rows, the page size that worked)``, retrying with backoff.

        ITFlow answers an empty 500 both when PHP runs out of memory on a large page and when
        it cannot reach its database. Only the first is helped by a smaller page, so an empty
        500 on a page larger than MIN_PAGE_SIZE is probed at once with halved pages: if one
        works, the rest of this read goes on at that size (the next read starts again at
        page_size); if every size fails, the server is failing whatever is asked (an outage),
        and the page is retried at the size it was asked for, with backoff.
        """
        asked, failed_sizes, attempt, sent, outage = limit, [], 0, 0, None
        while True:
            try:
                sent += 1
                page = rows_of(self._send("GET", endpoint, dict(query, limit=limit, offset=offset), body), endpoint)
                if failed_sizes and limit != asked:
                    self.last_read_pages["diagnosis"] = "memory"
                    self._debug("ITFlow %s ran out of PHP memory on pages of %s rows (a page of %d worked): reading on at %d rows" % (
                        endpoint, _sizes_text(failed_sizes), limit, limit))
                return page, limit
            except (ITFlowConnectionError, ITFlowServerError, ITFlowResponseError) as exc:
                if isinstance(exc, ITFlowTLSError):
                    raise
                empty_500 = isinstance(exc, ITFlowServerError) and exc.status == 500 and getattr(exc, "empty_body", False)
                if empty_500 and probe and outage is None and limit > MIN_PAGE_SIZE:
                    failed_sizes.append(limit)
                    limit = max(limit // 2, MIN_PAGE_SIZE)
                    self._debug("ITFlow %s answered an empty 500 on a page of %d rows; trying %d rows (PHP out of memory?)" % (
                        endpoint, failed_sizes[-1], limit))
                    continue
                if empty_500 and outage is None and failed_sizes and limit != asked:
                    failed_sizes.append(limit)
                    limit = asked  # no size works, so it is not memory: retry the page as it was asked
                    self.last_read_pages["diagnosis"] = "outage"
                    outage = ("ITFlow crashed with an empty HTTP 500 on %s at every page size tried (%s rows): not PHP out of "
                              "memory but a server failing every request, as during a database outage." % (
                                  endpoint, _sizes_text(failed_sizes)))
                    self._debug(outage)
                if outage and empty_500:
                    exc.message = outage
                    exc.hint = "Check that ITFlow's database server is up (ITFlow's PHP error log names the cause), then run again."
                if attempt >= self.retries:
                    if sent > 1:
                        exc.message = "%s (after %d attempts)." % (exc.message.rstrip("."), sent)
                    raise
                delay = self.retry_backoff * (2 ** attempt)
                self._debug("ITFlow %s failed (%s); retrying in %.1fs" % (endpoint, exc.message, delay))
                time.sleep(delay)
                attempt += 1

    def _with_decrypt_password(self, query, body):
        if not self._decrypt_password:
            raise ITFlowInputError(
                "Reading ITFlow credentials needs the API key's decrypt password: set decrypt_password (or ITFLOW_DECRYPT_PASSWORD).")
        if self.key_model() == KEY_MODEL_USER:
            body = dict(body, api_key_decrypt_password=self._decrypt_password)
        else:
            # Servers before 26.08 read it only from the query string (see docs/security.md).
            query = dict(query, api_key_decrypt_password=self._decrypt_password)
        return query, body

    def key_model(self):
        """Tell 26.08's user-tied keys from the client-scoped keys of every earlier ITFlow.

        ITFlow 26.08 introduced user-tied keys, the credential decrypt password in the
        request body, and the ticket_replies endpoints together. A server that has
        ``ticket_replies/read.php`` (any answer but Apache's 404, 403 included) is one
        with user-tied keys; one without it scopes keys by client.
        """
        if self._key_model is None:
            try:
                self._send_read("ticket_replies/read.php", {"ticket_reply_id": 0}, {})
                self._key_model = KEY_MODEL_USER
            except ITFlowEndpointMissing:
                self._key_model = KEY_MODEL_CLIENT
            except (ITFlowPermissionError, ITFlowRejected, ITFlowMethodError):
                self._key_model = KEY_MODEL_USER
            except ITFlowError as exc:
                # Say why this endpoint was asked at all, and how to skip the question.
                exc.message = "%s (asked to tell the server's key model apart)." % exc.message.rstrip(".")
                exc.hint = "%s Setting key_model (ITFLOW_KEY_MODEL) to user (ITFlow 26.08) or client (earlier) skips this probe." % (
                    exc.hint or "")
                exc.hint = exc.hint.strip()
                raise
            self._debug("ITFlow key model: %s" % self._key_model)
        return self._key_model

    def has_endpoint(self, module, op):
        """Whether the server has ``<module>/<op>.php``, asked without writing anything (check mode's plan).

        A write endpoint answers a GET with HTTP 405 ("Can only send POST requests") once the key is
        accepted; a missing one is Apache's HTML 404. Any answer but the 404 counts as there. Asked once
        per endpoint and client.
        """
        endpoint = "%s/%s.php" % (module, op)
        if endpoint not in self._endpoints:
            try:
                self._send("GET", endpoint, {}, {})
                self._endpoints[endpoint] = True
            except ITFlowEndpointMissing:
                self._endpoints[endpoint] = False
            except ITFlowError:
                self._endpoints[endpoint] = True
        return self._endpoints[endpoint]

    # ------------------------------------------------------------------ writes
    def write(self, module, op, data, decrypt=False):
        """POST ``data`` to ``<module>/<op>.php`` once. Returns the envelope.

        A ``success: "False"`` answer raises ITFlowWriteFailed; the caller decides
        (by reading back) whether the write happened anyway, since several ITFlow
        endpoints answer failure on success.
        """
        endpoint = "%s/%s.php" % (module, op)
        body = dict(data)
        if decrypt:
            if not self._decrypt_password:
                raise ITFlowInputError(
                    "Writing ITFlow credentials needs the API key's decrypt password: set decrypt_password (or ITFLOW_DECRYPT_PASSWORD).")
            body["api_key_decrypt_password"] = self._decrypt_password
        envelope = self._send("POST", endpoint, None, body)
        if envelope.get("success") != "True":
            raise ITFlowWriteFailed(
                "ITFlow refused %s: %s" % (endpoint, envelope.get("message") or "no message"),
                endpoint=endpoint, status=200, server_message=envelope.get("message"))
        return envelope

    def close(self):
        self.session.close()


def _client_column(module):
    """The client column of a module's rows: credentials -> credential_client_id."""
    return "%s_client_id" % (module[:-1] if module.endswith("s") else module)


def _int(value):
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _sizes_text(sizes):
    sizes = ["%d" % s for s in sizes]
    return sizes[0] if len(sizes) == 1 else "%s and %s" % (", ".join(sizes[:-1]), sizes[-1])
