# -*- coding: utf-8 -*-
"""One real ansible-rulebook run of the example (extensions/eda/rulebooks/itflow_ansible_tickets.yml) per
profile: a ticket "[ansible] ..." created through the API makes the source emit an event, the rulebook runs
playbooks/eda_ticket_run.yml against the client's servers from the inventory plugin, and the playbook answers
the ticket (a reply on 26.08, its details on 26.04) and resolves it, within a bounded time."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from eda_harness import PROFILES, REPO, Api

from itflow_sim.testing import start_simulator

RULEBOOK = os.path.join(REPO, "extensions", "eda", "rulebooks", "itflow_ansible_tickets.yml")
READY_TIMEOUT = 120   # JVM and Drools start, then the source's first poll

pytestmark = pytest.mark.slow  # ansible-rulebook (Java) runs
ANSWER_TIMEOUT = 180  # event -> ansible-playbook run -> reply and resolve (a loaded 2-CPU machine)


def _java_home():
    java = shutil.which("java") or ("/usr/bin/java" if os.path.exists("/usr/bin/java") else None)
    if not java:
        return None
    return os.path.dirname(os.path.dirname(os.path.realpath(java)))


def _rulebook_command():
    found = os.path.join(os.path.dirname(sys.executable), "ansible-rulebook")
    if os.path.exists(found):
        return found
    pytest.fail("ansible-rulebook is not installed next to %s: it belongs in requirements-dev.txt "
                "(ansible-rulebook==1.3.2; it installs beside ansible-core 2.19 without changing it)" % sys.executable)
    return None


def _wait(predicate, timeout, what, log):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    with open(log, encoding="utf-8", errors="replace") as handle:
        tail = handle.read()[-6000:]
    raise AssertionError("%s did not happen within %ss. ansible-rulebook output:\n%s" % (what, timeout, tail))


@pytest.mark.parametrize("profile", PROFILES)
def test_example_rulebook_answers_and_resolves_the_ticket(profile, tmp_path):
    java_home = _java_home()
    if java_home is None:
        pytest.skip("NO JAVA: ansible-rulebook needs Java 17 (drools); install openjdk-17-jre-headless. "
                    "CI has it, so there this test runs.")
    command = _rulebook_command()
    with start_simulator(profile=profile, seed="demo") as sim:
        api = Api(sim)
        inventory = tmp_path / "eda.itflow.yml"
        # The example inventory (playbooks/inventory/itflow.yml) plus a connection to this machine: the
        # simulator's servers are not real machines.
        with open(os.path.join(REPO, "playbooks", "inventory", "itflow.yml"), encoding="utf-8") as handle:
            inventory.write_text(handle.read() + "compose:\n  ansible_connection: \"'local'\"\n"
                                 "  ansible_python_interpreter: \"'%s'\"\n" % sys.executable)
        env = dict(os.environ, ITFLOW_URL=sim.url, ITFLOW_API_KEY=api.key, ITFLOW_EDA_INTERVAL="1",
                   ITFLOW_EDA_STATE_FILE=str(tmp_path / "state.json"), JAVA_HOME=java_home,
                   ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO, ".cache", "collections"), ANSIBLE_NOCOLOR="1",
                   PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
        log = str(tmp_path / "rulebook.log")
        with open(log, "w", encoding="utf-8") as out:
            process = subprocess.Popen([command, "-r", RULEBOOK, "-i", str(inventory), "-v"], cwd=str(tmp_path),  # pylint: disable=consider-using-with
                                       env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            def ready():
                with open(log, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
                assert process.poll() is None, "ansible-rulebook exited (%s):\n%s" % (process.returncode, text[-6000:])
                return "itflow: watching ticket_new" in text
            _wait(ready, READY_TIMEOUT, "the event source's start", log)
            started = time.time()
            ticket_id = api.ticket("[ansible] check the servers")
            api.ticket("Not for Ansible")  # no [ansible] prefix: must stay untouched

            def resolved():
                row = api.read("tickets/read.php", ticket_id=ticket_id)[0]
                return row if row["ticket_status"] == "4" else None
            ticket = _wait(resolved, ANSWER_TIMEOUT, "the ticket's resolution", log)
            elapsed = time.time() - started
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        with open(log, encoding="utf-8", errors="replace") as handle:
            output = handle.read()
        # The playbook ran against the client's server, found through the inventory plugin.
        assert "PLAY [Run on the client's servers]" in output and "ok: [ACME-SRV01]" in output
        assert "GLOBEX" not in output  # the other client's servers were not targeted
        # The ticket was answered with the outcome ...
        if profile == "26.08":
            replies = [r["ticket_reply"] for r in api.read("ticket_replies/read.php", ticket_id=ticket_id)]
            answer = " ".join(replies)
            assert len(replies) == 1
        else:  # 26.04 has no replies API: the outcome went into the details
            answer = ticket["ticket_details"]
        assert "Ansible ran for this ticket on 1 server(s) of Acme Corp: all succeeded" in answer
        assert "ACME-SRV01: ok" in answer
        # ... and resolved; the other ticket was left alone.
        assert ticket["ticket_resolved_at"]
        others = [r for r in api.read("tickets/read.php") if r["ticket_subject"] == "Not for Ansible"]
        assert [r["ticket_status"] for r in others] == ["1"]
        assert api.key not in output and sim.keys["admin"]["decrypt_password"] not in output
        print("%s: ticket created -> answered and resolved in %.1f s" % (profile, elapsed))


def test_a_revoked_key_ends_ansible_rulebook_with_the_message(tmp_path):
    java_home = _java_home()
    if java_home is None:
        pytest.skip("NO JAVA: ansible-rulebook needs Java 17 (drools); install openjdk-17-jre-headless. "
                    "CI has it, so there this test runs.")
    command = _rulebook_command()
    with start_simulator(profile="26.08", seed="empty") as sim:
        key = sim.keys["revoked"]["api_key"]
        env = dict(os.environ, ITFLOW_URL=sim.url, ITFLOW_API_KEY=key, ITFLOW_EDA_INTERVAL="1", JAVA_HOME=java_home,
                   ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO, ".cache", "collections"),
                   PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
        result = subprocess.run([command, "-r", RULEBOOK, "-i", os.path.join(REPO, "playbooks", "inventory", "itflow.yml")],
                                cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=READY_TIMEOUT, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-4000:]
    assert "itflow.itflow.itflow stopped: the API key was rejected" in output and "HTTP 401" in output, output[-4000:]
    assert key not in output
