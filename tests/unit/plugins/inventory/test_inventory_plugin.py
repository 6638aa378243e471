# -*- coding: utf-8 -*-
"""The inventory plugin as Ansible runs it: option errors and the failure path.

Each test runs ansible-inventory against the ITFlow simulator (demo seed) and checks the one-line
message and that no host at all comes out: the plugin fails as a whole or not at all.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import re
import subprocess

import pytest
from itflow_tests import checkout_collections, venv_bin  # pylint: disable=import-error

PREFIX = "itflow.itflow.itflow inventory"
try:
    import ansible.module_utils.datatag  # noqa: F401 pylint: disable=unused-import
    WRAPPED = False  # ansible-core 2.19 and later print each message as it is
except ImportError:
    WRAPPED = True  # earlier ansible-core wraps every warning and error at 80 columns


def unwrap(text):
    """Join the lines ansible-core before 2.19 wrapped (textwrap at 80 columns) back into one line per message."""
    lines = []
    for line in text.splitlines():
        if lines and lines[-1] and line and not line.startswith(("[WARNING]", "[DEPRECATION WARNING]", "ERROR!", PREFIX)):
            # textwrap breaks after the hyphen of a hyphenated word, and in place of a space everywhere else
            lines[-1] += line if re.search(r"\w-$", lines[-1]) else " " + line
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _bin(name):
    path = venv_bin(name)
    if path is None:
        pytest.skip("%s not found (run scripts/setup.sh)" % name)
    return path


@pytest.fixture(scope="module")
def sim():
    from itflow_sim.testing import start_simulator  # pylint: disable=import-error

    handle = start_simulator(profile="26.08", seed="demo")
    yield handle
    handle.stop()


@pytest.fixture
def run(sim, tmp_path):
    """run(options, key=..., env=...) -> (rc, hosts or None, stderr); faults are cleared afterwards."""

    def runner(options, key=None, env=None, unparsed_failed=True, extra=()):
        path = tmp_path / "case.itflow.yml"
        path.write_text(json.dumps(dict({"plugin": "itflow.itflow.itflow", "url": sim.url, "retry_backoff": 0}, **options)))
        full_env = dict((k, v) for k, v in os.environ.items() if not k.startswith("ITFLOW_"))
        full_env.update(ANSIBLE_COLLECTIONS_PATH=checkout_collections(), ANSIBLE_NOCOLOR="1", ANSIBLE_VERBOSE_TO_STDERR="true",
                        ANSIBLE_INVENTORY_UNPARSED_FAILED="true" if unparsed_failed else "false",
                        ANSIBLE_INVENTORY_ENABLED="itflow.itflow.itflow", ITFLOW_API_KEY=key or sim.keys["admin"]["api_key"])
        full_env.update(env or {})
        proc = subprocess.run([_bin("ansible-inventory"), "-i", str(path), "--list"] + list(extra), env=full_env, cwd=str(tmp_path),
                              capture_output=True, text=True, timeout=300, check=False)
        hosts = runner.last = None
        if proc.stdout.strip():
            runner.last = json.loads(proc.stdout)
            hosts = sorted(runner.last["_meta"]["hostvars"])
        return proc.returncode, hosts, unwrap(proc.stderr) if WRAPPED else proc.stderr

    yield runner
    sim.clear_faults()


def message_line(stderr):
    """The plugin's own message: exactly one line naming the plugin."""
    lines = [line for line in stderr.splitlines() if line.startswith(PREFIX)]
    assert lines, stderr
    return lines[0]


def test_it_works(run):
    rc, hosts, stderr = run({})
    assert rc == 0, stderr
    assert hosts == ["ACME-LAP01", "ACME-SRV01", "ACME-WS01", "GLOBEX-FW01", "GLOBEX-SRV01"]


# ---------------------------------------------------------------------------------------- options

@pytest.mark.parametrize("options, expected", [
    ({"group_prefixes": {"tenant": "t_"}}, "group_prefixes: 'tenant' is not a group_by key"),
    ({"hostvars_prefix": "1x"}, "hostvars_prefix '1x' would make invalid variable names"),
    ({"clients": ["Acme Corp"], "exclude_clients": ["Acme Corp"]}, "clients and exclude_clients both name Acme Corp"),
    ({"credentials": True}, "credentials: true needs the API key's decrypt password"),
    ({"url": "itflow.example.com"}, "has no scheme"),
    ({"page_size": 0}, "page_size must be at least 1, not 0"),
])
def test_option_errors(run, options, expected):
    rc, hosts, stderr = run(options)
    assert rc != 0
    assert hosts is None
    assert expected in stderr


@pytest.mark.parametrize("options, expected", [
    ({"hostnames": ["fqdn"]}, "fqdn"),
    ({"group_by": ["tenant"]}, "tenant"),
    ({"duplicate_suffix": "uuid"}, "uuid"),
])
def test_choices_are_checked_by_ansible(run, options, expected):
    rc, hosts, stderr = run(options)
    assert rc != 0 and hosts is None
    assert "Invalid value" in stderr and expected in stderr


def test_unknown_client_warns(run):
    rc, hosts, stderr = run({"clients": ["Acme Corp", "Nobody Ltd"]})
    assert rc == 0
    assert hosts == ["ACME-LAP01", "ACME-SRV01", "ACME-WS01"]
    assert "clients entry 'Nobody Ltd' matches no client this API key can see" in stderr


# ---------------------------------------------------------------------------------------- failures

def test_401_fails_with_the_server_message(run):
    rc, hosts, stderr = run({}, key="x" * 32)
    assert rc != 0 and hosts is None
    assert message_line(stderr) == (
        PREFIX + ": ITFlow rejected the API key (HTTP 401) on assets/read.php: Authentication failed. API key is invalid or has "
        "expired. Check api_key (ITFLOW_API_KEY); ITFlow keys stop working on their expiry date and when revoked.")


def test_403_on_credentials_fails_the_whole_inventory(run, sim):
    rc, hosts, stderr = run({"credentials": True}, key=sim.keys["accountant"]["api_key"],
                            env={"ITFLOW_DECRYPT_PASSWORD": sim.keys["accountant"]["decrypt_password"]})
    assert rc != 0 and hosts is None
    assert "ITFlow refused credentials/read.php (HTTP 403): The user linked to this API key does not have permission" in message_line(stderr)


def test_500_on_the_last_resource_leaves_no_partial_inventory(run, sim):
    """Assets were read already when networks/read.php keeps failing: still not one host."""
    sim.fault("networks/read.php", "status_500_empty", times=-1)
    rc, hosts, stderr = run({"retries": 0})
    assert rc != 0 and hosts is None
    # The client tells an outage (an empty 500 at every page size) from PHP running out of memory.
    assert message_line(stderr) == PREFIX + (
        ": ITFlow crashed with an empty HTTP 500 on networks/read.php at every page size tried (5000, 2500, 1250, 625 and 500 rows): "
        "not PHP out of memory but a server failing every request, as during a database outage (after 5 attempts). Check that "
        "ITFlow's database server is up (ITFlow's PHP error log names the cause), then run again.")


def test_500_without_unparsed_failed_still_gives_no_host(run, sim):
    """Ansible's default only warns when a source fails: even then not one host of this source appears."""
    sim.fault("networks/read.php", "status_500_empty", times=-1)
    rc, hosts, stderr = run({"retries": 0}, unparsed_failed=False)
    assert rc == 0
    assert hosts == []
    assert "networks/read.php" in message_line(stderr.replace("[WARNING]: Failed to parse inventory with 'itflow.itflow.itflow' plugin: ", ""))


def test_a_500_is_retried(run, sim):
    """One empty 500 is absorbed (the shared client halves the page: PHP's out-of-memory answer)."""
    sim.fault("assets/read.php", "status_500_empty", times=1)
    rc, hosts, stderr = run({"retries": 1}, extra=["-v"])
    assert rc == 0, stderr
    assert len(hosts) == 5
    assert "itflow: assets: 5 rows in 2 requests" in stderr


def test_timeout_fails_with_a_clear_message(run, sim):
    sim.fault("assets/read.php", "hang", times=1, delay=4)
    rc, hosts, stderr = run({"retries": 0, "timeout": 1})
    assert rc != 0 and hosts is None
    assert message_line(stderr).startswith(PREFIX + ": ITFlow at %s did not answer assets/read.php within 1 seconds." % sim.url)


@pytest.mark.parametrize("kind, times, expected", [
    ("status_502_html", -1, "answered HTTP 502 (502 Bad Gateway, text/html"),
    ("malformed_json", 1, "ITFlow answered clients/read.php with HTTP 200 and a body that is not JSON"),
])
def test_garbage_answer_fails(run, sim, kind, times, expected):
    sim.fault("clients/read.php", kind, times=times)
    rc, hosts, stderr = run({"retries": 0})
    assert rc != 0 and hosts is None
    assert expected in message_line(stderr)


def test_wrong_decrypt_password_fails(run):
    rc, hosts, stderr = run({"credentials": True}, env={"ITFLOW_DECRYPT_PASSWORD": "W" * 32})
    assert rc != 0 and hosts is None
    assert message_line(stderr) == (PREFIX + ": none of the 2 credentials linked to assets could be decrypted; the decrypt_password "
                                    "is wrong or belongs to another API key.")


def test_strict_compose_error_rolls_back(run):
    options = {"group_by": ["client"], "strict": True, "compose": {"bad": "no_such_var + 1"},
               "keyed_groups": [{"key": "itflow_asset_make", "prefix": "make"}]}
    rc, hosts, stderr = run(options)
    assert rc != 0 and hosts is None
    assert "Could not set bad for host ACME-SRV01" in stderr
    # the first host and its groups were in the inventory when the error came: all taken out again
    rc, hosts, stderr = run(options, unparsed_failed=False)
    assert rc == 0 and hosts == []
    assert sorted(run.last) == ["_meta", "all"]


def test_filter_errors_leave_hosts_out_with_one_warning(run):
    rc, hosts, stderr = run({"filter": "itflow_asset_make.startswith('D') and no_such_var"})
    assert rc == 0
    assert hosts == []
    assert stderr.count("the filter failed on") == 1
    rc, hosts, stderr = run({"filter": "itflow_asset_make.startswith('D') and no_such_var", "strict": True})
    assert rc != 0 and hosts is None
    assert "the filter failed on asset 1" in stderr


def test_secrets_never_in_the_output_of_ansible(run, sim):
    rc, hosts, stderr = run({"credentials": True}, env={"ITFLOW_DECRYPT_PASSWORD": sim.keys["admin"]["decrypt_password"]},
                            extra=["-vvvvv"])
    assert rc == 0
    for secret in (sim.keys["admin"]["api_key"], sim.keys["admin"]["decrypt_password"], "S3cret!", "Gl0bex-FW!"):
        assert secret not in stderr
