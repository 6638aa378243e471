# -*- coding: utf-8 -*-
"""Credentials at MSP scale (issue #17), in one command:

    python bench/credentials/run.py [--credentials 2000] [--cost 0.05] [--php-workers 4] [--parallel-pages 4] [--write RESULTS.md]

ITFlow decrypts every credential a read returns: about 0.2 s a row on a real server (ITFLOW-API.md §7).
This starts the ITFlow simulator (26.08, bench seed: one asset per credential) with that cost modelled
at --cost seconds a row (default 0.05, a quarter of the real one, to keep the run to a few minutes: multiply
the times below by 0.2 / cost for a real server) and --php-workers PHP workers, creates --credentials
credentials through the API (each linked to an asset), then measures, from one run:

  1. a list read of every credential one page after another (parallel_pages 1) vs in parallel pages
     (target: parallel <= 1/4 of sequential with four workers);
  2. the inventory plugin with ``credentials: true`` (ansible-inventory), time and requests;
  3. an itflow_credential task that changes nothing, for a credential seen before (target: at most 2 reads
     by id, no list read, <= 1 s plus the task overhead of a module task), found through the credential
     index (module_utils/_credential_index.py), and for one the run has not seen (one list read).

Requests are counted from the simulator's request log; a playbook's task overhead is measured with a
debug task and reported apart. The credential index lives in a private XDG_CACHE_HOME for the run.
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
REAL_COST = 0.2  # seconds per decrypted credential on the measured server


def bin_dir():
    for candidate in (os.path.join(REPO, ".venv", "bin"), os.path.dirname(sys.executable)):
        if os.path.exists(os.path.join(candidate, "ansible-playbook")):
            return candidate
    sys.exit("ansible-playbook not found: run scripts/setup.sh first")


def collections_path():
    root = os.path.join(REPO, ".cache", "collections")
    link = os.path.join(root, "ansible_collections", "itflow", "itflow")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(os.path.relpath(REPO, os.path.dirname(link)), link)
    return root


class Sim(object):
    """The simulator as a separate process, with the decryption cost modelled."""

    def __init__(self, work, python, assets, cost, workers):
        self.keys_file = os.path.join(work, "keys.json")
        env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "tests", "simulator"))
        clients = max(2, assets // 100)
        self.proc = subprocess.Popen([python, "-m", "itflow_sim", "--profile", "26.08", "--seed", "bench", "--assets", str(assets),
                                      "--clients", str(clients), "--port", "0", "--keys-file", self.keys_file,
                                      "--decrypt-cost", str(cost), "--php-workers", str(workers)],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 300
        while not os.path.exists(self.keys_file):
            if self.proc.poll() is not None:
                sys.exit("the simulator exited: %s" % self.proc.stderr.read().decode(errors="replace"))
            if time.time() > deadline:
                self.stop()
                sys.exit("the simulator did not start within 300 s")
            time.sleep(0.2)
        with open(self.keys_file) as handle:
            doc = json.load(handle)
        admin = doc["keys"]["admin"]
        self.url, self.key, self.password = doc["url"], admin["api_key"], admin["decrypt_password"]

    def clear_log(self):
        requests.post(self.url + "/__sim__/log/clear", timeout=10).raise_for_status()

    def log(self):
        return requests.get(self.url + "/__sim__/log", timeout=10).json()

    def table(self, name):
        return requests.get(self.url + "/__sim__/table/" + name, timeout=60).json()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def credential_reads(sim):
    """(reads by credential_id, list pages) of credentials/read.php in the simulator's log."""
    by_id = pages = 0
    for entry in sim.log():
        if entry["path"] != "/api/v1/credentials/read.php":
            continue
        query = entry.get("query") or ""
        params = query if isinstance(query, dict) else urllib.parse.parse_qs(query)
        if "credential_id" in params:
            by_id += 1
        else:
            pages += 1
    return by_id, pages


def seed_credentials(sim, count):
    """``count`` credentials through credentials/create.php, credential i linked to asset i (its client)."""
    assets = sim.table("assets")[:count]
    if len(assets) < count:
        sys.exit("the bench seed made only %d assets" % len(assets))
    made = []
    lock = threading.Lock()

    def worker(chunk):
        with requests.Session() as session:
            for asset in chunk:
                body = {"api_key": sim.key, "api_key_decrypt_password": sim.password, "client_id": int(asset["asset_client_id"]),
                        "credential_name": "bench cred %s" % asset["asset_id"], "credential_username": "admin-%s" % asset["asset_id"],
                        "credential_password": "pw-%s" % asset["asset_id"], "credential_asset_id": int(asset["asset_id"])}
                answer = session.post(sim.url + "/api/v1/credentials/create.php", data=json.dumps(body), timeout=60).json()
                if answer.get("success") != "True":
                    raise RuntimeError("create failed: %s" % answer)
                with lock:
                    made.append((int(answer["data"][0]["insert_id"]), int(asset["asset_client_id"]), body["credential_name"],
                                 body["credential_username"], body["credential_password"]))

    chunks = [assets[i::8] for i in range(8)]
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(made) != count:
        sys.exit("seeding made %d of %d credentials" % (len(made), count))
    return sorted(made)


def list_read(sim, parallel_pages):
    sys.path.insert(0, collections_path())
    from ansible_collections.itflow.itflow.plugins.module_utils._client import ITFlowClient  # pylint: disable=import-outside-toplevel

    client = ITFlowClient(sim.url, sim.key, decrypt_password=sim.password, key_model="user", parallel_pages=parallel_pages)
    sim.clear_log()
    start = time.time()
    rows = client.read("credentials", decrypt=True)
    seconds = time.time() - start
    client.close()
    return len(rows), seconds, credential_reads(sim)[1]


def base_env(work, sim):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("ITFLOW_") and not k.startswith("ANSIBLE_"))
    env.update(ANSIBLE_COLLECTIONS_PATH=collections_path(), ANSIBLE_NOCOLOR="1", ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="false",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_DEPRECATION_WARNINGS="false",
               ITFLOW_URL=sim.url, ITFLOW_API_KEY=sim.key, ITFLOW_DECRYPT_PASSWORD=sim.password,
               XDG_CACHE_HOME=os.path.join(work, "xdg-cache"))
    return env


def run_inventory(work, sim, credentials):
    path = os.path.join(work, "creds.itflow.yml")
    with open(path, "w") as out:
        json.dump({"plugin": "itflow.itflow.itflow", "credentials": credentials}, out)
    env = base_env(work, sim)
    env.update(ANSIBLE_INVENTORY_ENABLED="itflow.itflow.itflow", ANSIBLE_INVENTORY_UNPARSED_FAILED="true")
    sim.clear_log()
    start = time.time()
    proc = subprocess.run([os.path.join(bin_dir(), "ansible-inventory"), "-i", path, "--list"], env=env, cwd=work,
                          capture_output=True, text=True, check=False)
    seconds = time.time() - start
    if proc.returncode:
        sys.exit("ansible-inventory failed:\n%s" % proc.stderr[-3000:])
    hostvars = json.loads(proc.stdout).get("_meta", {}).get("hostvars", {})
    with_login = sum(1 for v in hostvars.values() if v.get("ansible_password"))
    by_id, pages = credential_reads(sim)
    return seconds, pages, by_id, len(sim.log()), len(hostvars), with_login


def run_playbook(work, sim, tasks):
    path = os.path.join(work, "play.yml")
    with open(path, "w") as out:
        json.dump([{"hosts": "localhost", "gather_facts": False, "connection": "local", "tasks": tasks}], out)
    sim.clear_log()
    start = time.time()
    proc = subprocess.run([os.path.join(bin_dir(), "ansible-playbook"), "-i", "localhost,", path], env=base_env(work, sim), cwd=work,
                          capture_output=True, text=True, check=False)
    seconds = time.time() - start
    return proc, seconds, credential_reads(sim)


def credential_task(cred):
    credential_id, client_id, name, username, password = cred
    return {"name": "one credential", "itflow.itflow.itflow_credential": {
        "client": client_id, "name": name, "username": username, "password": password, "update_password": "on_create"}}


def verdict(ok):
    return "PASS" if ok else "MISS"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--credentials", type=int, default=2000)
    parser.add_argument("--cost", type=float, default=0.05, help="seconds per decrypted credential (real server: about 0.2)")
    parser.add_argument("--php-workers", type=int, default=4, help="the simulator's PHP workers")
    parser.add_argument("--parallel-pages", type=int, default=4, help="the client's parallel_pages")
    parser.add_argument("--write", help="also write the report to this file")
    args = parser.parse_args()
    scale = REAL_COST / args.cost if args.cost else 0
    work = tempfile.mkdtemp(prefix="itflow-bench-cred-")
    sim = Sim(work, sys.executable, args.credentials, args.cost, args.php_workers)
    lines = []

    def say(text=""):
        print(text, flush=True)
        lines.append(text)

    try:
        start = time.time()
        creds = seed_credentials(sim, args.credentials)
        say("# Credentials at scale (bench/credentials/run.py)")
        say("")
        say("%d credentials (created through the API in %.1f s), decryption modelled at %.3g s a row (a real server: about %.1g s, "
            "so x%.3g for real-server times), %d PHP workers, parallel_pages %d." % (
                len(creds), time.time() - start, args.cost, REAL_COST, scale, args.php_workers, args.parallel_pages))
        say("")
        say("| measurement | time | at %.1g s/row | requests | target | verdict |" % REAL_COST)
        say("|---|---|---|---|---|---|")
        count, sequential, seq_pages = list_read(sim, 1)
        say("| list read, pages one after another | %.1f s | %.0f s | %d pages | - | - |" % (sequential, sequential * scale, seq_pages))
        count_p, parallel, par_pages = list_read(sim, args.parallel_pages)
        if count != count_p:
            sys.exit("the two list reads disagree: %d and %d rows" % (count, count_p))
        say("| list read, %d pages at once | %.1f s | %.0f s | %d pages | <= 1/4 of sequential (%.1f s) | %s (%.3f x; the floor with "
            "%d PHP workers is %.3f x) |" % (
                args.parallel_pages, parallel, parallel * scale, par_pages, sequential / 4, verdict(parallel <= sequential / 4),
                parallel / sequential, args.php_workers, 1.0 / min(args.php_workers, args.parallel_pages)))
        base_seconds, _p, _i, base_requests, base_hosts, _l = run_inventory(work, sim, False)
        say("| inventory, credentials: false (%d hosts; the baseline) | %.1f s | - | %d requests | - | - |" % (
            base_hosts, base_seconds, base_requests))
        inv_seconds, inv_pages, inv_by_id, inv_requests, hosts, with_login = run_inventory(work, sim, True)
        added = inv_seconds - base_seconds
        say("| inventory, credentials: true (%d hosts, %d with a login) | %.1f s (+%.1f s for credentials) | +%.0f s | "
            "%d credential pages, %d requests in all | credentials add about one parallel list read (<= %.1f s) | %s |" % (
                hosts, with_login, inv_seconds, added, added * scale, inv_pages, inv_requests, parallel * 1.1 + 1,
                verdict(added <= parallel * 1.1 + 1 and with_login == hosts)))
        proc, overhead, _reads = run_playbook(work, sim, [{"name": "nothing", "ansible.builtin.ping": {}}])
        say("| task overhead (one ping module task, whole ansible-playbook) | %.1f s | - | - | - | - |" % overhead)
        unseen = creds[len(creds) // 2]
        proc, seconds, (by_id, pages) = run_playbook(work, sim, [credential_task(unseen)])
        ok = proc.returncode == 0
        say("| itflow_credential, no change, credential not seen before | %.1f s (+%.1f s task) | %.0f s | %d by id, %d list pages | "
            "one list read (<= %d pages) | %s |" % (
                seconds - overhead, overhead, (seconds - overhead) * scale, by_id, pages,
                math.ceil(count / 25.0) + args.parallel_pages,
                verdict(ok and by_id <= 2 and pages <= math.ceil(count / 25.0) + args.parallel_pages)))
        if not ok:
            say("  (the task failed: %s)" % (proc.stdout[-800:].replace("\n", " ")))
        proc, seconds, (by_id, pages) = run_playbook(work, sim, [credential_task(unseen)])
        ok = proc.returncode == 0
        # Only the decryption of the rows read scales to a real server: add (0.2 - cost) s per credential read by id.
        real = (seconds - overhead) + by_id * (REAL_COST - args.cost)
        say("| itflow_credential, no change, credential seen before | %.1f s (+%.1f s task) | %.1f s | %d by id, %d list pages | "
            "<= 2 by id, no list, <= 1 s | %s |" % (
                seconds - overhead, overhead, real, by_id, pages,
                verdict(ok and by_id <= 2 and pages == 0 and real <= 1.0)))
        say("")
        say("'at %.1g s/row' scales the decryption-bound times by x%.3g (the HTTP and Ansible overheads are not decryption and "
            "do not scale, so these are upper bounds); for the credential seen before, only its read by id is decryption, so "
            "0.2 s minus the modelled cost is added per credential read. A credential seen before is found through "
            "module_utils/_credential_index.py and confirmed with one read by id, whatever the number of credentials; the "
            "unseen one needs one list read." % (REAL_COST, scale))
    finally:
        sim.stop()
        shutil.rmtree(work, ignore_errors=True)
    if args.write:
        with open(args.write, "w") as out:
            out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
