# -*- coding: utf-8 -*-
"""Secrets never leak (issue #7): not in output, logs, reports, caches or URLs.

Against a simulator of each profile started with a random API key and decrypt password and an
access log, this runs, at -vvvv with --diff, the drift report callback (all formats) and
ANSIBLE_LOG_PATH:

* playbooks/secrets.yml: itflow_credential and itflow_bulk create and update credentials, the
  lookup reads passwords, and failures (wrong decrypt password, a password too long, empty 500s,
  dropped connections, no server at all) fail tasks;
* ansible-inventory --list (twice: the second from the inventory cache) and a play on the
  inventory's hosts, with credentials: true;
* ansible-inventory with a wrong decrypt password, and with a server that crashes on credentials.

Then it searches everything produced (stdout and stderr of every run, and every file written:
reports, ansible's log, the inventory cache, ansible's temporary directories, the access log)
for the API key, the decrypt password (right and wrong ones) and every credential password and
OTP secret. Every secret is made of letters and digits only, so JSON, HTML or URL encoding
cannot hide an occurrence.

Allowed, and asserted exactly:

* on 26.04 and full (keys scoped by client), the decrypt password in the access log, only as
  the api_key_decrypt_password parameter of GET credentials/read.php: those servers read it
  nowhere else (ITFLOW-API-26.04.md §4.11);
* ansible-inventory's own output (--output file) holds the linked credential's password as the
  host's ansible_password: that is what credentials: true asks for.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import re
import socket
import subprocess
import time
import uuid

import pytest

from itflow_integration import HERE, collections_path  # pylint: disable=import-error
from test_targets import ansible_bin  # pylint: disable=import-error

PLAYBOOKS = os.path.join(HERE, "playbooks")
PASSWORDS = ("PW_CRED", "PW_CRED2", "PW_CRED3", "OTP_CRED", "PW_BULK_A", "PW_BULK_A2", "PW_BULK_B", "PW_BULK_C", "OTP_BULK_A")
CRED_READ = re.compile(r'"GET /api/v1/credentials/read\.php\?[^" ]*\bapi_key_decrypt_password=([A-Za-z0-9]+)[& "]')


def token(label, length=32):
    """A distinctive secret: a label, then random hex (letters and digits only)."""
    text = label + uuid.uuid4().hex + uuid.uuid4().hex
    return text[:length]


def closed_url():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return "http://127.0.0.1:%d" % port


@pytest.fixture
def secret_sim(itflow, tmp_path):
    """A simulator of the session's profile with secrets of our own and an access log in tmp_path."""
    if itflow.sim is None:
        pytest.skip("needs the bundled simulator (fixed secrets, access log, fault injection)")
    from itflow_sim.testing import start_simulator  # pylint: disable=import-error
    secrets = {"API_KEY": token("ApiKey"), "DECRYPT": token("Decrypt")}
    sim = start_simulator(profile=itflow.profile, seed="empty", api_key=secrets["API_KEY"], decrypt_password=secrets["DECRYPT"],
                          access_log=str(tmp_path / "access.log"))
    try:
        yield sim, secrets
    finally:
        sim.stop()


class Runs(object):
    """Runs Ansible commands with one environment and keeps every output for the search."""

    def __init__(self, sim, secrets, tmp_path):
        self.tmp = tmp_path
        self.outputs = []  # (label, text)
        self.times = []
        self.env = dict(os.environ)
        self.env.update({
            "ANSIBLE_COLLECTIONS_PATH": collections_path(),
            "ITFLOW_URL": sim.url,
            "ITFLOW_API_KEY": secrets["API_KEY"],
            "ITFLOW_DECRYPT_PASSWORD": secrets["DECRYPT"],
            "ITFLOW_RETRY_BACKOFF": "0.1",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_STDOUT_CALLBACK": "default",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            "ANSIBLE_PYTHON_INTERPRETER": "auto_silent",
            "ANSIBLE_CALLBACKS_ENABLED": "itflow.itflow.drift_report",
            "ITFLOW_DRIFT_REPORT_FORMATS": "markdown,json,junit,html",
            "ANSIBLE_LOG_PATH": str(tmp_path / "ansible.log"),
            "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-local-tmp"),
            "ANSIBLE_REMOTE_TEMP": str(tmp_path / "ansible-remote-tmp"),
            "ANSIBLE_KEEP_REMOTE_FILES": "0",
            "ANSIBLE_DISPLAY_TRACEBACK": "always",  # tracebacks of every error and warning shown too
            "CLOSED_URL": closed_url(),
        })
        for name in PASSWORDS:
            self.env["SECRET_" + name] = token(name.replace("_", "").title())
        self.env["SECRET_PW_LONG"] = token("PwLong", 24) * 15  # 360 characters: over the 350 ITFlow stores
        self.env["SECRET_WRONG_DECRYPT"] = token("WrongDecrypt")
        self.secrets = dict(secrets, WRONG_DECRYPT=self.env["SECRET_WRONG_DECRYPT"], PW_LONG=self.env["SECRET_PW_LONG"])
        self.secrets.update((name, self.env["SECRET_" + name]) for name in PASSWORDS)

    def run(self, label, cmd, **env):
        run_env = dict(self.env, ITFLOW_DRIFT_REPORT_DIR=str(self.tmp / "reports" / label), **env)
        start = time.time()
        result = subprocess.run(cmd, env=run_env, cwd=str(self.tmp), capture_output=True, text=True, timeout=600, check=False)
        self.times.append((label, round(time.time() - start, 1)))
        self.outputs.append((label + " stdout", result.stdout))
        self.outputs.append((label + " stderr", result.stderr))
        return result


def where(text, value, name):
    """Short excerpts around each occurrence, with the secret itself replaced by its name."""
    out = []
    start = text.find(value)
    while start >= 0 and len(out) < 3:
        out.append(text[max(0, start - 150):start + len(value) + 80].replace(value, "<%s>" % name))
        start = text.find(value, start + 1)
    return out


def leaks(sources, secrets):
    found = []
    for label, text in sources:
        for name, value in sorted(secrets.items()):
            if value and value in text:
                found.append("%s in %s (%d times): %s" % (name, label, text.count(value), where(text, value, name)))
    return found


def written_files(root):
    for folder, dirs, files in os.walk(str(root)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8", errors="replace") as handle:
                yield os.path.relpath(path, str(root)), handle.read()


def check_access_log(text, secrets, profile):
    """The API key never in a URL; the decrypt password only as 26.04's credentials/read.php parameter."""
    lines = text.splitlines()
    assert lines, "the simulator wrote no access log"
    decrypts = dict((k, secrets[k]) for k in ("DECRYPT", "WRONG_DECRYPT"))
    others = dict((k, v) for k, v in secrets.items() if k not in decrypts)
    problems = leaks([("access log", text)], others)
    in_query = 0
    for line in lines:
        if not any(v in line for v in decrypts.values()):
            continue
        match = CRED_READ.search(line)
        if profile == "26.08" or not match or match.group(1) not in decrypts.values() \
                or sum(line.count(v) for v in decrypts.values()) != 1:
            problems.append("decrypt password in an access log line where it has no business: %s"
                            % line.replace(secrets["DECRYPT"], "<DECRYPT>").replace(secrets["WRONG_DECRYPT"], "<WRONG_DECRYPT>"))
        else:
            in_query += 1
    if profile != "26.08":
        assert in_query, "a 26.04 server reads the decrypt password only from the query string; no credential read carried it"
    return problems


def check_inventory_output(path, pw_cred2, host):
    """ansible-inventory's JSON: the linked credential's password is the host's ansible_password, and nowhere else."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    hostvars = data["_meta"]["hostvars"]
    assert host in hostvars, sorted(hostvars)
    login = []
    for var in ("ansible_user", "ansible_password"):
        value = hostvars[host].get(var)
        login.append(value.get("__ansible_unsafe") if isinstance(value, dict) else value)  # unsafe values: {"__ansible_unsafe": ...}
    assert login == ["admin", pw_cred2]
    for item in hostvars.values():
        item.pop("ansible_password", None)
    return json.dumps(data)


def test_no_secret_in_any_output(secret_sim, tmp_path):
    sim, secrets = secret_sim
    runs = Runs(sim, secrets, tmp_path)
    prefix = "sec-%s" % uuid.uuid4().hex[:8]
    playbook = [ansible_bin("ansible-playbook"), "-vvvv", "--diff"]
    inventory = [ansible_bin("ansible-inventory"), "-vvvv"]

    result = runs.run("playbook", playbook + [os.path.join(PLAYBOOKS, "secrets.yml"), "-e", "prefix=%s" % prefix])
    assert result.returncode == 0, "secrets.yml failed on %s:\n%s\n%s" % (sim.profile, result.stdout[-15000:], result.stderr[-3000:])
    assert "ITFLOW DRIFT REPORT" in result.stdout
    assert len(os.listdir(str(tmp_path / "reports" / "playbook"))) == 4

    inv = tmp_path / "secrets.itflow.yml"
    inv.write_text("plugin: itflow.itflow.itflow\nclients: [%s Secrets]\ncredentials: true\nretry_backoff: 0.1\ncache: true\n"
                   "cache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n" % (prefix, tmp_path / "inventory-cache"))
    host = "%s-srv01" % prefix
    listed = []
    for number in (1, 2):  # the second from the inventory cache (credentials are never cached: read again)
        label = "inventory-list-%d" % number
        out = tmp_path / ("%s.json" % label)
        result = runs.run(label, inventory + ["-i", str(inv), "--list", "--output", str(out)], ANSIBLE_INVENTORY_UNPARSED_FAILED="1")
        assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
        listed.append((label, check_inventory_output(str(out), runs.secrets["PW_CRED2"], host)))
        out.unlink()  # searched just above, without the one expected ansible_password
    assert "from the inventory cache" in runs.outputs[-2][1] + runs.outputs[-1][1]
    assert os.listdir(str(tmp_path / "inventory-cache")), "the inventory cache was not written"

    result = runs.run("inventory-play", playbook + ["-i", str(inv), os.path.join(PLAYBOOKS, "secrets_inventory.yml")],
                      ANSIBLE_INVENTORY_UNPARSED_FAILED="1")
    assert result.returncode == 0, result.stdout[-10000:] + result.stderr[-3000:]
    assert "ok=2" in result.stdout

    result = runs.run("inventory-wrong-decrypt", inventory + ["-i", str(inv), "--list", "--flush-cache"],
                      ITFLOW_DECRYPT_PASSWORD=runs.secrets["WRONG_DECRYPT"], ANSIBLE_INVENTORY_UNPARSED_FAILED="1")
    assert result.returncode != 0 and "could be decrypted" in result.stdout + result.stderr

    sim.fault("credentials/read.php", "status_500_empty", times=-1)
    result = runs.run("inventory-500", inventory + ["-i", str(inv), "--list"], ANSIBLE_INVENTORY_UNPARSED_FAILED="1")
    sim.clear_faults()
    assert result.returncode != 0 and "credentials/read.php" in result.stdout + result.stderr

    files = list(written_files(tmp_path))
    names = [name for name, text in files]
    assert "ansible.log" in names and "access.log" in names
    for ext in ("md", "json", "xml", "html"):
        assert "reports/playbook/itflow-drift-report.%s" % ext in names
    access = [text for name, text in files if name == "access.log"][0]
    problems = check_access_log(access, runs.secrets, sim.profile)
    problems += leaks(runs.outputs + listed + [(name, text) for name, text in files if name != "access.log"], runs.secrets)
    assert not problems, "secrets leaked on %s:\n%s" % (sim.profile, "\n".join(problems))
    print("run times on %s: %s" % (sim.profile, runs.times))


@pytest.mark.parametrize("module_name", ["itflow_bulk", "itflow_credential"])
def test_module_invocation_log_masks_secrets(itflow, module_name, monkeypatch, capsys, tmp_path):
    """What a module writes to syslog or the journal of the host it runs on ("Invoked with ...") holds no secret.

    Run in this process, in check mode, with the syslog sink captured: the journal or syslog of a
    controller keeps it, and Ansible's outputs never show it.
    """
    from ansible.module_utils import basic  # pylint: disable=import-outside-toplevel
    from ansible_collections.itflow.itflow.plugins.modules import itflow_bulk, itflow_credential  # pylint: disable=import-outside-toplevel

    password, otp = token("LogPassword"), token("LogOtp")
    name = "log-%s" % uuid.uuid4().hex[:8]
    args = {"url": itflow.url, "api_key": itflow.admin["api_key"], "decrypt_password": itflow.admin["decrypt_password"],
            "_ansible_check_mode": True, "_ansible_diff": True, "_ansible_remote_tmp": str(tmp_path), "_ansible_tmpdir": str(tmp_path)}
    if module_name == "itflow_bulk":
        args.update(resource="credential", items=[{"name": name, "password": password, "otp_secret": otp}])
        module = itflow_bulk
    else:
        args.update(name=name, password=password, otp_secret=otp)
        module = itflow_credential
    logged = []
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode("utf-8"))
    monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy", raising=False)  # ansible-core 2.19 and later
    monkeypatch.setattr(basic, "has_journal", False)
    monkeypatch.setattr(basic.AnsibleModule, "_log_to_syslog", lambda self, msg: logged.append(msg))
    with pytest.raises(SystemExit):
        module.main()
    out = capsys.readouterr().out
    assert json.loads(out)["changed"] is True, out
    text = "\n".join(logged)
    assert "Invoked with" in text and name in text, text  # logged, and only the secrets masked
    problems = leaks([("the module's syslog message", text), ("its result", out)],
                     {"PASSWORD": password, "OTP": otp, "API_KEY": itflow.admin["api_key"], "DECRYPT": itflow.admin["decrypt_password"]})
    assert not problems, "\n".join(problems)
