"""Start a simulator in a subprocess from tests.

    from itflow_sim.testing import start_simulator
    with start_simulator(profile="26.08", seed="empty") as sim:
        requests.get(sim.url + "/api/v1/clients/read.php", params={"api_key": sim.keys["admin"]["api_key"]})

``start_simulator(tls=True)`` serves HTTPS with a self-signed certificate made for the run (for
127.0.0.1 and localhost); ``sim.ca_path`` is its PEM file, the one CA that verifies it.
"""

import datetime
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START_TIMEOUT = 20


class SimulatorError(RuntimeError):
    """The simulator did not start, or a control call failed."""


class SimulatorHandle:
    """A running simulator: ``url``, ``profile``, ``keys`` (as in the keys file), ``access_log``."""

    def __init__(self, process, workdir, document, access_log, ca_path=None):
        self.process = process
        self.workdir = workdir
        self.url = document["url"]
        self.profile = document["profile"]
        self.seed = document.get("seed")
        self.keys = document["keys"]
        self.access_log = access_log
        self.ca_path = ca_path
        self._ssl_context = ssl.create_default_context(cafile=ca_path) if ca_path else None

    # -- control endpoints --------------------------------------------------------------------

    def _call(self, method, route, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + "/__sim__/" + route, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30, context=self._ssl_context) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise SimulatorError("%s /__sim__/%s: HTTP %s %s" % (method, route, exc.code, exc.read()[:300])) from None

    def info(self):
        return self._call("GET", "info")

    def log(self):
        """Every API request so far: ``[{"method", "path", "query", "status", "time"}]``."""
        return self._call("GET", "log")

    def clear_log(self):
        self._call("POST", "log/clear", {})

    def fault(self, endpoint, kind, times=1, delay=0, method=None, after_write=False):
        """Inject a fault (see README); ``endpoint`` like "assets/read.php" or "*"."""
        spec = {"endpoint": endpoint, "kind": kind, "times": times, "delay": delay, "after_write": after_write}
        if method:
            spec["method"] = method
        return self._call("POST", "faults", spec)

    def clear_faults(self):
        self._call("POST", "faults/clear", {})

    def table(self, name):
        """Raw rows of a database table (strings or null)."""
        return self._call("GET", "table/" + name)

    def reset(self):
        """Re-seed the database (the keys stay the same)."""
        self._call("POST", "reset", {})

    # -- lifetime -----------------------------------------------------------------------------

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def make_self_signed(directory, names=("localhost",), addresses=("127.0.0.1", "::1")):
    """Write ``cert.pem`` and ``key.pem`` (a self-signed certificate for ``names`` and ``addresses``,
    valid for a day) into ``directory``; return their paths. Needs the ``cryptography`` package."""
    import ipaddress  # pylint: disable=import-outside-toplevel

    from cryptography import x509  # pylint: disable=import-outside-toplevel
    from cryptography.hazmat.primitives import hashes, serialization  # pylint: disable=import-outside-toplevel
    from cryptography.hazmat.primitives.asymmetric import ec  # pylint: disable=import-outside-toplevel
    from cryptography.x509.oid import NameOID  # pylint: disable=import-outside-toplevel

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "itflow_sim"),
                         x509.NameAttribute(NameOID.COMMON_NAME, names[0] if names else "itflow_sim")])
    now = datetime.datetime.now(datetime.timezone.utc)
    alt = [x509.DNSName(name) for name in names] + [x509.IPAddress(ipaddress.ip_address(a)) for a in addresses]
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path = os.path.join(directory, "cert.pem")
    key_path = os.path.join(directory, "key.pem")
    with open(cert_path, "wb") as out:
        out.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


def start_simulator(profile="26.08", seed="demo", tls=False, **opts):
    """Start ``python -m itflow_sim`` on a free loopback port and wait for its keys file.

    ``opts``: ``assets``, ``clients``, ``db``, ``api_key``, ``decrypt_password``, ``host``,
    ``access_log`` (a path; default: a file in a private temporary directory), ``decrypt_cost``
    (seconds per credential a read returns, as ITFlow's decryption; default 0) and ``php_workers``
    (reads decrypting at once; default 8).
    ``tls``: serve HTTPS with a self-signed certificate made for this run (``handle.ca_path``)."""
    workdir = tempfile.mkdtemp(prefix="itflow-sim-")
    keys_file = os.path.join(workdir, "keys.json")
    access_log = opts.pop("access_log", None) or os.path.join(workdir, "access.log")
    ca_path = None
    if tls:
        ca_path, opts["tls_key"] = make_self_signed(workdir)
        opts["tls_cert"] = ca_path
    command = [sys.executable, "-m", "itflow_sim", "--profile", profile, "--seed", seed, "--port", "0",
               "--keys-file", keys_file, "--access-log", access_log]
    for name, value in sorted(opts.items()):
        if value is not None:
            command += ["--" + name.replace("_", "-"), str(value)]
    env = dict(os.environ)
    env["PYTHONPATH"] = PACKAGE_PARENT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    stderr_path = os.path.join(workdir, "stderr.log")
    with open(stderr_path, "wb") as stderr, open(os.path.join(workdir, "stdout.log"), "wb") as stdout:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env)  # pylint: disable=consider-using-with
    deadline = time.time() + START_TIMEOUT
    while time.time() < deadline:
        if os.path.exists(keys_file):
            with open(keys_file, encoding="utf-8") as handle:
                document = json.load(handle)
            return SimulatorHandle(process, workdir, document, access_log, ca_path=ca_path)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)
    with open(stderr_path, encoding="utf-8", errors="replace") as handle:
        stderr_text = handle.read()
    shutil.rmtree(workdir, ignore_errors=True)
    raise SimulatorError("ITFlow simulator (%s, %s) did not start within %ss (exit code %s). stderr:\n%s" % (
        profile, seed, START_TIMEOUT, process.returncode, stderr_text[-4000:]))
