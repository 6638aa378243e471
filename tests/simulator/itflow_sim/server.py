"""The HTTP side: the simulator's state, the request handler, control endpoints under
``/__sim__/``, fault injection and the Apache-style access log."""

import json
import select
import socket
import ssl
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import api, crypto, faults, ops, seed
from .db import Database

CONTROL_PREFIX = "/__sim__/"
SERVER_HEADER = "Apache/2.4.62 (Debian)"
MALFORMED_JSON = b'{"success":"True","count":1,"data":[{"id":"1",,"name":'


class Simulator:
    """Everything one simulator run holds: profile, database, keys, faults and logs."""

    def __init__(self, profile="26.08", seed_name="demo", db_path=None, assets=10000, clients=500, api_key=None,
                 decrypt_password=None, access_log=None):
        if profile not in ops.PROFILES:
            raise ValueError("unknown profile %r" % profile)
        if seed_name not in ("demo", "empty", "bench"):
            raise ValueError("unknown seed %r" % seed_name)
        self.profile = profile
        self.seed_name = seed_name
        self.assets = assets
        self.clients = clients
        self.db = Database(profile, db_path)
        self.master = crypto.random_string(16)
        self.keys = seed.make_keys(profile, api_key, decrypt_password)
        self.ops = ops.table(profile)
        self.faults = faults.Faults()
        self.url = ""
        self.host_port = ("127.0.0.1", 0)
        self._log = []
        self._log_lock = threading.Lock()
        self._access_path = access_log
        self._access_lock = threading.Lock()
        self.reset()

    def reset(self):
        seed.populate(self.db, self.profile, self.seed_name, self.keys, self.master, self.assets, self.clients)

    def keys_document(self):
        return {"url": self.url, "profile": self.profile, "seed": self.seed_name,
                "keys": {k["alias"]: seed.keys_file_entry(self.profile, k) for k in self.keys}}

    def public_host_port(self):
        return self.host_port

    # -- logs ---------------------------------------------------------------------------------

    def record(self, method, path, query, status):
        with self._log_lock:
            self._log.append({"method": method, "path": path, "query": query, "status": status, "time": time.time()})

    def log_entries(self):
        with self._log_lock:
            return list(self._log)

    def clear_log(self):
        with self._log_lock:
            self._log = []

    def access(self, client_ip, request_line, status, size):
        if not self._access_path:
            return
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
        line = '%s - - [%s] "%s" %s %s\n' % (client_ip, stamp, request_line, status, size or "-")
        with self._access_lock:
            with open(self._access_path, "a", encoding="utf-8") as out:
                out.write(line)


class Handler(BaseHTTPRequestHandler):
    """Answers every method: /__sim__/ control calls, else the ITFlow API (or Apache's 404)."""

    protocol_version = "HTTP/1.1"
    _pending_log = None  # (path, query) of the request being answered, until it is logged
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stalls
    server_version = SERVER_HEADER
    sys_version = ""

    def version_string(self):
        return SERVER_HEADER

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Silence the default stderr log (the simulator writes its own access log)."""

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

    # -- plumbing -----------------------------------------------------------------------------

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _logged(self, status, size):
        """Log the request being answered (the API log and the access log), once."""
        pending, self._pending_log = self._pending_log, None
        if pending is None:
            return
        sim = self.server.sim
        path, query = pending[0], pending[1]
        if not path.startswith(CONTROL_PREFIX):
            sim.record(self.command, path, query, status)
        sim.access(self.client_address[0], self.requestline, status, size)

    def _send(self, status, body=b"", content_type=api.JSON_TYPE):
        # Logged before the answer goes out: a client holding its answer finds its request in
        # the logs (a test clears the log right after its own set-up calls, then asserts on it).
        self._logged(status, len(body))
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
        return status, len(body)

    def _hang(self, delay):
        """Keep the connection open without answering for ``delay`` seconds (0: until the client
        gives up, at most 10 minutes), then close it."""
        deadline = time.monotonic() + (delay if delay > 0 else 600)
        while time.monotonic() < deadline:
            readable, _w, _x = select.select([self.connection], [], [], min(0.2, max(0.0, deadline - time.monotonic())))
            if readable:
                try:
                    if not self.connection.recv(1, socket.MSG_PEEK):
                        break  # the client closed its end
                except (OSError, ValueError):  # ValueError: a TLS socket cannot peek; readable means closing there
                    break
        return self._drop()

    def _drop(self):
        """Close the connection without an answer."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        return 0, 0

    def _handle(self):
        parts = urllib.parse.urlsplit(self.path)
        path, query = parts.path or "/", parts.query
        body = self._read_body()
        status, size = 0, 0
        self._pending_log = (path, query)
        try:
            if path.startswith(CONTROL_PREFIX):
                status, size = self._control(path[len(CONTROL_PREFIX):], body)
            else:
                status, size = self._api(path, query, body)
        finally:
            self._logged(status, size)  # no answer was sent (hang, drop, an error)

    # -- the API ------------------------------------------------------------------------------

    def _dispatch(self, path, query, body):
        return api.dispatch(self.server.sim, self.command, path, query, body, self.client_address[0],
                            self.headers.get("User-Agent") or "")

    def _api(self, path, query, body):
        sim = self.server.sim
        fault = None
        if path.startswith("/api/v1/"):
            fault = sim.faults.take(urllib.parse.unquote(path)[len("/api/v1/"):], self.command)
        if fault is not None and not fault.after_write:
            answer = self._fault(fault, path, query, body)
            if answer is not None:
                return answer
        result = self._dispatch(path, query, body)
        if fault is not None and fault.after_write:
            if fault.kind == "hang":
                return self._hang(fault.delay)
            if fault.kind == "drop":
                return self._drop()
            return self._send(500)
        return self._send(result.status, result.body, result.content_type)

    def _fault(self, fault, path, query, body):
        """Answer for a fault that fires before the request runs (None: run it normally)."""
        kind = fault.kind
        if kind == "latency":
            time.sleep(fault.delay)
            return None
        if kind == "hang":
            return self._hang(fault.delay)
        if kind == "drop":
            return self._drop()
        if kind == "truncated_json":
            result = self._dispatch(path, query, body)
            return self._send(200, result.body[:len(result.body) // 2])
        if kind == "html_404":
            page = api.html_404(self.server.sim)
            return self._send(404, page.body, page.content_type)
        answers = {
            "status_500_empty": (500, b"", api.JSON_TYPE),
            "status_502_html": (502, faults.PROXY_502.encode("ascii"), "text/html"),
            "malformed_json": (200, MALFORMED_JSON, api.JSON_TYPE),
            "status_401_empty": (401, b"", api.JSON_TYPE),
            "status_403": (403, api.php_json({"success": "False", "message": api.NO_PERMISSION}), api.JSON_TYPE),
            "status_405": (405, ('string(%d) "%s"\n' % (len(self.command), self.command)).encode("utf-8"), api.JSON_TYPE),
        }
        return self._send(*answers[kind])

    # -- control endpoints --------------------------------------------------------------------

    def _json(self, status, obj):
        return self._send(status, json.dumps(obj).encode("utf-8"))

    def _control(self, route, body):
        sim = self.server.sim
        method = self.command
        route = route.rstrip("/")
        gets = {"info": lambda: {"profile": sim.profile, "seed": sim.seed_name, "url": sim.url},
                "log": sim.log_entries}
        posts = {"log/clear": sim.clear_log, "faults/clear": sim.faults.clear, "reset": sim.reset}
        if route in gets:
            return self._json(200, gets[route]()) if method == "GET" else self._json(405, {"error": "use GET"})
        if route in posts:
            if method != "POST":
                return self._json(405, {"error": "use POST"})
            posts[route]()
            return self._json(200, {"ok": True})
        if route == "faults":
            if method != "POST":
                return self._json(405, {"error": "use POST"})
            try:
                fault = sim.faults.add(json.loads(body.decode("utf-8") or "{}"))
            except (ValueError, TypeError, KeyError) as exc:
                return self._json(400, {"error": str(exc)})
            return self._json(200, {"ok": True, "fault": fault.as_dict()})
        if route.startswith("table/") and method == "GET":
            with sim.db.lock:
                rows = sim.db.dump(route[len("table/"):])
            if rows is None:
                return self._json(404, {"error": "no such table"})
            return self._json(200, rows)
        return self._json(404, {"error": "unknown control endpoint"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    sim = None


class _Server6(_Server):
    address_family = socket.AF_INET6


def _serve_tls(server, context):
    """Make ``server`` speak HTTPS: each connection is wrapped (and its handshake done) in its own
    thread, so a client that rejects the certificate or never speaks cannot stall the others."""
    plain_finish = server.finish_request

    def finish_request(request, client_address):
        request.settimeout(30)
        try:
            tls = context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # the client refused our certificate, or left: nothing to answer
        try:
            tls.settimeout(None)
            plain_finish(tls, client_address)
        finally:
            try:
                tls.close()
            except OSError:
                pass

    server.finish_request = finish_request


def make_server(sim, host="127.0.0.1", port=0, tls_cert=None, tls_key=None):
    """Bind (port 0 picks a free port) and return the HTTP server; ``sim.url`` is set.

    With ``tls_cert`` (a PEM certificate) and ``tls_key`` (its PEM private key) it serves HTTPS."""
    server = (_Server6 if ":" in host else _Server)((host, port), Handler)
    server.sim = sim
    if tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls_cert, tls_key)
        _serve_tls(server, context)
    bound_port = server.server_address[1]
    shown = host
    if host in ("0.0.0.0", ""):
        shown = "127.0.0.1"
    elif host == "::":
        shown = "::1"
    sim.host_port = (shown, bound_port)
    sim.url = "%s://%s:%d" % ("https" if tls_cert else "http", "[%s]" % shown if ":" in shown else shown, bound_port)
    return server
