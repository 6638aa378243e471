# -*- coding: utf-8 -*-
"""The local credential index (issue #17): name -> id per server and client, no secrets, safe under forks."""
from __future__ import absolute_import, division, print_function

import json
import multiprocessing
import os
import stat

import pytest

from ansible_collections.itflow.itflow.plugins.module_utils import _credential_index as ci

URL = "https://itflow.example.com"


@pytest.fixture
def index(tmp_path):
    return ci.CredentialIndex(path=str(tmp_path / "cache" / "index.json"))


def row(credential_id, name, client_id):
    return {"credential_id": str(credential_id), "credential_name": name, "credential_client_id": str(client_id),
            "credential_username": "admin", "credential_password": "S3cret!pw", "credential_otp_secret": "JBSWY3DPEHPK3PXP"}


def test_remember_then_lookup_by_client_and_folded_name(index):
    assert index.lookup(URL, 1, "Router") is None
    index.remember(URL, 1, "Router admin", 42)
    assert index.lookup(URL, 1, "router ADMIN ") == 42
    assert index.lookup(URL, 2, "Router admin") is None
    assert index.lookup(URL, None, "Router admin") == 42  # any client: unique across the server
    assert index.lookup("https://other.example.com", 1, "Router admin") is None


def test_a_global_credential_is_client_0(index):
    index.remember(URL, None, "Registrar", 7)
    assert index.lookup(URL, 0, "Registrar") == 7


def test_the_engine_can_give_its_own_fold(tmp_path):
    index = ci.CredentialIndex(path=str(tmp_path / "i.json"), fold=lambda n: n.replace("<b>", "").replace("</b>", "").strip().casefold())
    index.remember(URL, 1, "VPN", 3)
    assert index.lookup(URL, 1, "<b>vpn</b>") == 3


def test_server_identity_is_the_normalised_url():
    for url in ("https://ITFlow.example.com/", "https://itflow.example.com:443", "https://itflow.example.com/api/v1",
                "https://user:pw@itflow.example.com/api/v1/"):
        assert ci.server_key(url) == "https://itflow.example.com", url
    assert ci.server_key("http://itflow.example.com:8080/itflow/") == "http://itflow.example.com:8080/itflow"


def test_duplicate_names_are_not_answered(index):
    index.remember_rows(URL, [row(1, "Shared", 1), row(2, "shared", 1), row(3, "Solo", 1)])
    assert index.lookup(URL, 1, "Shared") is None
    assert index.lookup(URL, 1, "Solo") == 3
    index.remember_rows(URL, [row(4, "Shared", 2)])
    assert index.lookup(URL, 2, "Shared") == 4
    assert index.lookup(URL, None, "Shared") is None


def test_forget_by_name_or_by_id(index):
    index.remember_rows(URL, [row(1, "A", 1), row(2, "B", 1), row(3, "A", 2)])
    index.forget(URL, 1, name="A")
    assert index.lookup(URL, 1, "A") is None and index.lookup(URL, 2, "A") == 3
    index.forget(URL, None, credential_id=2)
    assert index.lookup(URL, 1, "B") is None


def test_confirm_keeps_a_true_hit_and_drops_a_stale_one(index):
    index.remember(URL, 1, "Router", 5)
    assert index.confirm(URL, 1, "router", 5, row(5, "Router", 1)) is True
    assert index.lookup(URL, 1, "Router") == 5
    assert index.confirm(URL, 1, "Router", 5, row(5, "Renamed elsewhere", 1)) is False
    assert index.lookup(URL, 1, "Router") is None
    index.remember(URL, 1, "Router", 5)
    assert index.confirm(URL, 1, "Router", 5, None) is False  # gone (or not visible to this key)
    assert index.lookup(URL, 1, "Router") is None
    index.remember(URL, 1, "Router", 5)
    assert index.confirm(URL, 1, "Router", 5, row(5, "Router", 2)) is False  # another client
    assert index.lookup(URL, 1, "Router") is None


def test_a_complete_list_read_replaces_its_clients(index):
    index.remember_rows(URL, [row(1, "Old name", 1), row(2, "Gone", 1), row(5, "Other client", 2)])
    index.remember_rows(URL, [row(1, "New name", 1)])  # renamed 1, deleted 2; client 2 not in this read
    assert index.lookup(URL, 1, "Old name") is None
    assert index.lookup(URL, 1, "New name") == 1
    assert index.lookup(URL, 1, "Gone") is None
    assert index.lookup(URL, 2, "Other client") == 5
    index.remember_rows(URL, [], clients=[2])  # a client filter that found nothing
    assert index.lookup(URL, 2, "Other client") is None


def test_a_partial_read_only_adds(index):
    index.remember_rows(URL, [row(1, "A", 1), row(2, "B", 1)])
    index.remember_rows(URL, [row(3, "C", 1)], complete=False)
    assert (index.lookup(URL, 1, "A"), index.lookup(URL, 1, "C")) == (1, 3)


def test_moved_id_follows_its_new_name(index):
    index.remember(URL, 1, "First", 9)
    index.remember(URL, 1, "Second", 9)
    assert index.lookup(URL, 1, "First") is None and index.lookup(URL, 1, "Second") == 9


def test_no_secret_is_stored(tmp_path):
    path = tmp_path / "index.json"
    index = ci.CredentialIndex(path=str(path))
    index.remember_rows("https://apiuser:TopSecretPw@itflow.example.com", [row(1, "Router", 1)])
    text = path.read_text()
    for secret in ("S3cret!pw", "admin", "JBSWY3DPEHPK3PXP", "TopSecretPw", "apiuser"):
        assert secret not in text
    assert json.loads(text) == {"format": 1, "servers": {"https://itflow.example.com": {"1": {"router": [1]}}}}
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600


def test_default_path_is_the_users_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(ci.ENV_PATH, raising=False)
    index = ci.CredentialIndex()
    assert index.path == str(tmp_path / "xdg" / "itflow.itflow" / "credential-index.json")
    index.remember(URL, 1, "X", 1)
    assert os.path.exists(index.path)
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert ci.CredentialIndex().path == str(tmp_path / "home" / ".cache" / "itflow.itflow" / "credential-index.json")
    monkeypatch.setenv(ci.ENV_PATH, str(tmp_path / "elsewhere.json"))
    assert ci.CredentialIndex().path == str(tmp_path / "elsewhere.json")


@pytest.mark.parametrize("content", ["{not json", "[]", '{"format": 99, "servers": {}}', '{"format": 1, "servers": {"x": {"1": {"a": ["1"]}}}}',
                                     "\x00\x01"])
def test_a_corrupt_file_is_ignored_and_rebuilt(tmp_path, content):
    path = tmp_path / "index.json"
    path.write_text(content)
    index = ci.CredentialIndex(path=str(path))
    assert index.lookup(URL, 1, "A") is None
    index.remember(URL, 1, "A", 1)
    assert index.lookup(URL, 1, "A") == 1
    assert json.loads(path.read_text())["format"] == 1


def test_off_means_nothing_read_or_written(tmp_path, monkeypatch):
    path = tmp_path / "index.json"
    index = ci.CredentialIndex.from_options(enabled=False, path=str(path))
    index.remember(URL, 1, "A", 1)
    index.remember_rows(URL, [row(2, "B", 1)])
    assert index.lookup(URL, 1, "A") is None and not path.exists()
    monkeypatch.setenv(ci.ENV_ENABLED, "false")
    assert ci.CredentialIndex.from_options(path=str(path)).enabled is False
    assert ci.CredentialIndex.from_options(enabled=True, path=str(path)).enabled is True  # the option beats the environment
    monkeypatch.setenv(ci.ENV_ENABLED, "yes")
    assert ci.CredentialIndex.from_options(path=str(path)).enabled is True
    monkeypatch.delenv(ci.ENV_ENABLED)
    assert ci.CredentialIndex.from_options(path=str(path)).enabled is True


def test_an_unwritable_place_is_skipped_silently(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    index = ci.CredentialIndex(path=str(blocker / "sub" / "index.json"))
    index.remember(URL, 1, "A", 1)  # no exception: the index only ever saves time
    assert "cannot write" in index.error
    assert index.lookup(URL, 1, "A") is None


def _fork_writer(path, worker):
    index = ci.CredentialIndex(path=path)
    for n in range(40):
        index.remember(URL, worker % 3, "cred %d-%d" % (worker, n), worker * 1000 + n + 1)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_parallel_forks_lose_nothing(tmp_path):
    path = str(tmp_path / "index.json")
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_fork_writer, args=(path, w)) for w in range(8)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
        assert p.exitcode == 0
    index = ci.CredentialIndex(path=path)
    for worker in range(8):
        for n in range(40):
            assert index.lookup(URL, worker % 3, "cred %d-%d" % (worker, n)) == worker * 1000 + n + 1
    assert not [f for f in os.listdir(str(tmp_path)) if f.startswith(".credential-index-")], "no temporary file left"
