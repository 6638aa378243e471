# -*- coding: utf-8 -*-
"""Helpers of the inventory plugin's golden-file tests: the simulator with extra fixture data,
running ansible-inventory, and normalising its output.

Extra data (made through the raw API, except one archived asset: ITFlow has no API to archive an
asset, only the web UI, so that one is set in the simulator's SQLite file as the UI would):

  6  ACME-SRV01   Globex  duplicate name across clients  -> ACME-SRV01_GLOBEX
  7  ACME-SRV01   Acme    duplicate name in the same client -> ACME-SRV01_ACME
  8  ACME-SRV01   Acme    third duplicate                 -> ACME-SRV01_8
  9  ACME-NAS01   Acme    no IP, a URI                    -> ansible_host from the URI
  10 ACME-OLD01   Acme    archived asset
  11 ACME-DC01    Acme    lower-case type "server", Windows OS, status In Repair
  12 ACME-GHOST   Acme    no interface row at all (interface_* null)
  13 INIT-SRV01   Initech (client 3, archived client)
  a second credential on ACME-SRV01 (higher id: the seeded one wins)
"""

from __future__ import absolute_import, division, print_function

import difflib
import json
import os
import re
import sqlite3
import subprocess
import tempfile

import requests
from itflow_tests import checkout_collections, venv_bin  # pylint: disable=import-error

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "expected")
UPDATE = os.environ.get("ITFLOW_UPDATE_GOLDEN", "") not in ("", "0", "false", "no")

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def bin_dir():
    path = venv_bin("ansible-inventory")
    if path is None:
        raise RuntimeError("ansible-inventory not found (run scripts/setup.sh)")
    return os.path.dirname(path)


class Server(object):
    """A simulator with the extra fixture data; ``key(alias)`` gives the API key of a seeded key."""

    def __init__(self, profile):
        from itflow_sim.testing import start_simulator  # pylint: disable=import-error

        self.tmp = tempfile.mkdtemp(prefix="itflow-inv-golden-")
        self.db_path = os.path.join(self.tmp, "itflow.sqlite")
        self.sim = start_simulator(profile=profile, seed="demo", db=self.db_path)
        self.url = self.sim.url
        self.profile = profile
        try:
            self._extras()
        except Exception:
            self.sim.stop()
            raise

    def key(self, alias="admin"):
        return self.sim.keys[alias]["api_key"]

    def decrypt_password(self, alias="admin"):
        return self.sim.keys[alias]["decrypt_password"]

    def post(self, endpoint, body):
        payload = dict(body, api_key=self.key())
        resp = requests.post("%s/api/v1/%s" % (self.url, endpoint), data=json.dumps(payload), timeout=30)
        resp.raise_for_status()
        return resp.json()

    def create(self, endpoint, body):
        answer = self.post(endpoint, body)
        assert answer.get("success") == "True", (endpoint, answer)
        return int(answer["data"][0]["insert_id"])

    def asset(self, client_id, name, **fields):
        return self.create("assets/create.php", dict(fields, client_id=client_id, asset_name=name))

    def _extras(self):
        ids = [
            self.asset(2, "ACME-SRV01", asset_type="Server", asset_make="Dell", asset_ip="192.168.1.50", asset_location_id=3,
                       asset_vendor_id=3, asset_network_id=2, asset_status="Deployed"),
            self.asset(1, "ACME-SRV01", asset_type="Virtual Machine", asset_ip="10.0.0.50", asset_status="Deployed"),
            self.asset(1, "ACME-SRV01", asset_type="Virtual Machine", asset_ip="10.0.0.51", asset_status="Deployed"),
            self.asset(1, "ACME-NAS01", asset_type="Server", asset_uri="https://nas01.acme.example:5001/", asset_status="Deployed",
                       asset_serial="SN-NAS-01"),
            self.asset(1, "ACME-OLD01", asset_type="Server", asset_ip="10.0.0.99", asset_status="Retired"),
            self.asset(1, "ACME-DC01", asset_type="server", asset_os="Windows Server 2022", asset_ip="10.0.0.10",
                       asset_status="In Repair", asset_location_id=1, asset_network_id=1, asset_make="HPE"),
            self.asset(1, "ACME-GHOST", asset_type="Workstation", asset_status="Deployed"),
        ]
        assert ids == list(range(6, 13)), ids
        # asset 12 loses its interface row: a delete with the wrong client keeps the asset, drops the interfaces (§3)
        self.post("assets/delete.php", {"asset_id": 12, "client_id": 2})
        # an archived asset: only the UI can archive assets
        with sqlite3.connect(self.db_path) as conn:
            conn.execute("UPDATE assets SET asset_archived_at = '2025-06-30 12:00:00' WHERE asset_id = 10")
        client = self.create("clients/create.php", {"client_name": "Initech", "client_abbreviation": "INIT"})
        assert client == 3
        assert self.asset(client, "INIT-SRV01", asset_type="Server", asset_ip="172.16.0.5", asset_status="Deployed") == 13
        assert self.post("clients/archive.php", {"client_id": client})["success"] == "True"
        self.create("credentials/create.php", {"client_id": 1, "credential_name": "Second admin", "credential_username": "backup",
                                               "credential_password": "N0t-this-one", "credential_asset_id": 1,
                                               "api_key_decrypt_password": self.decrypt_password()})

    def stop(self):
        self.sim.stop()


def write_inventory(directory, name, options):
    path = os.path.join(directory, "%s.itflow.yml" % name)
    with open(path, "w") as f:
        json.dump(dict({"plugin": "itflow.itflow.itflow"}, **options), f, indent=1)  # JSON is YAML
    return path


def run_inventory(source, env, mode="--list", extra=(), check=True):
    """Run ansible-inventory; returns the CompletedProcess (text)."""
    full_env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=checkout_collections(), ANSIBLE_INVENTORY_UNPARSED_FAILED="true",
                    ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", ANSIBLE_DEPRECATION_WARNINGS="false",
                    ANSIBLE_VERBOSE_TO_STDERR="true")
    for name in list(full_env):
        if name.startswith("ITFLOW_"):
            del full_env[name]
    full_env.update(env)
    proc = subprocess.run([os.path.join(bin_dir(), "ansible-inventory"), "-i", source, mode] + list(extra),
                          env=full_env, cwd=os.path.dirname(source), capture_output=True, text=True, timeout=300, check=False)
    if check and proc.returncode != 0:
        raise AssertionError("ansible-inventory failed (%d):\n%s" % (proc.returncode, proc.stderr[-4000:]))
    return proc


def normalise(value, url):
    """Run-specific values out: timestamps (set when the simulator seeds), the simulator's URL."""
    if isinstance(value, dict):
        return dict((k, normalise(v, url)) for k, v in value.items())
    if isinstance(value, list):
        return [normalise(v, url) for v in value]
    if isinstance(value, str):
        if _DATETIME.match(value) and value != "2025-06-30 12:00:00":
            return "<datetime>"
        return value.replace(url, "<url>")
    return value


def compare_golden(name, actual):
    """Compare with expected/<name> (JSON or text); ITFLOW_UPDATE_GOLDEN=1 rewrites it instead."""
    path = os.path.join(EXPECTED, name)
    text = actual if isinstance(actual, str) else json.dumps(actual, indent=1, sort_keys=True) + "\n"
    if UPDATE or not os.path.exists(path):
        if not UPDATE:
            raise AssertionError("%s is missing: run with ITFLOW_UPDATE_GOLDEN=1 to create it, then review it" % path)
        os.makedirs(EXPECTED, exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return
    with open(path) as f:
        expected = f.read()
    if text != expected:
        diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), "expected/" + name, "actual", lineterm="", n=2)
        raise AssertionError("%s differs from the output (ITFLOW_UPDATE_GOLDEN=1 regenerates it):\n%s"
                             % (name, "\n".join(list(diff)[:80])))
