# -*- coding: utf-8 -*-
"""The controller-side lock and the duplicate check of plugins/module_utils/_lock.py, without a server."""

from __future__ import absolute_import, division, print_function

import errno
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils import _lock
from ansible_collections.itflow.itflow.plugins.module_utils._bulk import run_bulk
from ansible_collections.itflow.itflow.plugins.module_utils._engine import Engine
from ansible_collections.itflow.itflow.plugins.module_utils._errors import ITFlowAmbiguous, ITFlowInputError
from ansible_collections.itflow.itflow.plugins.module_utils._resources.asset import ASSET

pytestmark = pytest.mark.skipif(_lock.fcntl is None, reason="no fcntl on this platform")


@pytest.fixture
def lock_env(tmp_path, monkeypatch):
    folder = tmp_path / "locks"
    monkeypatch.setenv("ITFLOW_LOCK_DIR", str(folder))
    monkeypatch.setenv("ITFLOW_LOCK_TIMEOUT", "0.3")
    return folder


def path_in(folder, kind="record", parts=("u", "assets", 1, ["x"])):
    os.makedirs(str(folder), exist_ok=True)
    return os.path.join(str(folder), _lock.lock_name(kind, list(parts), _lock.RECORD_BUCKETS))


def test_exclusive_lock_excludes_and_times_out_with_a_clear_error(lock_env):
    path = path_in(lock_env)
    first = _lock.FileLock(path, True, "the asset name='web01'").acquire(1)
    try:
        start = time.monotonic()
        with pytest.raises(_lock.ITFlowLockTimeout) as err:
            _lock.FileLock(path, True, "the asset name='web01'").acquire(0.3)
        assert 0.25 <= time.monotonic() - start < 5
        text = str(err.value)
        assert "the asset name='web01'" in text and path in text and "ITFLOW_LOCK_TIMEOUT" in text
    finally:
        first.release()
    _lock.FileLock(path, True).acquire(0.3).release()  # free again


def test_shared_locks_coexist_but_exclude_an_exclusive_one(lock_env):
    path = path_in(lock_env, "scope")
    one = _lock.FileLock(path, False).acquire(0.3)
    two = _lock.FileLock(path, False).acquire(0.3)
    with pytest.raises(_lock.ITFlowLockTimeout):
        _lock.FileLock(path, True).acquire(0.2)
    one.release()
    two.release()
    _lock.FileLock(path, True).acquire(0.2).release()


def test_a_waiter_gets_the_lock_when_it_is_released(lock_env):
    path = path_in(lock_env)
    holder = _lock.FileLock(path, True).acquire(1)
    timer = threading.Timer(0.3, holder.release)
    timer.start()
    start = time.monotonic()
    waiter = _lock.FileLock(path, True).acquire(5)
    waited = time.monotonic() - start
    waiter.release()
    timer.join()
    assert 0.2 <= waited < 5


def test_the_lock_is_held_across_processes(lock_env):
    """Another process (another ansible fork or playbook run) waits for it and gives up with the error."""
    path = path_in(lock_env)
    holder = _lock.FileLock(path, True).acquire(1)
    code = textwrap.dedent("""
        import sys
        from ansible_collections.itflow.itflow.plugins.module_utils import _lock
        try:
            _lock.FileLock(%r, True).acquire(0.3)
        except _lock.ITFlowLockTimeout:
            sys.exit(3)
        sys.exit(0)
    """) % path
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    try:
        assert subprocess.run([sys.executable, "-c", code], env=env, check=False, timeout=60).returncode == 3
    finally:
        holder.release()
    assert subprocess.run([sys.executable, "-c", code], env=env, check=False, timeout=60).returncode == 0


def test_a_lock_dies_with_its_process(lock_env):
    path = path_in(lock_env)
    code = "import fcntl, os, sys, time; fd = os.open(%r, os.O_RDWR | os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX); " \
           "sys.stdout.write('held\\n'); sys.stdout.flush(); time.sleep(60)" % path
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(_lock.ITFlowLockTimeout):
            _lock.FileLock(path, True).acquire(0.2)
    finally:
        proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
    _lock.FileLock(path, True).acquire(2).release()  # no stale lock after a killed holder


def test_file_names_are_hash_buckets_that_reveal_nothing(lock_env):
    parts = ["https://user:secret@itflow.example.com", "assets", 7, ["web01"]]
    name = _lock.lock_name("record", parts, _lock.RECORD_BUCKETS)
    assert name.startswith("record-") and name.endswith(".lock")
    assert int(name[len("record-"):-len(".lock")]) < _lock.RECORD_BUCKETS
    for secret in ("secret", "itflow", "example", "web01", "assets"):
        assert secret not in name
    assert name == _lock.lock_name("record", list(parts), _lock.RECORD_BUCKETS)  # stable across processes
    assert name != _lock.lock_name("record", parts[:3] + [["web02"]], 10 ** 9)


def test_the_default_folder_is_private_and_owned(tmp_path, monkeypatch):
    monkeypatch.delenv("ITFLOW_LOCK_DIR", raising=False)
    monkeypatch.setattr(_lock.tempfile, "gettempdir", lambda: str(tmp_path))
    folder = _lock.lock_dir()
    assert os.path.dirname(folder) == str(tmp_path)
    assert stat.S_IMODE(os.stat(folder).st_mode) & 0o077 == 0
    os.chmod(folder, 0o777)
    with pytest.raises(ITFlowInputError) as err:
        _lock.lock_dir()
    assert "ITFLOW_LOCK_DIR" in str(err.value)
    os.rmdir(folder)
    os.symlink(str(tmp_path), folder)
    with pytest.raises(ITFlowInputError):
        _lock.lock_dir()


def test_timeout_setting(monkeypatch):
    monkeypatch.delenv("ITFLOW_LOCK_TIMEOUT", raising=False)
    assert _lock.lock_timeout() == _lock.DEFAULT_TIMEOUT
    monkeypatch.setenv("ITFLOW_LOCK_TIMEOUT", "2.5")
    assert _lock.lock_timeout() == 2.5
    for bad in ("soon", "-1"):
        monkeypatch.setenv("ITFLOW_LOCK_TIMEOUT", bad)
        with pytest.raises(ITFlowInputError):
            _lock.lock_timeout()


# ---------------------------------------------------------------------------- the engine's guard


class FakeClient(object):
    """Assets of client 1 in memory; create answers an id. ``on_create`` runs before each create lands."""

    base_url = "https://itflow.example.com"
    has_decrypt_password = False

    def __init__(self):
        self.assets = []
        self.on_create = None
        self.creates = 0

    def read(self, module, filters=None, paged=True, decrypt=False):
        if module == "clients":
            return [{"client_id": "1", "client_name": "Acme"}]
        rows = list(self.assets)
        if filters and filters.get("asset_id") is not None:
            rows = [r for r in rows if r["asset_id"] == str(filters["asset_id"])]
        return [dict(r) for r in rows]

    def add(self, name):
        row = {"asset_id": str(len(self.assets) + 1), "asset_client_id": "1", "asset_name": name, "asset_type": "Server",
               "interface_id": "1"}
        self.assets.append(row)
        return int(row["asset_id"])

    def write(self, module, op, payload, decrypt=False):
        assert (module, op) == ("assets", "create")
        self.creates += 1
        if self.on_create:
            self.on_create()
        return {"success": "True", "data": [{"insert_id": self.add(payload["asset_name"])}]}

    def has_endpoint(self, module, op):
        return (module, op) == ("assets", "create")


def test_a_duplicate_made_elsewhere_during_the_create_is_a_clear_error_and_nothing_is_deleted(lock_env):
    client = FakeClient()
    client.on_create = lambda: client.add("web01")  # another controller, between our find and our create
    with pytest.raises(ITFlowAmbiguous) as err:
        Engine(client, ASSET).run({"client": "Acme", "name": "web01", "state": "present"})
    text = str(err.value)
    assert "Duplicate asset" in text and "name='web01'" in text and "client 1" in text
    assert "ids 1, 2" in text and "created asset id 2" in text and "Nothing was deleted" in text
    assert len(client.assets) == 2


def test_no_duplicate_no_error_and_locks_are_released(lock_env):
    client = FakeClient()
    result = Engine(client, ASSET).run({"client": "Acme", "name": "web01", "state": "present"})
    assert result["changed"] and result["asset"]["id"] == 1
    for name in os.listdir(str(lock_env)):  # nothing still held
        _lock.FileLock(os.path.join(str(lock_env), name), True).acquire(0.1).release()
    again = Engine(client, ASSET).run({"client": "Acme", "name": "web01", "state": "present"})
    assert again["changed"] is False and client.creates == 1


def test_a_run_waits_while_the_same_record_is_locked(lock_env):
    client = FakeClient()
    engine = Engine(client, ASSET)
    params = {"client": "Acme", "name": "web01", "state": "present"}
    with engine.guard.scope(params):
        engine.desired(params, 1)
        engine.guard.acquire_record(1)  # as a first run holds it from find to verify
        with pytest.raises(_lock.ITFlowLockTimeout) as err:
            Engine(client, ASSET).run(dict(params, name="Web01"))  # same key, folded
        assert "name='Web01'" in str(err.value)
        Engine(client, ASSET).run(dict(params, name="web02"))  # another record: not blocked
    Engine(client, ASSET).run(params)
    assert sorted(r["asset_name"] for r in client.assets) == ["web01", "web02"]


def test_check_mode_and_ids_take_no_lock(lock_env, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("no lock expected")
    monkeypatch.setattr(_lock.FileLock, "acquire", refuse)
    client = FakeClient()
    assert Engine(client, ASSET, check_mode=True).run({"client": "Acme", "name": "web01", "state": "present"})["changed"]
    client.add("web01")
    assert Engine(client, ASSET).run({"client": "Acme", "id": 1, "state": "present"})["changed"] is False


def test_without_fcntl_no_lock_is_taken_and_the_duplicate_check_still_applies(lock_env, monkeypatch):
    monkeypatch.setattr(_lock, "fcntl", None)
    client = FakeClient()
    client.on_create = lambda: client.add("web01")
    with pytest.raises(ITFlowAmbiguous):
        Engine(client, ASSET).run({"client": "Acme", "name": "web01", "state": "present"})
    assert not os.path.exists(str(lock_env))


def test_a_bulk_task_locks_its_client_against_single_record_runs(lock_env):
    client = FakeClient()
    guard = _lock.TaskGuard()
    guard.acquire(client, ASSET, 1, False)
    try:
        with pytest.raises(_lock.ITFlowLockTimeout) as err:
            Engine(client, ASSET).run({"client": "Acme", "name": "web01", "state": "present"})
        assert "writing the asset name='web01'" in str(err.value)
        other = _lock.TaskGuard()
        with pytest.raises(_lock.ITFlowLockTimeout) as err:
            other.acquire(client, ASSET, 1, False)  # a second bulk task on the same client
        assert "the assets of client 1" in str(err.value)
        other.acquire(client, ASSET, 2, False)  # another client: free
        other.release()
    finally:
        guard.release()
    assert Engine(client, ASSET).run({"client": "Acme", "name": "web01", "state": "present"})["changed"]


def test_bulk_reports_a_duplicate_made_elsewhere_for_that_item(lock_env):
    client = FakeClient()
    client.add("web00")
    client.on_create = lambda: client.add("web02") if client.creates == 2 else None
    items = [{"name": "web01"}, {"name": "web02"}, {"name": "web00"}]
    result = run_bulk(client, ASSET, {"client": "Acme", "items": items, "purge": False}, False)
    failed = dict((e["key"]["name"], e["error"]) for e in result["failed_items"])
    assert list(failed) == ["web02"]
    assert "Duplicate asset" in failed["web02"] and "ids 3, 4" in failed["web02"] and "created asset id 4" in failed["web02"]
    assert [e["operation"] for e in result["results"]] == ["create", "failed", "none"]
    assert len(client.assets) == 4


def test_a_file_system_without_flock_is_a_clear_error(lock_env, monkeypatch):
    class NoFlock(object):
        LOCK_EX, LOCK_SH, LOCK_NB, LOCK_UN = 2, 1, 4, 8

        @staticmethod
        def flock(fd, mode):
            raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))
    monkeypatch.setattr(_lock, "fcntl", NoFlock)
    with pytest.raises(ITFlowInputError) as err:
        _lock.FileLock(path_in(lock_env), True).acquire(1)
    assert "ITFLOW_LOCK_DIR" in str(err.value) and "local file system" in str(err.value)
