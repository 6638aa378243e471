# -*- coding: utf-8 -*-
"""Helpers of the bad-input matrix (tests/bad_input): run a module as Ansible does, check the simulator's log."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys


HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODULES = os.path.join(REPO, "plugins", "modules")
sys.path.insert(0, os.path.join(REPO, "tests", "simulator"))

# Endpoints that only read; every other one (create, update, delete, archive, unarchive, resolve, ...) writes.
READ_ENDPOINTS = ("read.php", "time.php")
LONG = "x" * 600

from itflow_tests import checkout_collections  # pylint: disable=import-error,wrong-import-position


def start(profile):
    from itflow_sim.testing import start_simulator  # pylint: disable=import-error
    return start_simulator(profile=profile, seed="demo")


def api_create(sim, folder, body):
    """Create a record straight through the simulator's API (test data the seed lacks); returns its id."""
    import requests
    payload = dict(body, api_key=sim.keys["admin"]["api_key"])
    answer = requests.post("%s/api/v1/%s/create.php" % (sim.url, folder), data=json.dumps(payload), timeout=30).json()
    assert answer["success"] == "True", answer
    return int(answer["data"][0]["insert_id"])


# A GET of a write endpoint writes nothing: ITFlow answers it 405 (or 404 where the endpoint is missing), and check
# mode asks a write endpoint whether it exists that way.
WRITE_FILES = ("create.php", "update.php", "delete.php", "archive.php", "unarchive.php", "resolve.php")


def writes(log):
    """Requests that could write: anything but a GET of a read or write endpoint."""
    return [e for e in log if e["method"] != "GET" or e["path"].rsplit("/", 1)[-1] not in READ_ENDPOINTS + WRITE_FILES]


class Runner(object):
    """Runs modules against one simulator, from a private folder for the argument files."""

    def __init__(self, sim, folder):
        self.sim = sim
        self.folder = folder
        self.count = 0
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith("ITFLOW_") and not k.startswith("ANSIBLE_"))
        env["PYTHONPATH"] = checkout_collections()
        env["ITFLOW_LOCK_DIR"] = os.path.join(folder, "locks")
        self.env = env

    def run(self, module, args, connection=True):
        """The module's JSON result, its raw output, and the requests it made."""
        params = {}
        if connection:
            params.update(url=self.sim.url, api_key=self.sim.keys["admin"]["api_key"])
        params.update(args)
        params = dict((k, v) for k, v in params.items() if v is not OMIT)
        self.count += 1
        path = os.path.join(self.folder, "args-%d.json" % self.count)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"ANSIBLE_MODULE_ARGS": params}, handle)
        self.sim.clear_log()
        proc = subprocess.run([sys.executable, os.path.join(MODULES, module + ".py"), path], capture_output=True, text=True,
                              env=self.env, cwd=self.folder, timeout=120, check=False)
        log = self.sim.log()
        output = proc.stdout + proc.stderr
        try:
            result = json.loads(proc.stdout)
        except ValueError:
            result = None
        return result, output, log

    def refused(self, module, args, words, connection=True):
        """Assert the module fails cleanly, naming every word in ``words``, and writes nothing."""
        result, output, log = self.run(module, args, connection)
        assert "Traceback" not in output, output
        assert result is not None, "no JSON result: %s" % output
        assert result.get("failed") is True, result
        msg = result.get("msg", "")
        missing = [w for w in words if w.lower() not in msg.lower()]
        assert not missing, "%r not in %r" % (missing, msg)
        assert not writes(log), "write requests before the error: %s" % writes(log)
        return result, log


class _Omit(object):
    def __repr__(self):
        return "OMIT"


OMIT = _Omit()  # a connection option to leave out (not even the default url/api_key)


def case_ids(cases):
    return [c[0] for c in cases]
