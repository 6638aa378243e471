# -*- coding: utf-8 -*-
"""Harness of the fault matrix (issue #7): running modules, the inventory plugin and the lookup; the simulators.

Modules run as Ansible runs them, one process per run with a JSON arguments file
(``python itflow_x.py args.json`` holding ``{"ANSIBLE_MODULE_ARGS": {...}}``). To keep the matrix fast, the
process is forked from this one after ansible.module_utils and requests are imported, instead of starting a
new interpreter each time (about 0.05 s instead of 0.5 s a run); ``ITFLOW_FAULTS_EXEC=1`` starts a fresh
interpreter for every run instead. The inventory plugin runs through ``ansible-inventory`` and the lookup
through ``ansible localhost -m debug``, as a user runs them.

One simulator per test module (profile 26.08, 26.04 where the key-model probe matters), with the demo seed.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import runpy
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import pytest
from itflow_tests import REPO, checkout_collections, venv_bin  # pylint: disable=import-error

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTIONS = checkout_collections()
MODULES = os.path.join(REPO, "plugins", "modules")
EXEC = os.environ.get("ITFLOW_FAULTS_EXEC") == "1" or not hasattr(os, "fork")

# Warm the forked runs with what every module imports anyway. (Not the collection's own files: each run
# imports those afresh, so that it runs the code as it is on disk.)
import ansible.module_utils.basic  # noqa: E402,F401 pylint: disable=wrong-import-position,unused-import
import requests  # noqa: E402,F401 pylint: disable=wrong-import-position,unused-import

from itflow_sim.testing import start_simulator  # noqa: E402 pylint: disable=wrong-import-position,import-error

# Small values keep the matrix fast; the faults below are sized against them.
CONNECTION = {"timeout": 3, "retries": 1, "retry_backoff": 0.01, "page_size": 500}
HANG_TIMEOUT = 0.4


def token():
    return "flt-%s" % uuid.uuid4().hex[:8]


def bin_path(name):
    path = venv_bin(name)
    if path is None:
        pytest.skip("%s not found (run scripts/setup.sh)" % name)
    return path


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def base_env():
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("ITFLOW_") and not k.startswith("ANSIBLE_"))
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", ANSIBLE_LOCAL_TEMP=tempfile.gettempdir(),
               ANSIBLE_DEPRECATION_WARNINGS="false", PYTHONDONTWRITEBYTECODE="1")
    return env


# ---------------------------------------------------------------------------------------- modules
class ModuleRun(object):
    def __init__(self, rc, result, stderr, seconds):
        self.rc = rc
        self.result = result
        self.stderr = stderr
        self.seconds = seconds

    @property
    def failed(self):
        return bool(self.result.get("failed"))

    @property
    def msg(self):
        return self.result.get("msg") or ""

    def __repr__(self):
        return "ModuleRun(rc=%s, %.2fs, result=%s, stderr=%s)" % (self.rc, self.seconds, json.dumps(self.result)[:2000], self.stderr[-2000:])


def _child(path, args_file, out_path, err_path):  # pragma: no cover - runs in the forked process
    code = 1
    try:
        for fd, target in ((1, out_path), (2, err_path)):
            handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(handle, fd)
            os.close(handle)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        sys.stdin = open(0, "r", encoding="utf-8", closefd=False)  # pylint: disable=consider-using-with
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # pylint: disable=consider-using-with
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # pylint: disable=consider-using-with
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        sys.argv = [path, args_file]
        for loaded in [m for m in sys.modules if m.startswith("ansible_collections.itflow.")]:
            del sys.modules[loaded]  # whatever the test process imported: the run gets the files as they are now
        code = 0
        runpy.run_path(path, run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # pylint: disable=broad-except
        import traceback  # pylint: disable=import-outside-toplevel
        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # pylint: disable=broad-except
                pass
        os._exit(code)  # pylint: disable=protected-access


def run_module(name, args, timeout=60):
    """Run plugins/modules/<name>.py with ``args`` as Ansible does; return a ModuleRun."""
    path = os.path.join(MODULES, name + ".py")
    workdir = tempfile.mkdtemp(prefix="itflow-fault-")
    args_file = os.path.join(workdir, "args.json")
    with open(args_file, "w", encoding="utf-8") as out:
        module_args = dict(args, _ansible_tmpdir=workdir, _ansible_remote_tmp=workdir, _ansible_keep_remote_files=False)
        json.dump({"ANSIBLE_MODULE_ARGS": module_args}, out)
    out_path = os.path.join(workdir, "stdout")
    err_path = os.path.join(workdir, "stderr")
    start = time.time()
    try:
        if EXEC:
            env = base_env()
            env["PYTHONPATH"] = COLLECTIONS
            with open(out_path, "wb") as out, open(err_path, "wb") as err:
                rc = subprocess.run([sys.executable, path, args_file], stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                    cwd=workdir, timeout=timeout, check=False).returncode
        else:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # pragma: no cover
                _child(path, args_file, out_path, err_path)
            rc = _wait(pid, timeout)
        with open(out_path, encoding="utf-8", errors="replace") as handle:
            stdout = handle.read()
        with open(err_path, encoding="utf-8", errors="replace") as handle:
            stderr = handle.read()
    finally:
        seconds = time.time() - start
    result = {}
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                result = json.loads(line)
            except ValueError:
                continue
    if not result:
        result = {"failed": True, "msg": "MODULE PRINTED NO JSON", "stdout": stdout[-3000:]}
    for entry in os.listdir(workdir):
        full = os.path.join(workdir, entry)
        if os.path.isfile(full):
            os.unlink(full)
    try:
        os.rmdir(workdir)
    except OSError:
        pass
    return ModuleRun(rc, result, stderr, seconds)


def _wait(pid, timeout):
    deadline = time.time() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.time() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError("module run did not finish within %ss" % timeout)
        select.select([], [], [], 0.005)


# ---------------------------------------------------------------------------------------- plugins
class CliRun(object):
    def __init__(self, rc, stdout, stderr, seconds):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds

    @property
    def output(self):
        return self.stdout + "\n" + self.stderr

    def line(self, marker):
        """The one output line that carries our plugin's message (``marker`` is its prefix)."""
        lines = [ln for ln in self.output.splitlines() if marker in ln]
        assert lines, "no line with %r in:\n%s" % (marker, self.output)
        return lines[-1]

    def __repr__(self):
        return "CliRun(rc=%s, %.2fs)\nSTDOUT:\n%s\nSTDERR:\n%s" % (self.rc, self.seconds, self.stdout[-3000:], self.stderr[-3000:])


def run_cli(argv, env=None, cwd=None, timeout=120):
    full_env = base_env()
    full_env.update(env or {})
    start = time.time()
    proc = subprocess.run(argv, env=full_env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False,
                          stdin=subprocess.DEVNULL)
    return CliRun(proc.returncode, proc.stdout, proc.stderr, time.time() - start)


def run_inventory(options, tmp_dir):
    """ansible-inventory --list on an itflow.yml source made of ``options``; AWX's strict setting."""
    path = os.path.join(tmp_dir, "faults.itflow.yml")
    with open(path, "w", encoding="utf-8") as out:
        json.dump(dict({"plugin": "itflow.itflow.itflow"}, **options), out)
    env = {"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true", "ANSIBLE_INVENTORY_ENABLED": "itflow.itflow.itflow"}
    return run_cli([bin_path("ansible-inventory"), "-i", path, "--list"], env=env, cwd=tmp_dir)


def run_lookup(terms, options, tmp_dir):
    """ansible localhost -m debug -a 'msg={{ lookup("itflow.itflow.itflow", terms..., options...) }}'."""
    args = ", ".join([json.dumps(t) for t in terms] + ["%s=%s" % (k, json.dumps(v)) for k, v in sorted(options.items())])
    expression = "msg={{ lookup('itflow.itflow.itflow', %s) }}" % args
    return run_cli([bin_path("ansible"), "localhost", "-m", "ansible.builtin.debug", "-a", expression],
                   env={"ANSIBLE_LOCALHOST_WARNING": "false", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false"}, cwd=tmp_dir)


# ---------------------------------------------------------------------------------------- simulators
def _start(profile, **kw):
    return start_simulator(profile=profile, seed="demo", **kw)


@pytest.fixture(scope="module")
def sim():
    handle = _start("26.08")
    yield handle
    handle.stop()


@pytest.fixture(scope="module")
def sim_tls():
    handle = _start("26.08", tls=True)
    yield handle
    handle.stop()


@pytest.fixture
def fresh(sim):
    """The 26.08 simulator with no fault and an empty request log; faults are cleared afterwards."""
    sim.clear_faults()
    sim.clear_log()
    yield sim
    sim.clear_faults()


def requests_to(sim, endpoint, method=None, expect=None):
    """The simulator's log entries for ``endpoint``. A hung request is logged only when the simulator notices
    that the client gave up (within 0.2 s), so with ``expect`` this waits up to 3 s for that many entries."""
    deadline = time.time() + 3
    while True:
        found = [e for e in sim.log() if e["path"] == "/api/v1/" + endpoint and (method is None or e["method"] == method)]
        if expect is None or len(found) >= expect or time.time() > deadline:
            return found
        time.sleep(0.05)
